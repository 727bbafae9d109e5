"""Markdown -> safe HTML: links, citations, typography, raw HTML, sanitising, speed patches."""
