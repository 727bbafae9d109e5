"""Build the site: `python build.py [build|check|new] ...` (see README.md)."""

import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
