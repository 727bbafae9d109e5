"""Digests of values, for cache keys, and compact pickling of frozen dataclasses."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TypeVar

C = TypeVar("C", bound=type)


def compact(cls: C) -> C:
    """Pickle a frozen dataclass as its class and field values.

    The default for slots dataclasses walks `dataclasses.fields()` for every object, which
    is slow for the many small values a large site's cache holds.
    """
    names = tuple(f.name for f in dataclasses.fields(cls) if f.init)

    def reduce(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = reduce  # type: ignore[assignment]
    return cls


def digest(*parts: object) -> str:
    """A stable digest of values with deterministic reprs (str, bytes, dataclasses, tuples)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
