"""`python -m sitegen`: the same command line as `sitegen` and `python build.py`."""

from sitegen.cli import main_entry

main_entry()
