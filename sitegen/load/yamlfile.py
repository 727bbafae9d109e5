"""Strict YAML: safe, fast, no duplicate keys, no aliases, and the file line of every value.

PyYAML's constructors lose positions and silently keep the last of two equal keys, so we
compose the node graph with the C parser (when present) and convert it ourselves. Aliases
are refused rather than expanded, which also makes "billion laughs" documents harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, error
from sitegen.model.text import UNFIT, describe_character

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVED: dict[tuple[str, Any], str] = {}  # short plain scalars, and the tag each takes


class _Loader(_BASE):  # type: ignore[misc]
    """PyYAML's safe loader, resolving each short scalar once per process: keys and values
    such as "severity", "low" or a date come back in every file, and resolving one runs
    Python for each (the C parser calls back for every scalar)."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> Any:
        if kind is not ScalarNode or len(value) > 32:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_RESOLVED) < 10_000:  # enough for the keys and values that repeat
                _RESOLVED[key] = tag
        return tag


_LOADER: Any = _Loader
_MAX_DEPTH = 40
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A YAML document as plain values, with where each value stood in the file."""

    value: Any
    lines: dict[KeyPath, int]
    raw: dict[KeyPath, str]
    # Where YAML itself went wrong (an alias, an impossible date, a repeated key), already
    # reported: a schema check leaves these alone rather than report a missing value.
    faults: frozenset[KeyPath] = frozenset()

    def line(self, keypath: KeyPath) -> int:
        """Return the file line of a value, or of its nearest enclosing value."""
        while keypath not in self.lines and keypath:
            keypath = keypath[:-1]
        return self.lines.get(keypath, 1)


def parse_yaml(
    text: str, path: DisplayPath, first_line: int = 1
) -> tuple[Parsed | None, list[Problem]]:
    """Parse one YAML document whose first line is line `first_line` of file `path`."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [error(path, *_describe(exc, first_line))]
    except yaml.YAMLError as exc:
        return None, [error(path, first_line, f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [error(path, first_line, "invalid YAML: nested too deeply")]
    if node is None:
        return Parsed(None, {(): first_line}, {}), []
    # Only an anchor (&name) lets a node appear twice: without one, none is looked for.
    converter = _Converter(path, first_line, aliases="&" in text)
    value = converter.convert(node, (), 0)
    parsed = Parsed(value, converter.lines, converter.raw, frozenset(converter.faults))
    return parsed, converter.problems


_UNCLOSED = {
    "while parsing a flow sequence": "the list opened with '[' on this line is not closed with ']'",
    "while parsing a flow mapping": "the mapping opened with '{' on this line is not closed "
    "with '}'",
    "while scanning a quoted scalar": "the quoted text that starts on this line has no "
    "closing quote",
}


def _describe(exc: yaml.MarkedYAMLError, first_line: int) -> tuple[int, str]:
    """Say where YAML went wrong, and where the construct it was reading began."""
    mark = exc.problem_mark or exc.context_mark
    line = first_line + (mark.line if mark else 0)
    unclosed = _UNCLOSED.get(exc.context or "")
    problem = exc.problem or ""
    if (
        unclosed
        and exc.context_mark
        and first_line + exc.context_mark.line != line
        and problem.startswith(("did not find expected", "found unexpected end of stream"))
    ):
        # YAML notices only where the next key begins; the fix belongs where it opened.
        where = "at the end of the text" if "end of stream" in problem else f"on line {line}"
        return (
            first_line + exc.context_mark.line,
            f"invalid YAML: {unclosed} ({problem} {where})",
        )
    message = f"invalid YAML: {exc.problem or exc.context or 'cannot be read'}"
    if exc.context and exc.context_mark and exc.problem_mark:
        start = first_line + exc.context_mark.line
        message += f" ({exc.context}" + (f" that starts on line {start})" if start != line else ")")
    if "tab" in message:
        message += "; indent YAML with spaces, not tabs"
    elif "mapping values are not allowed" in message:
        message += "; if the value contains ': ', put it in quotes"
    return line, message


class _Converter:
    def __init__(self, path: DisplayPath, first_line: int, aliases: bool = True) -> None:
        self.path = path
        self.first_line = first_line
        self.aliases = aliases
        self.lines: dict[KeyPath, int] = {}
        self.raw: dict[KeyPath, str] = {}
        self.problems: list[Problem] = []
        self.faults: set[KeyPath] = set()
        self.seen: set[int] = set()
        self.alias_reported = False
        self.constructor = SafeConstructor()

    def line_of(self, node: Node) -> int:
        return self.first_line + node.start_mark.line

    def fail(self, node: Node, message: str, keypath: KeyPath | None = None) -> None:
        self.problems.append(error(self.path, self.line_of(node), message))
        if keypath is not None:
            self.faults.add(keypath)

    def convert(self, node: Node, keypath: KeyPath, depth: int) -> Any:
        self.lines.setdefault(keypath, self.first_line + node.start_mark.line)
        if self.aliases:
            if id(node) in self.seen:
                # Reported once: a "billion laughs" document has thousands of them.
                if not self.alias_reported:
                    # The node is the anchored one; its key's line is where the alias stands.
                    self.problems.append(
                        error(
                            self.path,
                            self.lines[keypath],
                            "YAML anchors and aliases (&name, *name) are not allowed; "
                            "write the value out where it is used",
                        )
                    )
                    self.alias_reported = True
                self.faults.add(keypath)
                return None
            self.seen.add(id(node))
        if depth > _MAX_DEPTH:
            self.fail(node, f"YAML nested more than {_MAX_DEPTH} levels deep", keypath)
            return None
        if type(node) is ScalarNode:  # the most common, so asked first
            return self.scalar(node, keypath)
        if isinstance(node, MappingNode):
            return self.mapping(node, keypath, depth)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, f"unsupported YAML tag {node.tag}", keypath)
                return None
            return [
                self.convert(item, (*keypath, i), depth + 1) for i, item in enumerate(node.value)
            ]
        return self.scalar(node, keypath)

    def mapping(self, node: MappingNode, keypath: KeyPath, depth: int) -> dict[str, Any] | None:
        if node.tag != "tag:yaml.org,2002:map":
            self.fail(node, f"unsupported YAML tag {node.tag}", keypath)
            return None
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(
                    key_node, "YAML merge keys (<<) are not allowed; write the keys out", keypath
                )
                continue
            before = len(self.problems)
            key = self.scalar(key_node, None) if isinstance(key_node, ScalarNode) else None
            if key is None and len(self.problems) > before:  # already said what is wrong
                self.faults.add(keypath)
                continue
            if not isinstance(key, str):
                shown = key_node.value if isinstance(key_node, ScalarNode) else "?"
                self.fail(key_node, f"key {shown!r} must be text; quote it", keypath)
                continue
            line = self.line_of(key_node)
            if key in first_seen:
                # The first value stays, and is checked; the entry holding it is faulty.
                self.fail(
                    key_node,
                    f"duplicate key '{key}' (first given on line {first_seen[key]})",
                    keypath,
                )
                continue
            first_seen[key] = line
            child = (*keypath, key)
            self.lines[child] = line
            result[key] = self.convert(value_node, child, depth + 1)
        return result

    def scalar(self, node: Node, keypath: KeyPath | None) -> Any:
        if not isinstance(node, ScalarNode) or node.tag not in _PLAIN_TAGS:
            self.fail(node, f"unsupported YAML tag {node.tag}", keypath)
            return None
        if keypath is not None:
            self.raw[keypath] = node.value
        if node.tag == "tag:yaml.org,2002:str":
            unfit = UNFIT.search(node.value)
            if unfit is not None:
                # Written as an escape ("\x0b", "\e", "\0"): the file's own bytes were fine.
                self.fail(
                    node,
                    f"{describe_character(unfit.group())} in this text (written as an "
                    "escape in quotes); remove it",
                    keypath,
                )
                return None
            return node.value  # what the constructor would return, without its bookkeeping
        try:
            return self.constructor.construct_object(node)
        except (ConstructorError, ValueError, OverflowError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.fail(node, f"{node.value!r} is not a real date ({exc})", keypath)
            else:
                self.fail(node, f"cannot read {node.value!r}: {exc}", keypath)
            return None
