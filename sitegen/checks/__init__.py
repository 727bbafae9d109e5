"""Checks: across the site, of links between pages, and of each page's words (editorial)."""
