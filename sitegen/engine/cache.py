"""A content-addressed build cache: what each file held, and what each output was made from.

Each stage asks the cache for what it needs and tells it what it learnt, through the
methods grouped below by stage:

- load: for each content file, its stamp (engine/stats.py) and the value loading it gave, so an
  unchanged file is not read or parsed again (`loaded`, `remember_loaded`);
- render: for each output file of the last successful builds, the key of everything it
  was made from and the stat of the file written; with the same key, the file in the
  previous site/ is hard-linked into the new one instead of being rendered again, and
  what rendering learnt about it (anchors, links, problems) comes from `learnt`; the rows
  of the long list pages (`fragments`); what lists show of each article (`shown_memo`);
- the build: its last successful run, to return at once when nothing changed
  (`last_build`, `remember_build`).

Keys are digests of complete inputs (the generator's code, templates, settings and the
page's own data), so a cached build is byte-identical to a clean one. The cache is only an
optimisation: a missing, stale or unreadable cache just means a full build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
import pickle
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.engine.jobs import DocResult
from sitegen.engine.stats import Record, Signature, Stamp
from sitegen.model.content import LoadedDoc
from sitegen.model.keys import compact
from sitegen.model.report import Report
from sitegen.render.environment import Compiled
from sitegen.render.rows import Memo

FORMAT = 12  # bump when the manifest's shape or any cached value's class changes
SHARDS = 64

Files = dict[str, Record]  # rel -> (key, stat, digest) of the file written
LoadedFile = tuple[Stamp, LoadedDoc]


@compact
@dataclass(frozen=True, slots=True)
class LastBuild:
    """A successful build, to recognise the next one that would change nothing."""

    fingerprint: str  # the generator, options and the stamp of every input file
    today: dt.date
    valid_until: dt.date  # the first day some page becomes due for review
    files: dict[str, Signature]  # what the output folder held afterwards
    report: Report


@dataclass(slots=True)
class Manifest:
    """What the last builds learnt; owned and updated by one build at a time."""

    outputs: dict[str, Files] = field(default_factory=dict)  # per output folder
    pages: dict[str, DocResult] = field(default_factory=dict)  # key -> what rendering learnt
    shown: Memo = field(default_factory=dict)  # render.rows.Shown's digests


def _unpickle(path: Path) -> Any:
    """Read one pickled value, with the cyclic collector off while it is made.

    Unpickling makes many objects and no garbage; the collector would scan them (and
    everything else alive) again and again as they arrive.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    finally:
        if enabled:
            gc.enable()


def _fragments_file(rel: str) -> str:
    return f"fragments/{rel.replace('/', '_')}.pickle"


def _shard(path: str) -> int:
    return int(hashlib.blake2b(path.encode(), digest_size=2).hexdigest(), 16) % SHARDS


class Cache:
    """The build cache: in a folder (default), or with --no-cache, in nothing at all.

    One Cache object may serve several builds (the preview server keeps one): what it has
    read or learnt stays in memory, so later builds read nothing from disk. With
    `write_through` off, nothing is written until `flush`.
    """

    def __init__(self, folder: Path | None, write_through: bool = True) -> None:
        self.folder = folder
        self.write_through = write_through
        self._manifest: Manifest | None = None
        self._loaded: tuple[str, dict[str, LoadedFile]] | None = None
        self._last: LastBuild | None = None
        self._fragments: dict[str, tuple[str, dict[Hashable, str]]] = {}
        self._unsaved: set[str] = set()
        self._shards: dict[int, frozenset[tuple[str, Stamp]]] = {}
        # Compiled templates, for the builds this object serves (kept in memory only).
        self.compiled = Compiled()

    # --- load -------------------------------------------------------------------------------
    # What each content file loaded to, in shards: after an edit only its shard is written
    # again, instead of the whole site's.

    def loaded(self, key: str) -> dict[str, LoadedFile]:
        """Every remembered (stat, loaded value) by path, for this loader `key`."""
        if self._loaded is not None and self._loaded[0] == key:
            return dict(self._loaded[1])
        self._shards = {}
        found: dict[str, LoadedFile] = {}
        if self.folder is None:
            return found
        for shard in range(SHARDS):
            with contextlib.suppress(Exception):
                stored = _unpickle(self.folder / "loaded" / f"{shard:02x}.pickle")
                if stored["format"] == FORMAT and stored["key"] == key:
                    found.update(stored["entries"])
                    self._shards[shard] = frozenset((p, v[0]) for p, v in stored["entries"].items())
        return found

    def remember_loaded(self, key: str, entries: dict[str, LoadedFile]) -> None:
        """Remember what files loaded to; write the shards whose files or stats changed."""
        self._loaded = (key, entries)
        if self.write_through:
            self._write_shards(key, entries)

    def _write_shards(self, key: str, entries: dict[str, LoadedFile]) -> None:
        shards: dict[int, dict[str, LoadedFile]] = {i: {} for i in range(SHARDS)}
        for path, entry in entries.items():
            shards[_shard(path)][path] = entry
        for shard, content in shards.items():
            held = frozenset((p, v[0]) for p, v in content.items())
            if self._shards.get(shard) != held and self._store(
                f"loaded/{shard:02x}.pickle", {"format": FORMAT, "key": key, "entries": content}
            ):
                self._shards[shard] = held

    # --- render -----------------------------------------------------------------------------

    def read_manifest(self) -> None:
        """Read what the last builds learnt, if not yet read (a no-change build never does)."""
        if self._manifest is None:
            self._manifest = Manifest()
            if self.folder is not None:
                with contextlib.suppress(Exception):  # any unreadable cache is just empty
                    stored = _unpickle(self.folder / "manifest.pickle")
                    if stored.get("format") == FORMAT:
                        self._manifest = stored["manifest"]

    @property
    def _held(self) -> Manifest:
        self.read_manifest()
        assert self._manifest is not None
        return self._manifest

    def learnt(self, key: str) -> DocResult | None:
        """What rendering a page with this key learnt, if some build rendered it."""
        return self._held.pages.get(key)

    def known_keys(self) -> set[str]:
        """Keys of every output some folder still holds, and of every page learnt."""
        held = self._held
        keys = set(held.pages)
        for files in held.outputs.values():
            keys.update(record[0] for record in files.values())
        return keys

    def outputs(self) -> dict[str, Files]:
        """What each output folder (and its staging folder) held after the last builds."""
        return self._held.outputs

    def shown_memo(self) -> Memo:
        """The digests of what lists show of each article version, as last worked out."""
        return self._held.shown

    def remember_render(
        self, shown: Memo, results: Iterable[DocResult], outputs: Mapping[str, Files] | None = None
    ) -> None:
        """Keep what a render learnt: list digests, pages rendered cleanly, folders written.

        Folders that are gone and pages no folder holds any more are forgotten.
        """
        held = self._held
        held.shown = shown
        held.outputs.update(outputs or {})
        held.outputs = {out: files for out, files in held.outputs.items() if Path(out).is_dir()}
        kept = {record[0] for files in held.outputs.values() for record in files.values()}
        used = {r.key: r for r in results if not r.failed}
        held.pages = {k: v for k, v in held.pages.items() if k in kept} | used
        if self.write_through:
            self._store("manifest.pickle", {"format": FORMAT, "manifest": held})

    # The rendered rows of a long list page (render/fragments.py), one file per page, read
    # only when that page has to be rendered again.

    def fragments(self, rel: str, base: str) -> dict[Hashable, str]:
        """The rows last rendered for page `rel` with templates and settings `base`."""
        if rel not in self._fragments and self.folder is not None:
            with contextlib.suppress(Exception):
                stored = _unpickle(self.folder / _fragments_file(rel))
                if stored.get("format") == FORMAT:
                    self._fragments[rel] = (stored["base"], stored["rows"])
        held_base, rows = self._fragments.get(rel, ("", {}))
        return rows if held_base == base else {}

    def keep_fragments(self, rel: str, base: str, rows: dict[Hashable, str]) -> None:
        """Remember the rows a page was just rendered from (and only those)."""
        self._fragments[rel] = (base, rows)
        if self.write_through:
            self._store_fragments(rel)
            # Stored, a later build reads them back; held, a one-shot build would keep a
            # large site's rows in memory until it ends, for nothing.
            del self._fragments[rel]
        else:
            self._unsaved.add(rel)

    def _store_fragments(self, rel: str) -> None:
        base, rows = self._fragments[rel]
        self._store(_fragments_file(rel), {"format": FORMAT, "base": base, "rows": rows})

    # --- the build --------------------------------------------------------------------------

    def last_build(self) -> LastBuild | None:
        """The record of the last successful build, if there is a readable one."""
        if self._last is not None or self.folder is None:
            return self._last
        with contextlib.suppress(Exception):
            stored = _unpickle(self.folder / "last-build.pickle")
            if stored.get("format") == FORMAT and isinstance(stored["last"], LastBuild):
                self._last = stored["last"]
        return self._last

    def remember_build(self, last: LastBuild) -> None:
        self._last = last
        if self.write_through:
            self._store("last-build.pickle", {"format": FORMAT, "last": last})

    # --- storage ----------------------------------------------------------------------------

    def flush(self) -> None:
        """Write everything held in memory (for a cache without write-through)."""
        if self._manifest is not None:
            self._store("manifest.pickle", {"format": FORMAT, "manifest": self._manifest})
        if self._loaded is not None:
            self._write_shards(*self._loaded)
        if self._last is not None:
            self._store("last-build.pickle", {"format": FORMAT, "last": self._last})
        for rel in sorted(self._unsaved):
            self._store_fragments(rel)
        self._unsaved.clear()

    def _store(self, name: str, value: object) -> bool:
        """Write one value through a temporary file; say whether it was written.

        Never raises: some stores follow the swap, and the cache is only an optimisation,
        so a full disk just means it is not kept, and the temporary file does not stay.
        """
        if self.folder is None:
            return False
        temporary = self.folder / f"{name}.{os.getpid()}.tmp"
        try:
            (self.folder / name).parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.folder / name)
        except (OSError, pickle.PicklingError, RecursionError):
            with contextlib.suppress(OSError):
                temporary.unlink()
            return False
        return True
