"""Markdown -> safe HTML for one page at a time, with what its body cites and links to.

One `Markup` object is made per process and reused for every page: building a Markdown
instance and its extensions costs more than converting a typical page.
"""

from __future__ import annotations

import markdown
from markdown.extensions import Extension

from sitegen.markdown.citations import CiteProcessor
from sitegen.markdown.rawhtml import RAW_DANGER, RawAddresses
from sitegen.markdown.sanitise import cleaner
from sitegen.markdown.speed import Shortcuts
from sitegen.markdown.state import Body, PageContext, State
from sitegen.markdown.walk import TreeWalk
from sitegen.model.links import SiteMap
from sitegen.model.problems import error, warning
from sitegen.model.text import suggest
from sitegen.model.urls import EVERY_PAGE_IDS, TEMPLATE_IDS, TOP


class _Extension(Extension):
    def __init__(self, state: State) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.inlinePatterns.register(CiteProcessor(self.state, md), "citation", 176)
        md.treeprocessors.register(TreeWalk(md, self.state), "sitelinks", 4)
        # Before Python-Markdown puts the raw HTML back (its raw_html postprocessor, 30).
        md.postprocessors.register(RawAddresses(md, self.state), "rawaddresses", 35)


class Markup:
    """Converts page bodies; keep one per process and call `convert` for each page."""

    def __init__(self, site: SiteMap, skip_unusable_patterns: bool = True) -> None:
        self._state = State(site)
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "footnotes",
                "sane_lists",
                "fenced_code",
                _Extension(self._state),
            ],
            output_format="html",
        )
        self._clean = cleaner(self._filter)
        self._clean_plain = cleaner(None)
        self._shortcuts = Shortcuts(self._md, self._state) if skip_unusable_patterns else None

    def _filter(self, tag: str, attr: str, value: str) -> str | None:
        if (attr, value) in (("role", "region"), ("tabindex", "0")) or attr == "aria-label":
            return value  # the table box only: other values would break keyboard order
        if attr in ("role", "tabindex"):
            return None
        if attr == "id":
            return self._id(value)
        return value

    def _id(self, value: str) -> str | None:
        """Keep an id unless the template or an earlier element of the page has it."""
        state = self._state
        if value in state.made and value not in state.anchors:  # a heading's, made unique
            state.anchors.add(value)
            return value
        page = state.page
        assert page is not None
        line = state.id_line(value)  # asked for each, so that a second one finds its own
        if value in TEMPLATE_IDS or value in page.reserved:
            why = "the page's template gives it to a part of its own"
        elif value in state.anchors:
            why = "an element before it on this page has it"
        else:
            state.anchors.add(value)
            return value
        state.problems.append(
            warning(
                page.path,
                line,
                f"id '{value}' removed from raw HTML: {why}; choose another id",
            )
        )
        return None

    def convert(self, source: str, page: PageContext) -> Body:
        """Turn one page's Markdown into sanitised HTML, with what it links to and cites."""
        # Python-Markdown deletes these control characters first; deleted here too, they
        # cannot hide from the checks below what a page holds ("[x]\x02: ..." is "[x]: ...").
        source = source.replace("\x02", "").replace("\x03", "")
        state = self._state
        state.start(page, source)
        self._md.reset()
        if self._shortcuts is not None:
            self._shortcuts.use_for(source)
        try:
            raw = self._md.convert(source)
        except RecursionError:
            problem = error(
                page.path,
                page.body_line,
                "the Markdown is nested too deeply to render; flatten the lists or quotes",
            )
            return Body("", frozenset(), (), frozenset(), (problem,))
        state.anchors.clear()
        if (
            self._shortcuts is not None
            and not self._md.htmlStash.rawHtmlBlocks
            and "[^" not in source
        ):
            # Without raw HTML or footnotes, the only ids are the headings' (unique already)
            # and the only role and tabindex the table boxes': the filter would keep every
            # attribute, and asking it about each is nearly a quarter of the cleaning.
            html = self._clean_plain(raw)
            state.anchors.update(state.made)
        else:
            html = self._clean(raw)
        # Every dangerous address has an "=": looking for one first is faster than the search.
        # Code shows such an address as written; only raw HTML holds one.
        for match in RAW_DANGER.finditer(state.without_code()) if "=" in source else ():
            state.problems.append(
                warning(
                    page.path,
                    state.line_at(match.start()),
                    f"raw HTML link to a '{match.group(1).lower()}:' "
                    "address removed: only https, http and mailto links "
                    "are allowed",
                )
            )
        unknown: dict[str, str] = {}
        for source_id, written in state.unknown:
            unknown.setdefault(source_id, written)
        for source_id, written in unknown.items():
            state.problems.append(
                error(
                    page.path,
                    state.line_of(f"@{written}"),
                    f"citation [@{source_id}]: site pages have no reference list, so they "
                    "cannot cite; cite it in an article and link to that"
                    if page.content_dir == "pages"
                    else f"citation [@{source_id}] names a source this page does "
                    f"not list in 'sources'{suggest(source_id, page.sources)}",
                )
            )
        known = state.anchors | page.reserved | {f"ref-{s}" for s in page.sources}
        known |= EVERY_PAGE_IDS | {TOP}
        links = []
        for link in state.links:
            if link.target == page.site_path:
                if link.anchor in TEMPLATE_IDS and link.anchor not in known:
                    links.append(link)  # a part the template may show: checked with the site
                elif link.anchor and link.anchor not in known:
                    state.problems.append(
                        error(
                            page.path,
                            link.line,
                            f"link to '#{link.anchor}': there is no such anchor on this page",
                        )
                    )
            else:
                links.append(link)
        return Body(
            html,
            frozenset(state.anchors),
            tuple(links),
            frozenset(state.cited),
            tuple(state.problems),
            tuple(state.headings),
            tuple(state.targets),
        )
