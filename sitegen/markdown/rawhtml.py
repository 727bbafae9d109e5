"""Raw HTML in a body: the addresses in it, which no Markdown rule rewrites or checks."""

from __future__ import annotations

import re

import markdown
from markdown.postprocessors import Postprocessor

from sitegen.markdown.links import SCHEME_RE, elsewhere
from sitegen.markdown.state import State
from sitegen.model.links import Link
from sitegen.model.problems import warning

# A dangerous address in raw HTML: nh3 drops it, and the editor is told where it was.
RAW_DANGER = re.compile(
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


class RawAddresses(Postprocessor):
    """Check the addresses in raw HTML, which no Markdown rule rewrites or checks.

    A link there to another page of the site could not be checked or made relative, and
    an image from another site is blocked by the pages' security policy: both are removed
    (and reported) before the raw HTML goes back into the page. A link to an anchor on
    the same page is checked like any other.
    """

    def __init__(self, md: markdown.Markdown, state: State) -> None:
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
        # The tag as written, where it is written: each time it is, in turn.
        line = state.next_line_of(match.group(0))
        outside = bool(SCHEME_RE.match(written)) or written.startswith("//")
        if tag == "img" and outside:
            state.problems.append(warning(page.path, line, elsewhere(written)))
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
