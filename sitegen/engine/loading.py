"""The load stage at scale: every content file, over worker processes, skipping unchanged ones."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sitegen.engine.cache import Cache
from sitegen.engine.fingerprint import CODE
from sitegen.engine.jobs import LoadSetup, load_documents
from sitegen.engine.stats import Stamp, stamp
from sitegen.load.bibliography import load_bibliography
from sitegen.load.blocks import load_blocks
from sitegen.load.config import load_config
from sitegen.load.discover import markdown_files
from sitegen.load.files import display_path, read_text
from sitegen.load.frontmatter import text_digest
from sitegen.load.media import media_files
from sitegen.model.content import Article, Bibliography, Dated, DocKind, Loaded, LoadedDoc, Page
from sitegen.model.keys import digest
from sitegen.model.paths import ContentPath
from sitegen.model.problems import Problem, SiteError, error
from sitegen.model.site import Site


def load_site(
    content: Path, base_url: str | None, drafts: bool, cache: Cache | None = None, jobs: int = 1
) -> tuple[Site, list[Problem]]:
    """Read every content file; raise SiteError if the site cannot be read at all.

    Files whose stat is unchanged since the last build reuse what loading them gave then
    (their problems included); the others are loaded over `jobs` worker processes.
    """
    if not content.is_dir():
        raise SiteError([error(display_path(content), 0, "content folder not found")])
    root = content.resolve()
    config, problems = load_config(content / "site.yaml", root, base_url)
    bibliography, found = load_bibliography(content / "bibliography.yaml", root)
    problems += found
    if config is None:
        raise SiteError(problems)
    cache = cache or Cache(None)
    # What a file loads to depends on these too; messages name paths from the cwd.
    loader_key = digest(
        CODE,
        config,
        bibliography.entries,
        sorted(bibliography.broken),
        bibliography.exists,
        bibliography.readable,
        Path.cwd(),
        root,
    )
    remembered = cache.loaded(loader_key)
    kinds: tuple[DocKind, ...] = ("articles", "pages")
    items = [
        (folder, path)
        for folder in kinds
        for path in markdown_files(content / folder, root, problems)
    ]
    # Paths stay text here, as Path objects are slow to make by the thousand; only files
    # to be loaded again become Paths.
    results: dict[str, LoadedDoc] = {}
    stale: list[tuple[DocKind, Path]] = []
    seen: dict[str, Stamp] = {}  # taken before reading: a change while reading reloads
    for folder, path in items:
        sig = stamp(path)
        if sig is not None:
            seen[path] = sig
        hit = remembered.get(path)
        if hit is not None and (hit[0] == sig or _same_text(path, root, hit[1])):
            results[path] = hit[1]
        else:
            stale.append((folder, Path(path)))
    for (_, file), loaded in load_documents(LoadSetup(root, config, bibliography), stale, jobs):
        path = str(file)
        loaded = _share_sources(loaded, bibliography)
        results[path] = loaded
    cache.remember_loaded(loader_key, {p: (sig, results[p]) for p, sig in seen.items()})

    articles: list[Article] = []
    pages: list[Page] = []
    skipped: list[ContentPath] = []
    failed: list[ContentPath] = []
    dates: list[Dated] = []
    for folder, path in items:
        loaded = results[path]
        rel = ContentPath(f"{folder}/{path.rpartition('/')[2]}")
        if loaded.draft and not drafts:
            skipped.append(rel)
            continue
        problems += loaded.problems
        dates += loaded.dates
        if loaded.value is None:
            failed.append(rel)
        elif isinstance(loaded.value, Article):
            articles.append(loaded.value)
        else:
            pages.append(loaded.value)
    media, unfit_media = media_files(content / "media", root, problems)
    blocks, broken = load_blocks(content / "blocks", root, bibliography, problems)
    site = Site(
        root,
        config,
        bibliography,
        tuple(sorted(articles, key=lambda a: a.slug)),
        tuple(sorted(pages, key=lambda p: p.slug)),
        media,
        tuple(skipped),
        tuple(failed),
        tuple(dates),
        loader_key,
        blocks,
        broken,
        unfit_media,
    )
    return site, problems


def _same_text(path: str, root: Path, loaded: LoadedDoc) -> bool:
    """Whether a file whose stamp changed still holds the text it was loaded from.

    A checkout or a restored cache gives every file a new stamp; reading and digesting a
    file costs far less than loading it again.
    """
    if loaded.value is None:
        return False
    text, _ = read_text(Path(path), root)
    return text is not None and text_digest(text) == loaded.value.file.digest


def _share_sources(loaded: LoadedDoc, bibliography: Bibliography) -> LoadedDoc:
    """Point an article at the bibliography's own Source objects, not copies from a worker.

    Thousands of articles cite the same few dozen sources; sharing them keeps memory and
    the cache small (pickle stores a shared object once).
    """
    article = loaded.value
    if not isinstance(article, Article):
        return loaded
    shared = tuple(
        s if bibliography.by_id.get(s.id) != s else bibliography.by_id[s.id]
        for s in article.sources
    )
    value = dataclasses.replace(article, sources=shared)
    return Loaded(value, loaded.problems, loaded.draft, loaded.dates)
