"""The declaration (load/schema.py) as JSON Schema, for editors' tools.

VS Code's YAML extension (and other editors through the YAML language server) reads these
to complete keys and mark mistakes as the editor types. They say what the loader's schema
checks say; the checks that need other files (a topic that exists, a source in the
bibliography) stay with the build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sitegen.load.schema import ARTICLE, SITE, SOURCE, Field
from sitegen.model.text import SLUG_RE

_SLUG = {"type": "string", "pattern": f"^{SLUG_RE.pattern}$"}
_TEXT = {"type": "string", "pattern": r"\S"}
_SIMPLE: dict[str, dict[str, Any]] = {
    "text": _TEXT,
    "slug": _SLUG,
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "boolean": {"type": "boolean"},
    "year": {"type": "integer", "minimum": 1000, "maximum": 9999},
    "url": {"type": "string", "pattern": r"^https://\S+$"},
    "contact": {"type": "string", "pattern": r"^(https://|mailto:)\S+$"},
    "doi": {"type": "string", "pattern": r"^10\.\d{4,9}/\S+$"},
    "texts": {"type": "array", "items": _TEXT},
}


def _object(fields: Iterable[Field]) -> dict[str, Any]:
    declared = list(fields)
    return {
        "type": "object",
        "properties": {f.key: _value(f) for f in declared},
        "required": [f.key for f in declared if f.required],
        "additionalProperties": False,
    }


def _value(field: Field) -> dict[str, Any]:
    found: dict[str, Any]
    if field.kind in _SIMPLE:
        found = dict(_SIMPLE[field.kind])
    elif field.kind == "choice":
        found = {"enum": list(field.choices)}
    elif field.kind == "number":
        found = {"type": "number", "minimum": field.minimum}
    elif field.kind == "notes":
        found = {"type": "object", "propertyNames": _SLUG, "additionalProperties": _TEXT}
    elif field.kind == "integer":
        found = {"type": "integer", "minimum": field.minimum}
        if field.maximum is not None:
            found["maximum"] = field.maximum
    elif field.kind == "records":
        found = {"type": "array", "items": _object(field.fields)}
    elif field.kind == "sources":
        found = {"type": "array", "items": {"anyOf": [_SLUG, _object(field.fields)]}}
    elif field.kind == "mapping":
        found = _object(field.fields)
    else:  # "map": keys of the editor's choosing, each a mapping
        found = {
            "type": "object",
            "propertyNames": _SLUG,
            "additionalProperties": _object(field.fields),
        }
    if field.min_items and found.get("type") == "array":
        found["minItems"] = field.min_items
    if field.min_items and field.kind == "map":
        found["minProperties"] = field.min_items
    return {"description": field.doc, **found}


def _document(title: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **body}


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema, by the file name it is shipped and written as."""
    return {
        "site.schema.json": _document("site.yaml", _object(SITE.values())),
        "bibliography.schema.json": _document(
            "bibliography.yaml", {"type": "array", "items": _object(SOURCE.values())}
        ),
        "article.schema.json": _document("article front-matter", _object(ARTICLE.values())),
    }


def text(schema: dict[str, Any]) -> str:
    """A schema as the file holds it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
