"""The package's layers import only downward, and no module imports itself round a cycle.

The imports are read from the source with `ast` (every import, including those inside
functions), so the rule holds however the modules happen to be loaded.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from sitekit import REPO

PACKAGE = REPO / "sitegen"
# Lowest first: a module may import its own layer and those before it, never one after.
# The package itself (sitegen/__init__.py) comes before them all: it imports nothing.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("sitegen.model",),
    ("sitegen.load",),
    ("sitegen.markdown",),
    ("sitegen.checks",),
    ("sitegen.render",),
    ("sitegen.engine",),
    ("sitegen.build", "sitegen.scaffold"),
    ("sitegen.serve",),
    ("sitegen.cli", "sitegen.__main__"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module of ours that a file imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from sitegen.render import lists` imports the module sitegen.render.lists
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {i for i in imports(path) if i in modules} - {name} for name, path in modules.items()
    }


def layer(module: str) -> int:
    if module == "sitegen":
        return 0
    for rank, prefixes in enumerate(LAYERS, start=1):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def upward(edges: Mapping[str, Iterable[str]]) -> list[str]:
    """Each import of a higher layer, as 'importer -> imported'."""
    return sorted(
        f"{a} -> {b}" for a, targets in edges.items() for b in targets if layer(b) > layer(a)
    )


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_module_is_in_a_layer() -> None:
    for module in graph():
        layer(module)


def test_no_module_imports_a_higher_layer() -> None:
    assert upward(graph()) == []


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_the_model_uses_the_standard_library_only() -> None:
    for path in (PACKAGE / "model").rglob("*.py"):
        for name in imports(path):
            top = name.split(".")[0]
            assert top == "sitegen" or top in sys.stdlib_module_names, f"{path.name}: {name}"


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("sitegen.model.content", "sitegen.load.files"),
        ("sitegen.load.config", "sitegen.render.environment"),
        ("sitegen.engine.cache", "sitegen.build"),
        ("sitegen.render.lists", "sitegen.engine.cache"),
    ],
)
def test_an_upward_import_added_is_caught(importer: str, imported: str) -> None:
    edges = graph()
    edges[importer] = {*edges[importer], imported}
    assert f"{importer} -> {imported}" in upward(edges)


def test_a_cycle_added_is_caught() -> None:
    edges = graph()
    edges["sitegen.load.files"] = {*edges["sitegen.load.files"], "sitegen.load.documents"}
    assert any("sitegen.load.files" in group for group in cycles(edges))


def test_importing_the_package_loads_nothing_else() -> None:
    code = "import sys, sitegen; print(sorted(m for m in sys.modules if m.startswith('sitegen')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    assert out.strip() == "['sitegen']"
