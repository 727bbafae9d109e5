"""Rendering: the Jinja environment, document pages, list pages and the files for machines."""
