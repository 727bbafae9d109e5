"""Markdown -> safe HTML: extensions, [@id] citations, .md links, sanitising.

One `Markup` object is made per process and reused for every page: building a Markdown
instance and its extensions costs more than converting a typical page. Heading ids and
typographic quotes are done in our own single tree walk rather than by the toc and smarty
extensions, which together more than doubled the time to convert a page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote, unquote
from xml.etree.ElementTree import Element, SubElement

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.model.links import Link, SiteMap, Target
from sitegen.model.problems import Problem, error, warning
from sitegen.model.text import slugify, suggest
from sitegen.model.urls import TEMPLATE_IDS, relative

T = TypeVar("T")


_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "div": {"role", "tabindex", "aria-label"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote", "table-scroll"},
    "sup": {"cite"},
    "td": {"align-left", "align-center", "align-right"},
    "th": {"align-left", "align-center", "align-right"},
}
_CITE_RE = r"\[(@[^\]\s;]+(?:\s*;\s*@[^\]\s;]+)*)\]"
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# A dangerous address in raw HTML: nh3 drops it, and the editor is told where it was.
_RAW_DANGER = re.compile(
    r"""\b(?:href|src|action|formaction|xlink:href|poster|background)\s*=\s*["']?\s*"""
    r"(javascript|vbscript|data|file)\s*:",
    re.IGNORECASE,
)
# An address in raw HTML: the tag, the attribute, and the value in any of its quotings.
_RAW_ADDRESS = re.compile(
    r"""<(a|img|area|link|source|video|audio|iframe)(\b[^>]*?)\s(?:href|src)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)
_ALIGN_RE = re.compile(r"text-align:\s*(left|center|right)")
# What each inline pattern needs to find somewhere in a page before it can match at all.
# Python-Markdown tries every pattern on every piece of text; a page without "`" or "<"
# cannot use the patterns that start with them, and skipping those is a third of the
# time inline processing takes. A pattern not named here is always tried. The linebreak
# pattern also needs a tab: tabs are expanded to spaces before patterns run. The reference
# patterns ([text][id], ![alt][id]) match only an id defined in the page ("[id]: address"),
# so a page without "]:" cannot use them; without them each link's text is read once, not
# twice.
_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("]:",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("]:",),
    "short_reference": ("]:",),
    "short_image_ref": ("]:",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n", "\t"),
    "html": ("<",),
    "entity": ("&",),
    "not_strong": ("*", "_"),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),
    "citation": ("[@",),
}
# What each of a text's matches holds, for looking in each text: the same, but that a
# reference's use ("[text][id]") is in one text and its definition elsewhere in the page.
_TEXT_NEEDS = {
    **_NEEDS,
    "reference": ("[",),
    "short_reference": ("[",),
    "image_reference": ("![",),
    "short_image_ref": ("![",),
}
# The same for block processors, block by block: each of these tests every paragraph with
# a pattern search, and one that finds none of these strings in a block cannot pass (the
# reference and footnote ones always pass their test, then search). Skipping them made
# parsing blocks a third faster.
_BLOCK_NEEDS: dict[str, tuple[str, ...]] = {
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),
    "quote": (">",),
    # A rule is three marks with at most two spaces between each: "---", "- - -", "*  *  *".
    "hr": tuple(f"{mark}{gap}{mark}" for mark in "-_*" for gap in ("", " ", "  ")),
    "table": ("|",),
    "reference": ("]:",),
    "footnote": ("[^",),
}
# And whole-page steps that leave a page without these strings as it was: raw HTML and
# entities, fenced code, and the backslash escapes the unescape step puts back.
_PAGE_NEEDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("preprocessors", "html_block"): ("<", "&"),
    ("preprocessors", "fenced_code_block"): ("```", "~~~"),
    ("treeprocessors", "unescape"): ("\\",),
}
_PLACEHOLDER_RE = re.compile("\x02[^\x03]*\x03")  # Python-Markdown's stash markers


@dataclass(frozen=True, slots=True)
class PageContext:
    """The page being converted: where its text is and what it may cite."""

    path: str  # as shown in problems
    body_line: int  # file line of the first body line
    content_dir: str  # "articles" or "pages"
    site_path: str  # "articles/x/"
    sources: tuple[str, ...]  # cited as [1], [2], ... in this order
    reserved: frozenset[str]  # ids the template uses on this page


@dataclass(frozen=True, slots=True)
class Body:
    html: str
    anchors: frozenset[str]
    links: tuple[Link, ...]
    cited: frozenset[str]
    problems: tuple[Problem, ...]
    headings: tuple[str, ...] = ()  # section titles (h2, h3), for the search index
    targets: tuple[Target, ...] = ()  # where its links led (a cached page is re-checked)


@dataclass(slots=True)
class _State:
    """What the extension's processors share while one page converts."""

    site: SiteMap
    page: PageContext | None = None
    source: str = ""
    cited: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    headings: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def start(self, page: PageContext, source: str) -> None:
        self.page, self.source = page, source
        self.cited, self.unknown, self.links = [], [], []
        self.problems, self.anchors, self.headings, self.targets = [], set(), [], []

    def line_of(self, needle: str) -> int:
        """Find the file line where `needle` first occurs in the body."""
        assert self.page is not None
        at = self.source.find(needle)
        return self.page.body_line + (self.source.count("\n", 0, at) if at >= 0 else 0)


_VERBATIM = frozenset({"code", "pre", "kbd", "samp"})
_OPENING_AFTER = frozenset(" \t\n([{\u2014\u2013-/")
_CURLY = {
    ('"', True): "\u201c",
    ('"', False): "\u201d",
    ("'", True): "\u2018",
    ("'", False): "\u2019",
}


def smarten(text: str, before: str) -> str:
    """Typographic quotes and dashes, in one pass over a text node.

    Python-Markdown's smarty extension does this with a second full inline pass, which
    doubled the cost of converting a page.
    """
    if "-" in text or "." in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    if '"' not in text and "'" not in text:
        return text
    out = []
    previous = before
    for char in text:
        if char in "\"'":
            char = _CURLY[char, previous == "" or previous in _OPENING_AFTER]
        out.append(char)
        previous = char
    return "".join(out)


class _CiteProcessor(InlineProcessor):
    def __init__(self, state: _State) -> None:
        super().__init__(_CITE_RE)
        self.state = state

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Element, int, int]:  # type: ignore[override]  # noqa: N802
        assert self.state.page is not None
        sources = self.state.page.sources
        written = dict.fromkeys(part.strip()[1:] for part in m.group(1).split(";"))
        # Shown in reference-list order, "[1, 4]", however the editor ordered them.
        order = {s: n for n, s in enumerate(sources, start=1)}
        ids = sorted(written, key=lambda i: order.get(i, len(order) + 1))
        parts: list[str | tuple[str, int]] = ["["]
        for i, source_id in enumerate(ids):
            parts += [", "] if i else []
            if source_id in sources:
                self.state.cited.append(source_id)
                parts.append((source_id, order[source_id]))
            else:  # shown as written; the build fails on it anyway, with its line
                self.state.unknown.append(source_id)
                parts.append(f"@{source_id}")
        parts.append("]")
        # Atomic text is not parsed again for inline Markdown: re-parsing these small
        # pieces cost more than the rest of the page.
        sup = Element("sup", {"class": "cite"})
        sup.text = AtomicString("")
        holder = sup
        for part in parts:
            if isinstance(part, tuple):
                holder = SubElement(sup, "a", {"href": f"#ref-{part[0]}"})
                holder.text, holder.tail = AtomicString(str(part[1])), AtomicString("")
            elif holder is sup:
                sup.text = AtomicString((sup.text or "") + part)
            else:
                holder.tail = AtomicString((holder.tail or "") + part)
        return sup, m.start(0), m.end(0)


class _LinkProcessor(Treeprocessor):
    """Rewrite .md and /site links to relative URLs; check schemes, images and ids."""

    def __init__(self, md: markdown.Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: Element) -> None:
        # An explicit stack: deeply nested lists must not exhaust Python's recursion.
        stack: list[tuple[Element, bool]] = [(root, False)]
        while stack:
            el, in_code = stack.pop()
            # A citation's own text ("[@unknown" for an unknown id) is not the page's words.
            code = in_code or el.tag in _VERBATIM or el.get("class") == "cite"
            if el.text and not code:
                el.text = smarten(el.text, "")
                self._not_cited(el.text)
            for child in el:
                tail = child.tail
                if tail and not code:
                    # What precedes a quote decides its direction; most tails have none.
                    quoted = '"' in tail or "'" in tail
                    child.tail = smarten(tail, "".join(child.itertext())[-1:] if quoted else "")
                    self._not_cited(child.tail)
            stack.extend((child, code) for child in reversed(el))
            self._element(el)
        _wrap_tables(root)

    def _not_cited(self, text: str) -> None:
        """Warn about "[@" left in the text: a citation written so it is shown, not cited."""
        at = text.find("[@")
        if at < 0:
            return
        written = text[at:].split("\n", 1)[0]
        written = written[: written.find("]") + 1 or 60]
        self.state.problems.append(
            warning(
                self._path(),
                self.state.line_of(written),
                f"'{written}' is not a citation and is shown as written: cite with [@id], "
                "or [@id; @other-id] for several",
            )
        )

    def _element(self, el: Element) -> None:
        if el.tag == "a" and "href" in el.attrib:
            self._link(el, "href")
        elif el.tag == "img":
            self._image(el)
        elif el.tag in ("th", "td") and "style" in el.attrib:
            align = _ALIGN_RE.search(el.attrib.pop("style"))
            if align:
                el.set("class", f"align-{align.group(1)}")
        elif el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _PLACEHOLDER_RE.sub("", "".join(el.itertext())).strip()
            self._heading_id(el, text)
            if el.tag in ("h2", "h3"):
                self.state.headings.append(text)

    def _heading_id(self, el: Element, text: str) -> None:
        """Give a heading an id from its text, unique on the page (links use it as #anchor)."""
        assert self.state.page is not None
        taken = TEMPLATE_IDS | self.state.page.reserved | self.state.anchors
        base = slugify(text) or "section"
        new, n = base, 1
        while new in taken:
            n += 1
            new = f"{base}-{n}"
        el.set("id", new)
        self.state.anchors.add(new)

    def _image(self, el: Element) -> None:
        if not el.get("alt", "").strip():
            where = self.state.line_of(el.get("src", ""))
            self.state.problems.append(
                error(
                    self._path(),
                    where,
                    "image without alt text: describe it in the brackets, ![what it shows](file)",
                )
            )
        el.set("loading", "lazy")
        if "src" in el.attrib:
            self._link(el, "src")

    def _path(self) -> str:
        assert self.state.page is not None
        return self.state.page.path

    def _link(self, el: Element, attr: str) -> None:
        state, page = self.state, self.state.page
        assert page is not None
        written = el.attrib[attr]
        line = (
            state.line_of(f"]({written}")
            if f"]({written}" in state.source
            else state.line_of(written)
        )
        scheme = _SCHEME_RE.match(written)
        if el.tag == "img" and (scheme or written.startswith("//")):
            del el.attrib[attr]
            state.problems.append(warning(page.path, line, _elsewhere(written)))
            return
        if scheme or written.startswith("//"):
            name = scheme.group(1).lower() if scheme else ""
            if name not in ("http", "https", "mailto"):
                del el.attrib[attr]
                state.problems.append(
                    warning(
                        page.path,
                        line,
                        f"link '{written[:60]}' removed: only "
                        "https, http and mailto links are allowed",
                    )
                )
            return
        target, _, anchor = written.partition("#")
        target, query_mark, query = target.partition("?")
        target = unquote(target)  # "my%20chart.png" names the file "my chart.png"
        if not target:
            state.links.append(Link(page.path, line, page.site_path, anchor))
            return
        site_path = self._resolve(target, line, written)
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

    def _resolve(self, target: str, line: int, written: str) -> str | None:
        state, page = self.state, self.state.page
        assert page is not None
        site = state.site
        if target.startswith("/"):
            wanted = target.lstrip("/")
            if wanted.endswith("index.html"):
                wanted = wanted[: -len("index.html")]
            if wanted in site.paths or wanted == "":
                return wanted
            if wanted + "/" in site.paths:
                return wanted + "/"
            state.problems.append(
                error(
                    page.path,
                    line,
                    f"link to '{written}': there is no such "
                    f"page in the site{suggest(wanted, site.paths)}",
                )
            )
            return None
        resolved = posixpath.normpath(posixpath.join(page.content_dir, target))
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
        if resolved in site.media:
            return resolved
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


def _wrap_tables(root: Element) -> None:
    """Put each table in a box that scrolls sideways and that a keyboard can focus.

    A wide table on a phone scrolls inside its own box instead of widening the page; the
    box is a labelled region (named after the section it is in) so that keyboard users can
    reach and scroll it too.
    """
    parents = {child: el for el in root.iter() for child in el if child.tag == "table"}
    if not parents:
        return
    heading = ""
    found: list[tuple[Element, int, Element, str]] = []
    for el in root.iter():  # in document order
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            heading = _PLACEHOLDER_RE.sub("", "".join(el.itertext())).strip()
        elif el in parents:
            parent = parents[el]
            found.append((parent, list(parent).index(el), el, heading))
    for parent, i, table, section in reversed(found):
        label = f"Table: {section}" if section else "Table"
        box = Element("div", {"class": "table-scroll", "role": "region", "tabindex": "0"})
        box.set("aria-label", label)
        box.tail, table.tail = table.tail, None
        parent.remove(table)
        box.append(table)
        parent.insert(i, box)


def _elsewhere(written: str) -> str:
    return (
        f"image '{written[:60]}' removed: it is on another site, and every page's security "
        "policy blocks those; save it in content/media/ and show it with "
        "![what it shows](../media/name)"
    )


class _RawAddresses(Postprocessor):
    """Check the addresses in raw HTML, which no Markdown rule rewrites or checks.

    A link there to another page of the site could not be checked or made relative, and
    an image from another site is blocked by the pages' security policy: both are removed
    (and reported) before the raw HTML goes back into the page. A link to an anchor on
    the same page is checked like any other.
    """

    def __init__(self, md: markdown.Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for i, block in enumerate(blocks):
            if isinstance(block, str) and ("href" in block or "src" in block):
                blocks[i] = _RAW_ADDRESS.sub(self._address, block)
        return text

    def _address(self, match: re.Match[str]) -> str:
        state, page = self.state, self.state.page
        assert page is not None
        tag = match.group(1).lower()
        written = next(v for v in match.groups()[2:] if v is not None).strip()
        line = state.line_of(written) if written else state.line_of(match.group(0))
        outside = bool(_SCHEME_RE.match(written)) or written.startswith("//")
        if tag == "img" and outside:
            state.problems.append(warning(page.path, line, _elsewhere(written)))
        elif outside:
            return match.group(0)  # other sites; unsafe schemes are reported from the source
        elif written.startswith("#"):
            state.links.append(Link(page.path, line, page.site_path, written[1:]))
            return match.group(0)
        else:
            kind, shown = (
                ("image", "![what it shows](../media/name)")
                if tag == "img"
                else (
                    "link",
                    "[text](file.md)",
                )
            )
            state.problems.append(
                warning(
                    page.path,
                    line,
                    f"raw HTML {kind} '{written[:60]}' removed: write it in Markdown, {shown}, "
                    "so that it is checked and works from any folder",
                )
            )
        return f"<{match.group(1)}{match.group(2)}"  # the tag without the address


class _Extension(Extension):
    def __init__(self, state: _State) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.inlinePatterns.register(_CiteProcessor(self.state), "citation", 176)
        md.treeprocessors.register(_LinkProcessor(md, self.state), "sitelinks", 4)
        # Before Python-Markdown puts the raw HTML back (its raw_html postprocessor, 30).
        md.postprocessors.register(_RawAddresses(md, self.state), "rawaddresses", 35)


class _TextGuard:
    """An inline pattern's regex that first looks in each text for what a match needs.

    The page holds it somewhere, or the pattern would not be tried (_use_patterns_for),
    but most of the page's texts do not: looking is faster than the search.
    """

    def __init__(self, regex: re.Pattern[str], needs: tuple[str, ...]) -> None:
        self.regex = regex
        self.needs = needs

    def finditer(self, text: str, start: int = 0) -> Iterator[re.Match[str]]:
        for x in self.needs:
            if x in text:
                return self.regex.finditer(text, start)
        return iter(())

    def __getattr__(self, name: str) -> Any:  # anything else Python-Markdown asks of it
        return getattr(self.regex, name)


def _guarded(
    test: Callable[[Element, str], bool], needs: tuple[str, ...]
) -> Callable[[Element, str], bool]:
    """A block processor's test that first looks for what a block needs to pass it."""

    def guarded(parent: Element, block: str) -> bool:
        for x in needs:  # a loop: any() and its generator cost more than most tests save
            if x in block:
                return test(parent, block)
        return False

    return guarded


def _needed(
    run: Callable[[T], T | None], needs: tuple[str, ...], state: _State
) -> Callable[[T], T | None]:
    """A whole-page step that runs only when the page holds one of `needs`."""

    def needed(value: T) -> T | None:
        return run(value) if any(x in state.source for x in needs) else value

    return needed


class Markup:
    """Converts page bodies; keep one per process and call `convert` for each page."""

    def __init__(self, site: SiteMap, skip_unusable_patterns: bool = True) -> None:
        self._state = _State(site)
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
        self._cleaner: Any = (
            nh3.Cleaner(
                tags=_TAGS,
                attributes=_ATTRIBUTES,
                allowed_classes=_CLASSES,
                attribute_filter=self._filter,
                link_rel="noopener",
                url_schemes={"http", "https", "mailto"},
                strip_comments=True,
            )
            if hasattr(nh3, "Cleaner")
            else None
        )
        self._inline: Any = self._md.treeprocessors["inline"]
        registry = self._md.inlinePatterns
        named = {id(registry[n]): n for n in _NEEDS if n in registry}
        # In the order Python-Markdown tries them (iterating a registry sorts it).
        self._patterns = [(named.get(id(p), ""), p) for p in registry]
        self._skip = skip_unusable_patterns
        self._usable: dict[frozenset[str], list[Any]] = {}
        if skip_unusable_patterns:
            for name, needs in _TEXT_NEEDS.items():
                if name in registry:
                    pattern = registry[name]
                    pattern.compiled_re = _TextGuard(pattern.compiled_re, needs)  # type: ignore[assignment]
            for name, needs in _BLOCK_NEEDS.items():
                processor = self._md.parser.blockprocessors[name]
                processor.test = _guarded(processor.test, needs)  # type: ignore[method-assign,assignment]
            for (kind, name), needs in _PAGE_NEEDS.items():
                step = getattr(self._md, kind)[name]
                step.run = _needed(step.run, needs, self._state)

    def _use_patterns_for(self, source: str) -> None:
        """Give the inline processor only the patterns that can match somewhere in `source`."""
        if not self._skip:
            return
        present = frozenset(n for n, needs in _NEEDS.items() if any(x in source for x in needs))
        usable = self._usable.get(present)
        if usable is None:
            usable = [p for n, p in self._patterns if not n or n in present]
            self._usable[present] = usable
        # The inline processor only indexes and measures this sequence (len, [i]).
        self._inline.inlinePatterns = usable

    def _filter(self, tag: str, attr: str, value: str) -> str | None:
        if (attr, value) in (("role", "region"), ("tabindex", "0")) or attr == "aria-label":
            return value  # the table box only: other values would break keyboard order
        if attr in ("role", "tabindex"):
            return None
        if attr == "id":
            page = self._state.page
            if value in TEMPLATE_IDS or (page is not None and value in page.reserved):
                return None
            self._state.anchors.add(value)
        return value

    def _clean(self, html: str) -> str:
        if self._cleaner is not None:
            return str(self._cleaner.clean(html))
        return str(
            nh3.clean(
                html,
                tags=_TAGS,
                attributes=_ATTRIBUTES,
                allowed_classes=_CLASSES,
                attribute_filter=self._filter,
                link_rel="noopener",
                url_schemes={"http", "https", "mailto"},
                strip_comments=True,
            )
        )

    def convert(self, source: str, page: PageContext) -> Body:
        """Turn one page's Markdown into sanitised HTML, with what it links to and cites."""
        # Python-Markdown deletes these control characters first; deleted here too, they
        # cannot hide from the checks below what a page holds ("[x]\x02: ..." is "[x]: ...").
        source = source.replace("\x02", "").replace("\x03", "")
        state = self._state
        state.start(page, source)
        self._md.reset()
        self._use_patterns_for(source)
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
        html = self._clean(raw)
        # Every dangerous address has an "=": looking for one first is faster than the search.
        for match in _RAW_DANGER.finditer(source) if "=" in source else ():
            state.problems.append(
                warning(
                    page.path,
                    state.line_of(match.group(0)),
                    f"raw HTML link to a '{match.group(1).lower()}:' "
                    "address removed: only https, http and mailto links "
                    "are allowed",
                )
            )
        for source_id in dict.fromkeys(state.unknown):
            state.problems.append(
                error(
                    page.path,
                    state.line_of(f"@{source_id}"),
                    f"citation [@{source_id}]: site pages have no reference list, so they "
                    "cannot cite; cite it in an article and link to that"
                    if page.content_dir == "pages"
                    else f"citation [@{source_id}] names a source this page does "
                    f"not list in 'sources'{suggest(source_id, page.sources)}",
                )
            )
        known = state.anchors | page.reserved | {f"ref-{s}" for s in page.sources}
        links = []
        for link in state.links:
            if link.target == page.site_path:
                if link.anchor and link.anchor not in known:
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
