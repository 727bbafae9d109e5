"""Where rendered files go: the staging folder (engine/staging.py), or nowhere for `check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sitegen.engine.stats import Record
from sitegen.model.paths import OutputFile


class Sink(Protocol):
    """Takes every file of the site; `commit` makes them the site, in one step."""

    @property
    def write_to(self) -> Path | None: ...
    def write(self, rel: OutputFile, data: bytes, key: str = "") -> None: ...
    def wrote(self, rel: OutputFile, key: str, digest: str = "") -> None: ...
    def reuse(self, rel: OutputFile, key: str) -> bool: ...
    def copy_file(self, source: Path, rel: OutputFile, key: str = "") -> None: ...
    def commit(self) -> None: ...
    def folders(self) -> dict[str, dict[str, Record]]: ...


@dataclass(slots=True)
class Discard:
    """Where `check` renders to: everything is rendered, nothing is written.

    A page some build already made from the same key need not be rendered again: what
    rendering it learnt (its problems, links, anchors) is in the cache.
    """

    known: set[str]
    write_to: Path | None = None

    def write(self, rel: OutputFile, data: bytes, key: str = "") -> None:
        pass

    def wrote(self, rel: OutputFile, key: str, digest: str = "") -> None:
        pass

    def reuse(self, rel: OutputFile, key: str) -> bool:
        return key in self.known

    def copy_file(self, source: Path, rel: OutputFile, key: str = "") -> None:
        pass

    def commit(self) -> None:
        pass

    def folders(self) -> dict[str, dict[str, Record]]:
        return {}
