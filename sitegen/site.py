"""The whole loaded content of a site as one frozen value, and `load_site` that makes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.config import SiteConfig, load_config
from sitegen.content import (
    Article,
    Bibliography,
    Loaded,
    Page,
    load_article,
    load_bibliography,
    load_page,
)
from sitegen.errors import Problem, SiteError, display_path, error
from sitegen.files import inside


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

    def documents(self) -> tuple[Article | Page, ...]:
        """Articles and pages together: everything written from a Markdown file."""
        return (*self.articles, *self.pages)


def load_site(content: Path, base_url: str | None, drafts: bool) -> tuple[Site, list[Problem]]:
    """Read every content file; raise SiteError if the site cannot be read at all."""
    if not content.is_dir():
        raise SiteError([error(display_path(content), 0, "content folder not found")])
    root = content.resolve()
    config, problems = load_config(content / "site.yaml", root, base_url)
    bibliography, found = load_bibliography(content / "bibliography.yaml", root)
    problems += found
    if config is None:
        raise SiteError(problems)
    articles: list[Article] = []
    pages: list[Page] = []
    skipped: list[str] = []
    failed: list[str] = []
    for folder, load in (
        ("articles", lambda p: load_article(p, root, config, bibliography)),
        ("pages", lambda p: load_page(p, root)),
    ):
        for path in markdown_files(content / folder, root, problems):
            loaded: Loaded[Article] | Loaded[Page] = load(path)
            rel = f"{folder}/{path.name}"
            if loaded.draft and not drafts:
                skipped.append(rel)
                continue
            problems += loaded.problems
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
    )
    return site, problems


def markdown_files(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """List a folder's .md files in name order, refusing symlinks that leave the content."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix != ".md":
            continue
        if not inside(path, root):
            problems.append(
                error(
                    display_path(path), 0, "refusing to read: it points outside the content folder"
                )
            )
            continue
        if path.is_file():
            found.append(path)
    return found


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
