"""The whole loaded content of a site as one frozen value, and `load_site` that makes it."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.cache import Cache, Signature, digest, signature
from sitegen.config import SiteConfig, load_config
from sitegen.content import Article, Bibliography, Dated, Loaded, Page, load_bibliography
from sitegen.errors import Problem, SiteError, display_path, error
from sitegen.files import inside
from sitegen.pipeline import LoadSetup, load_documents
from sitegen.version import CODE


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the later stages need, checked against the schema."""

    root: Path
    config: SiteConfig
    bibliography: Bibliography
    articles: tuple[Article, ...]  # sorted by slug
    pages: tuple[Page, ...]  # sorted by slug
    media: tuple[str, ...]  # "media/chart.png", sorted
    skipped_drafts: tuple[str, ...]  # "articles/x.md" of drafts this build leaves out
    failed: tuple[str, ...]  # files that did not load; their problems say why
    dates: tuple[Dated, ...]  # every date the files declare, those that did not load too
    key: str  # digest of what every loaded document depends on besides its own file

    def documents(self) -> tuple[Article | Page, ...]:
        """Articles and pages together: everything written from a Markdown file."""
        return (*self.articles, *self.pages)


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
    items = [
        (folder, path)
        for folder in ("articles", "pages")
        for path in markdown_files(content / folder, root, problems)
    ]
    # Paths stay text here: making 10,000 Path objects took longer than the rest of a
    # preview rebuild's loading. Only files to be loaded again become Paths.
    results: dict[str, Loaded[Any]] = {}
    stale: list[tuple[str, Path]] = []
    seen: dict[str, tuple[Signature, Any]] = {}
    for folder, path in items:
        sig = signature(path)
        hit = remembered.get(path)
        if hit is not None and sig is not None and hit[0] == sig:
            results[path] = hit[1]
            seen[path] = hit
        else:
            stale.append((folder, Path(path)))
            if sig is not None:  # taken before reading: a change while reading reloads next time
                seen[path] = (sig, None)
    for (_, file), loaded in load_documents(LoadSetup(root, config, bibliography), stale, jobs):
        path = str(file)
        loaded = _share_sources(loaded, bibliography)
        results[path] = loaded
        if path in seen:
            seen[path] = (seen[path][0], loaded)
    cache.store_loaded(loader_key, {k: v for k, v in seen.items() if v[1] is not None})

    articles: list[Article] = []
    pages: list[Page] = []
    skipped: list[str] = []
    failed: list[str] = []
    dates: list[Dated] = []
    for folder, path in items:
        loaded = results[path]
        rel = f"{folder}/{path.rpartition('/')[2]}"
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
    media = media_files(content / "media", root, problems)
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
    )
    return site, problems


def _share_sources(loaded: Loaded[Any], bibliography: Bibliography) -> Loaded[Any]:
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
    return dataclasses.replace(loaded, value=dataclasses.replace(article, sources=shared))


def markdown_files(folder: Path, root: Path, problems: list[Problem]) -> list[str]:
    """List a folder's .md files in name order, refusing symlinks that leave the content.

    Anything else in the folder is reported rather than skipped: an editor who saves
    `x.markdown` or files an article in a subfolder must not see it silently left out.
    Nothing here opens a file (a named pipe would hang the build).
    """
    if not folder.exists() and not folder.is_symlink():
        return []
    shown = display_path(folder)
    if not folder.is_dir():
        problems.append(error(shown, 0, "not read: this must be a folder of .md files"))
        return []
    if not inside(folder, root):
        problems.append(error(shown, 0, "refusing to read: it points outside the content folder"))
        return []
    what = f"{folder.name} are regular .md files directly in {shown}/"
    found = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if (
                entry.name.endswith(".md")
                and entry.is_symlink()
                and not inside(Path(entry.path), root)
            ):
                # Only a symlink can lead outside; resolving every file would cost a stat each.
                problems.append(
                    error(
                        display_path(Path(entry.path)),
                        0,
                        "refusing to read: it points outside the content folder",
                    )
                )
            elif entry.name.endswith(".md") and entry.is_file():
                found.append(entry.path)
            else:
                problems.append(
                    error(display_path(Path(entry.path)), 0, f"not read: {_misplaced(entry, what)}")
                )
    return found


def _misplaced(entry: os.DirEntry[str], what: str) -> str:
    """Say why a folder entry is not read as a page, and what to do about it."""
    stem, dot, extension = entry.name.rpartition(".")
    if entry.is_dir():
        return f"it is a subfolder; {what}, so move its files up or move it out"
    if entry.name.endswith(".md"):
        return (
            "it is not a regular file (a named pipe, a device or a broken link); "
            f"{what}, so replace it with one or remove it"
        )
    if dot and stem and extension.lower() in ("md", "markdown", "mdown", "mkd", "mkdn"):
        return f"{what}; rename it to {stem}.md"
    return f"{what}; move it out of this folder"


def media_files(folder: Path, root: Path, problems: list[Problem]) -> tuple[str, ...]:
    """List media files as site paths, refusing symlinks that leave the content."""
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if not inside(path, root):
            problems.append(
                error(
                    display_path(path), 0, "refusing to copy: it points outside the content folder"
                )
            )
            continue
        if path.is_file():
            found.append(f"media/{rel}")
    return tuple(found)
