"""Build the site: `python build.py [build|check|new] ...` (see README.md)."""

import sys

try:
    from sitegen.cli import main
except KeyboardInterrupt:  # Ctrl-C while Python is still loading: stop, without a traceback
    sys.exit(130)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
