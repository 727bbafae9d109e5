"""The line of a front-matter or bibliography value whose line loading did not keep.

Loading keeps the lines the checks usually need, not every line of every file (a large
site's cache holds them all); a finding elsewhere reads its file again to find its line.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from sitegen.load.files import read_text
from sitegen.load.frontmatter import split_front_matter
from sitegen.load.yamlfile import Parsed, parse_yaml
from sitegen.model.content import SourceFile
from sitegen.model.paths import DisplayPath

KeyPath = tuple[str | int, ...]


def front_line(file: SourceFile, keypath: KeyPath) -> int:
    """The line of a front-matter value, such as ("authors", 0, "credentials")."""
    key = ".".join(map(str, keypath))
    if file.has(key):
        return file.line(key)
    parsed = _front(file.source, file.digest, file.path)
    return parsed.line(keypath) if parsed is not None else file.line(key)


class BibliographyLines:
    """The lines of bibliography.yaml's values, read from the file when first asked."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path, self.root = path, root
        self.parsed: Parsed | None = None
        self.read = False

    def line(self, source_id: str, key: str) -> int:
        """The line of a value of the entry `source_id`, such as its caveat."""
        if not self.read:
            text, _ = read_text(self.path, self.root)
            self.parsed = parse_yaml(text, DisplayPath(self.path.name))[0] if text else None
            self.read = True
        entries = self.parsed.value if self.parsed is not None else None
        for i, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict) and str(entry.get("id", "")).strip() == source_id:
                return self.parsed.line((i, key)) if self.parsed is not None else 1
        return 1


@functools.lru_cache(maxsize=4)
def _front(source: Path, digest: str, shown: DisplayPath) -> Parsed | None:
    # Read from anywhere: it was read inside the content folder when it was loaded, and
    # it is used only if it still holds exactly what was loaded then.
    text, _ = read_text(source, Path("/"))
    if text is None or hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
        return None
    split, _ = split_front_matter(text, shown)
    if split is None:
        return None
    return parse_yaml(split.front, shown, first_line=2)[0]
