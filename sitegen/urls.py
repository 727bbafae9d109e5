"""Site URLs: every internal link is relative, so the site works from disk and any sub-path.

A page is named by its site path: "" is the home page, "articles/x/" an article,
"static/style.css" a file. Folder paths end in "/"; by default links to them name the
file ("articles/x/index.html") so they resolve from file://; `pretty` drops "index.html".
"""

from __future__ import annotations


def output_file(site_path: str) -> str:
    """Return the file a site path is written to, relative to the output folder."""
    return site_path + "index.html" if site_path == "" or site_path.endswith("/") else site_path


def relative(from_path: str, to_path: str, pretty: bool) -> str:
    """Link from the page at `from_path` to `to_path`, both site paths."""
    up = "../" * from_path.count("/")
    if to_path == "" or to_path.endswith("/"):
        if pretty:
            return (up + to_path) or "./"
        return up + to_path + "index.html"
    return up + to_path


def absolute(base_url: str, to_path: str) -> str:
    """Return the clean absolute URL of a site path (for sitemap, feed, canonical, 404)."""
    return base_url + to_path
