"""sitegen: a strict static site generator for careful health information.

Importing the package loads nothing else: `sitegen.build` has `build_site` and
`check_content`, `sitegen.cli` the command line (docs/ARCHITECTURE.md has the map).
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`sitegen.__version__`, read from the installed package's metadata when asked for."""
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("sitegen")
        except metadata.PackageNotFoundError:  # run from a checkout that is not installed
            return "0+unknown"
    raise AttributeError(f"module 'sitegen' has no attribute {name!r}")
