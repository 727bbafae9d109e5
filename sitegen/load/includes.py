"""Shared blocks in a body: the `::block[name]` lines that include them, and the body with
each one put in place, remembering where every line of it came from.

The syntax is a line of its own, as in the generic-directives proposal for CommonMark:
it reads as an instruction in the raw file, is never prose, does not clash with `[@id]`
citations, and leaves `{{ }}` literal. Inside fenced code it is text, so the editor's
guide can show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sitegen.model.content import Block, Include
from sitegen.model.paths import DisplayPath

MARK = "::block["
_LINE = re.compile(r"::block\[([^\]\n]*)\][ \t]*")
_FENCE = re.compile(r"[ ]{0,3}(```|~~~)")
# The block whose text the site makes from site.yaml: what every article must cover.
COVERAGE = "required-coverage"


def find_includes(body: str, first_line: int) -> tuple[Include, ...]:
    """The include lines of a body whose first line is file line `first_line`."""
    if MARK not in body:
        return ()
    found = []
    fence = ""
    for n, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1) == fence:
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        matched = _LINE.fullmatch(line)
        if matched:
            found.append(Include(matched.group(1).strip(), first_line + n))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Expanded:
    """A body with its blocks in place, and the file and line each of its lines came from."""

    text: str
    path: DisplayPath  # the page's file
    origins: tuple[tuple[DisplayPath, int], ...]  # for each line of `text`
    first_line: int  # the line number `text` starts at, as conversion counts them
    blocks: tuple[Block, ...]  # every block put in place, in the order they first appear
    generated: frozenset[int] = frozenset()  # lines the site made, not written by an editor

    def written(self) -> str:
        """The text with the lines the site made left blank: what editors wrote."""
        if not self.generated:
            return self.text
        lines = self.text.split("\n")
        return "\n".join("" if n in self.generated else t for n, t in enumerate(lines))

    def origin(self, path: DisplayPath, line: int) -> tuple[DisplayPath, int]:
        """Where a line of the page came from: its front-matter, its body or a block."""
        if path != self.path or line < self.first_line:
            return path, line
        return self.origins[min(line - self.first_line, len(self.origins) - 1)]


def expand(
    body: str,
    path: DisplayPath,
    first_line: int,
    includes: tuple[Include, ...],
    blocks: Mapping[str, Block],
    generated: Callable[[str], str | None],
) -> Expanded:
    """Put every included block in place (blocks may include blocks).

    An include of a block that does not exist, or that would include itself, stays as it is
    written: the checks report it at its line. `generated` gives the text of a block the
    site makes itself (or None).
    """
    lines: list[str] = []
    origins: list[tuple[DisplayPath, int]] = []
    used: dict[str, Block] = {}
    made_lines: set[int] = set()

    def put(
        text: str,
        where: DisplayPath,
        first: int,
        found: tuple[Include, ...],
        stack: tuple[str, ...],
    ) -> None:
        at = {i.line: i.name for i in found}
        for n, line in enumerate(text.split("\n")):
            name = at.get(first + n)
            block = blocks.get(name) if name is not None else None
            made = generated(name) if name is not None and block is None else None
            if block is not None and name not in stack:
                used.setdefault(block.name, block)
                # Blank lines around it, so that it is a block of its own in the Markdown.
                lines.append("")
                origins.append((where, first + n))
                put(
                    block.body,
                    block.file.path,
                    block.file.body_line,
                    block.file.includes,
                    (*stack, block.name),
                )
                lines.append("")
                origins.append((where, first + n))
            elif made is not None:
                for piece in ("", *made.split("\n"), ""):
                    made_lines.add(len(lines))
                    lines.append(piece)
                    origins.append((where, first + n))
            else:
                lines.append(line)
                origins.append((where, first + n))

    put(body, path, first_line, includes, ())
    text = "\n".join(lines)
    made = frozenset(made_lines)
    return Expanded(text, path, tuple(origins), first_line, tuple(used.values()), made)


def reached(includes: tuple[Include, ...], blocks: Mapping[str, Block]) -> list[Block]:
    """Every block a body includes, directly or through other blocks, each once."""
    found: dict[str, Block] = {}
    waiting = [i.name for i in includes]
    while waiting:
        block = blocks.get(waiting.pop())
        if block is not None and block.name not in found:
            found[block.name] = block
            waiting += [i.name for i in block.file.includes]
    return list(found.values())


def coverage_text(kinds: Iterable[tuple[str, str]], blocks: Iterable[str]) -> str:
    """The Markdown of the block the site makes: what every article must cover."""
    parts = []
    risks = [f"- **{name}**: {description}" for name, description in kinds]
    if risks:
        parts.append("The kinds of risk each article discusses:\n\n" + "\n".join(risks))
    sections = [f"- {title}" for title in blocks]
    if sections:
        parts.append("The shared sections each article includes:\n\n" + "\n".join(sections))
    return "\n\n".join(parts) or "Nothing is required of every article yet."
