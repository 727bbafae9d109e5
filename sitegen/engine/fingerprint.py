"""A fingerprint of the generator's code and libraries, for cache keys.

Keys use the fingerprint, not the version number, so that any change to the generator's
code (released or not) makes the next build render everything again.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path


def _fingerprint() -> str:
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    # The libraries that shape the output count too: a new Markdown renders differently.
    for name in ("markdown", "jinja2", "nh3", "pyyaml", "markupsafe"):
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(name.encode())
    return h.hexdigest()


CODE = _fingerprint()
