"""Typed reading of parsed YAML: each getter checks one key and records a located problem.

A `Record` wraps one mapping and its declaration (load/schema.py), which says which keys
it may hold, which it must, and what each is. Its getters return a usable default when the
value is wrong,
so that every problem in a file is reported in one run; the caller discards the record if
any problem was recorded (see `Checker.failed_since`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sitegen.load.schema import Schema, entries
from sitegen.load.yamlfile import KeyPath, Parsed
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, error
from sitegen.model.text import SLUG_RE, slugify, suggest

T = TypeVar("T")
W = TypeVar("W", bound=str)

# The years a page's dates may fall in: outside them a date is a slip of the keyboard.
FIRST_YEAR, LAST_YEAR = 1900, 2999
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "y", "n", "null", "~"}


@dataclass(slots=True)
class Checker:
    """Collects problems for one file; knows the file's path and where its values are."""

    path: DisplayPath
    parsed: Parsed
    problems: list[Problem] = field(default_factory=list)
    # Set when a value depends on one that failed elsewhere (a bibliography entry with an
    # error of its own): the file is not usable, and its own messages would only repeat it.
    blocked: bool = False

    def fail(self, keypath: KeyPath, message: str) -> None:
        self.problems.append(error(self.path, self.parsed.line(keypath), message))

    def failed_since(self, count: int) -> bool:
        return len(self.problems) > count

    def record(self, keypath: KeyPath, value: Any, declared: Schema, what: str) -> Record:
        """Wrap a mapping at `keypath`, reporting keys it does not declare."""
        if not isinstance(value, dict):
            if keypath not in self.parsed.faults:  # else YAML has said what is wrong
                self.fail(keypath, f"{what} must be a mapping of keys to values")
            # Its keys are not "missing": that would say the same thing once per key.
            return Record(self, keypath, {}, what, declared, lost=True)
        for key in value:
            if key not in declared:
                self.fail((*keypath, key), f"unknown key '{key}'{suggest(key, declared)}")
        return Record(self, keypath, value, what, declared)

    def read_items(
        self,
        keypath: KeyPath,
        values: list[Any],
        read: Callable[[Record], T | None],
        declared: Schema,
        what: str,
    ) -> tuple[T, ...]:
        """Read each mapping of a list with `read`, keeping only those without problems."""
        result = []
        for i, item in enumerate(values):
            before = len(self.problems)
            value = read(self.record((*keypath, i), item, declared, what))
            if value is not None and not self.failed_since(before):
                result.append(value)
        return tuple(result)


@dataclass(slots=True)
class Record:
    """One YAML mapping being read."""

    checker: Checker
    keypath: KeyPath
    data: dict[str, Any]
    what: str
    declared: Schema
    lost: bool = False  # the mapping itself failed in YAML: its keys are not missing

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def faulty(self, key: str) -> bool:
        """Say whether YAML itself failed on this key's value (and has said so already)."""
        return (*self.keypath, key) in self.checker.parsed.faults

    def line(self, key: str | None = None) -> int:
        keypath = self.keypath if key is None else (*self.keypath, key)
        return self.checker.parsed.line(keypath)

    def fail(self, key: str, message: str) -> None:
        self.checker.fail((*self.keypath, key), message)

    def _get(self, key: str) -> Any:
        value = self.data.get(key)
        declared = self.declared[key]
        if value is None and declared.required and not self.lost and not self.faulty(key):
            if key in self.data:  # `key:`, `key: ~` or `key: null`
                self.fail(key, f"'{key}' is empty; give a value")
            else:
                where = "" if not self.keypath else f" in {self.what}"
                hint = f" ({declared.missing})" if declared.missing else ""
                self.checker.fail(self.keypath, f"missing required key '{key}'{where}{hint}")
        return value

    def text(self, key: str, quotable: Callable[[str], bool] | None = None) -> str | None:
        """Read a non-empty string.

        A value YAML reads as something else (`no`, `3`) gets "quote it"; but a number or
        date that `quotable` says would still be wrong quoted is returned as text, for the
        caller to report what is wrong with it.
        """
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raw = self.checker.parsed.raw.get((*self.keypath, key))
            if isinstance(value, bool) or (raw is not None and raw.lower() in _YAML_WORDS):
                self.fail(
                    key,
                    f"'{key}' must be text, but YAML reads {raw} as true/false; "
                    f'quote it: {key}: "{raw}"',
                )
            elif raw is not None and quotable is not None and not quotable(raw):
                return raw  # quoted, it would still be wrong: the caller says how
            elif raw is not None:
                self.fail(key, f"'{key}' must be text; quote it: {key}: \"{raw}\"")
            else:
                self.fail(key, f"'{key}' must be text, not a {_kind(value)}")
            return None
        if not value.strip():
            self.fail(key, f"'{key}' is empty; give a value")
            return None
        return value.strip()

    def required_text(self, key: str) -> str:
        """Read a non-empty string that must be present ("" stands in when it is not)."""
        return self.text(key) or ""

    def boolean(self, key: str, default: bool) -> bool:
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(key, f"'{key}' must be true or false")
            return default
        return value

    def integer(self, key: str, default: int) -> int:
        value = self._get(key)
        declared = self.declared[key]
        if value is None:
            return default
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < declared.minimum
            or (declared.maximum is not None and value > declared.maximum)
        ):
            limits = (
                f"of at least {declared.minimum}"
                if declared.maximum is None
                else f"from {declared.minimum} to {declared.maximum}"
            )
            self.fail(key, f"'{key}' must be a whole number {limits}")
            return default
        return value

    def number(self, key: str, default: float) -> float:
        value = self._get(key)
        minimum = self.declared[key].minimum
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            self.fail(key, f"'{key}' must be a number of at least {minimum}")
            return default
        return float(value)

    def notes(self, key: str) -> tuple[tuple[str, str], ...]:
        """Read a mapping of keys of one's choosing to texts, in the order written."""
        value = self._get(key)
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.fail(key, f"'{key}' must map each key to a text, such as  pregnancy: \"…\"")
            return ()
        found = []
        for name in value:
            text = value[name]
            if not isinstance(text, str) or not text.strip():
                self.checker.fail((*self.keypath, key, name), f"'{key}.{name}' must be a text")
                continue
            found.append((name, text.strip()))
        return tuple(found)

    def choice(self, key: str, options: Sequence[W]) -> W | None:
        """Read one of a fixed set of words (`options`, the typed form of its choices)."""
        assert tuple(options) == self.declared[key].choices
        value = self.text(key, quotable=lambda raw: raw in options)
        if value is None:
            return None
        for option in options:
            if value == option:
                return option
        self.fail(
            key,
            f"'{key}' must be one of {', '.join(options)} (got '{value}'){suggest(value, options)}",
        )
        return None

    def slug(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        if not SLUG_RE.fullmatch(value):
            better = slugify(value) or "a-valid-slug"
            self.fail(
                key,
                f"'{key}' must be lowercase letters, digits and hyphens "
                f"(got '{value}'); try '{better}'",
            )
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        """Read a date written as YYYY-MM-DD, in the years a page can really hold."""
        value = self._get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            self.fail(key, f"'{key}' must be a date like 2026-03-01, without a time")
            return None
        day = as_date(value)
        if day is None:
            self.fail(
                key,
                f"'{key}' must be a date written as YYYY-MM-DD, like 2026-03-01 (got {value!r})",
            )
            return None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            when = "in the past" if day.year < FIRST_YEAR else "in the future"
            self.fail(
                key,
                f"'{key}' ({day}) is too far {when} to be a real date: dates run from "
                f"{FIRST_YEAR} to {LAST_YEAR}",
            )
            return None
        return day

    def url(self, key: str) -> str | None:
        """Read an https:// address (or, where the key is a contact, a mailto: one)."""
        mailto = self.declared[key].kind == "contact"
        value = self.text(key, quotable=lambda raw: check_url(raw, mailto) is None)
        if value is None:
            return None
        why = check_url(value, mailto)
        if why is not None:
            allowed = "an https:// address" + (" or a mailto: address" if mailto else "")
            self.fail(key, f"'{key}' must be {allowed} (got '{value}'){why}")
            return None
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        items = self._list(key)
        result = []
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                self.checker.fail((*self.keypath, key, i), f"each entry of '{key}' must be text")
                continue
            result.append(item.strip())
        return tuple(result)

    def items(self, key: str, read: Callable[[Record], T | None]) -> tuple[T, ...]:
        """Read a list of mappings, each with `read`, which returns None for a bad one."""
        values = self._list(key)
        return self.checker.read_items(
            (*self.keypath, key), values, read, entries(self.declared[key]), f"an entry of '{key}'"
        )

    def mapping(self, key: str) -> Record:
        value = self._get(key)
        declared = entries(self.declared[key])
        if value is None:  # reported as missing, if it is required: its keys are not
            return Record(self.checker, (*self.keypath, key), {}, f"'{key}'", declared, lost=True)
        return self.checker.record((*self.keypath, key), value, declared, f"'{key}'")

    def _list(self, key: str) -> list[Any]:
        value = self._get(key)
        min_items = self.declared[key].min_items
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(
                key, f"'{key}' must be a list (each entry on its own line starting with '- ')"
            )
            return []
        if len(value) < min_items:
            self.fail(
                key, f"'{key}' needs at least {min_items} entr{'y' if min_items == 1 else 'ies'}"
            )
        return value


def as_date(value: Any) -> dt.date | None:
    """Return a YAML value as a date (2026-03-01, quoted or not), or None if it is not one.

    Only YYYY-MM-DD: Python also reads 2026-W47 and 20261122, which an editor would not
    recognise as the date shown.
    """
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def check_url(value: str, mailto: bool = False) -> str | None:
    """Return why a URL is unacceptable (as a clause to add), or None.

    Only https (and, if asked, mailto) pass, and never with user information: in
    https://nih.gov@evil.example/ the part before '@' is a user name and the host is
    evil.example, so the address shows one site and opens another.
    """
    if mailto and re.fullmatch(r"mailto:[^\s@]+@[^\s@]+", value):
        return None
    match = re.fullmatch(r"https://([^\s/?#]+)(?:[/?#]\S*)?", value)
    if match is None:
        return ""
    if "@" in match.group(1):
        return (
            "; the part before '@' is a user name, not the site: the address opens the "
            "site after it; write the address without it"
        )
    if not re.fullmatch(r"[^\s/?#]+\.[^\s/?#]+", match.group(1)):
        return ""
    return None


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", int: "number", float: "number"}.get(type(value), "value")
