"""The default theme: the templates and static files a site uses unless it has its own.

Installed as the package `sitegen.theme`; this file only makes the folder findable there
(an editable install cannot find a folder mapped from elsewhere without it).
"""
