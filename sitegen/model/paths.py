"""The four kinds of path a build handles, kept apart by the type checker.

All are plain strings at run time (NewType costs nothing); mypy refuses one where
another is expected, so a site path is never written as a file name by mistake.
"""

from __future__ import annotations

from typing import NewType

# Where a page lives in the site: "" (home), "articles/x/", "claims/", "static/style.css".
SitePath = NewType("SitePath", str)
# The file a site path is written to, below the output folder: "articles/x/index.html".
OutputFile = NewType("OutputFile", str)
# A file below the content folder, as links in Markdown name it: "articles/x.md".
ContentPath = NewType("ContentPath", str)
# A path as messages show it to the editor: relative to the working folder where it can be.
DisplayPath = NewType("DisplayPath", str)
