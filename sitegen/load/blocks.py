"""content/blocks/<name>.md -> Block: Markdown that articles and pages include in place.

A block has a small front-matter (title, the bibliography ids it cites, when it was last
reviewed) and a body. Its name is its file name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.load.discover import markdown_files
from sitegen.load.frontmatter import load_front, read_body
from sitegen.load.includes import COVERAGE
from sitegen.load.record import Record
from sitegen.load.schema import BLOCK
from sitegen.model.content import Bibliography, Block, Source
from sitegen.model.problems import Problem
from sitegen.model.text import SLUG_RE, slugify


def load_blocks(
    folder: Path, root: Path, bibliography: Bibliography, problems: list[Problem]
) -> tuple[dict[str, Block], frozenset[str]]:
    """Every block of the folder by name, and the names of those that did not load."""
    blocks: dict[str, Block] = {}
    broken: set[str] = set()
    for path in markdown_files(folder, root, problems):
        block, found = _load_block(Path(path), root, bibliography)
        problems += found
        if block is None:
            broken.add(Path(path).stem)
        else:
            blocks[block.name] = block
    return blocks, frozenset(broken)


def _load_block(
    path: Path, root: Path, bibliography: Bibliography
) -> tuple[Block | None, list[Problem]]:
    r, file, problems = load_front(path, root, BLOCK)
    if r is None or file is None:
        return None, problems
    name = path.stem
    if not SLUG_RE.fullmatch(name) or name == COVERAGE:
        why = "is the block the site makes itself" if name == COVERAGE else "is not a valid name"
        r.fail(
            "",
            f"'{name}' {why}: a block's file name is lowercase letters, digits and "
            f"hyphens; rename it, for example to '{slugify(name + '-text') or 'block'}.md'",
        )
    sources = _sources(r, bibliography)
    block = Block(
        name=name,
        title=r.required_text("title"),
        sources=sources,
        last_reviewed=r.date("last_reviewed") or dt.date.min,
        file=file,
        body="",
    )
    if r.checker.problems or r.checker.blocked:
        return None, r.checker.problems
    body, problem = read_body(file, root)
    if body is None:
        return None, [problem] if problem else []
    return Block(block.name, block.title, block.sources, block.last_reviewed, file, body), []


def _sources(r: Record, bibliography: Bibliography) -> tuple[Source, ...]:
    """The bibliography entries a block cites; an id the bibliography lacks is an error."""
    found = []
    for i, source_id in enumerate(r.text_list("sources")):
        source = bibliography.by_id.get(source_id)
        if source is not None:
            found.append(source)
        elif bibliography.explains(source_id):
            r.checker.blocked = True
        else:
            r.checker.fail(("sources", i), bibliography.unknown(source_id))
    return tuple(dict.fromkeys(found))
