"""Links and images in a body: .md files, media and site paths become relative URLs.

A link to a page that does not exist, or to a draft this build leaves out, is an error at
its line; an image from another site is removed, as every page's security policy blocks it.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote
from xml.etree.ElementTree import Element

from sitegen.markdown.state import State, address_as_written
from sitegen.model.links import Link, Target
from sitegen.model.paths import ContentPath, SitePath
from sitegen.model.problems import error, warning
from sitegen.model.text import suggest
from sitegen.model.urls import relative

SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def elsewhere(written: str) -> str:
    return (
        f"image '{written[:60]}' removed: it is on another site, and every page's security "
        "policy blocks those; save it in content/media/ and show it with "
        "![what it shows](../media/name)"
    )


def rewrite(state: State, el: Element, attr: str) -> None:
    """Rewrite a link or image address to a relative URL, checking where it leads."""
    page = state.page
    assert page is not None
    written = address_as_written(el.attrib[attr])
    source = address_as_written(el.attrib[attr], source=True)  # as the source has it
    line = state.line_of(f"]({source}") if f"]({source}" in state.source else state.line_of(source)
    scheme = SCHEME_RE.match(written)
    if el.tag == "img" and (scheme or written.startswith("//")):
        del el.attrib[attr]
        state.problems.append(warning(page.path, line, elsewhere(written)))
        return
    if scheme or written.startswith("//"):
        name = scheme.group(1).lower() if scheme else ""
        if name not in ("http", "https", "mailto"):
            del el.attrib[attr]
            state.problems.append(
                warning(
                    page.path,
                    line,
                    f"link '{written[:60]}' removed: only https, http and mailto links are allowed",
                )
            )
        return
    target, _, anchor = written.partition("#")
    target, query_mark, query = target.partition("?")
    target = unquote(target)  # "my%20chart.png" names the file "my chart.png"
    if not target:
        state.links.append(Link(page.path, line, page.site_path, anchor))
        return
    site_path = _resolve(state, target, line, written)
    if site_path is None:
        return
    resolved = (
        site_path
        if target.startswith("/")
        else posixpath.normpath(posixpath.join(page.content_dir, target))
    )
    state.targets.append(Target(resolved, site_path))
    # A media file's name may hold spaces or other characters a URL must escape.
    url = quote(relative(page.site_path, site_path, state.site.pretty), safe="/")
    el.set(attr, url + (query_mark + query) + (f"#{anchor}" if anchor else ""))
    if anchor:
        state.links.append(Link(page.path, line, site_path, anchor))


def _resolve(state: State, target: str, line: int, written: str) -> SitePath | None:
    """The site path a link leads to, or None (with a problem recorded) if it leads nowhere."""
    page = state.page
    assert page is not None
    site = state.site
    if target.startswith("/"):
        wanted = SitePath(target.lstrip("/").removesuffix("index.html"))
        if wanted in site.paths or wanted == "":
            return wanted
        if SitePath(wanted + "/") in site.paths:
            return SitePath(wanted + "/")
        state.problems.append(
            error(
                page.path,
                line,
                f"link to '{written}': there is no such "
                f"page in the site{suggest(wanted, site.paths)}",
            )
        )
        return None
    resolved = ContentPath(posixpath.normpath(posixpath.join(page.content_dir, target)))
    if resolved.startswith("../") or resolved == "..":
        state.problems.append(
            error(page.path, line, f"link to '{written}' points outside the content folder")
        )
        return None
    if resolved in site.files:
        return site.files[resolved]
    if resolved in site.broken:
        return None
    if resolved in site.drafts:
        state.problems.append(
            error(
                page.path,
                line,
                f"link to '{written}', a draft that this "
                "build leaves out; publish it, or build with --drafts",
            )
        )
        return None
    if SitePath(resolved) in site.media:  # a media file's site path is its content path
        return SitePath(resolved)
    if resolved.endswith(".md"):
        nearby = {posixpath.relpath(f, page.content_dir): f for f in site.files}
        hint = suggest(posixpath.relpath(resolved, page.content_dir), nearby)
        state.problems.append(error(page.path, line, f"link to missing file '{written}'{hint}"))
    elif resolved.startswith("media/"):
        state.problems.append(
            error(
                page.path,
                line,
                f"link to missing media file '{written}' (media files live in content/media/)",
            )
        )
    else:
        state.problems.append(
            error(
                page.path,
                line,
                f"link to '{written}': link to an article "
                "or page by its .md file, to a media file in ../media/, or "
                "to a site page by its path from the site root, like "
                "/claims/",
            )
        )
    return None
