"""Instructions an article costs our build, counted by valgrind: the same on every run.

Wall time on a shared machine moves by a third from run to run, too much to tell whether
a change costs 5 %. valgrind's callgrind counts the instructions a build runs (not the
kernel's file work), so two checkouts can be compared exactly. Each checkout builds two
corpora cold, in one process (`--jobs 1`), with a fixed hash seed; the cost of an article
is the difference divided by the difference in articles, which leaves out what a build
does once (imports, templates). A build of 600 articles takes about 4 minutes.

    python3 bench/instructions.py CHECKOUT [CHECKOUT ...] [--n 300 --n 600]

Each CHECKOUT is a folder with build.py (a git worktree of the commit to measure). Needs
`valgrind` (Debian) and the project's .venv; corpora and outputs go to bench/.work/.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MAIN = BENCH.parent
WORK = BENCH / ".work" / "instructions"
PYTHON = MAIN / ".venv" / "bin" / "python"


def corpus(n: int) -> Path:
    """The content folder of an N-article corpus, written by bench/corpus.py once."""
    folder = WORK / f"corpus-n{n}"
    if not (folder / "sitegen" / "content").exists():
        cmd = [str(PYTHON), str(BENCH / "corpus.py"), "--n", str(n), "--out", str(folder)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return folder / "sitegen" / "content"


def count(checkout: Path, content: Path) -> int:
    """Instructions of one cold build of `content` by the code in `checkout`."""
    run = WORK / f"run-{time.time_ns()}"
    run.mkdir(parents=True)
    cmd = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={run / 'callgrind.out'}",
        str(PYTHON),
        "build.py",
        "build",
        "--content",
        str(content),
        "--out",
        str(run / "site"),
        "--cache",
        str(run / "cache"),
        "--today",
        "2026-11-22",
        "--quiet",
        "--jobs",
        "1",
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # set and dict order change the count
    done = subprocess.run(cmd, cwd=checkout, env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"{checkout}: valgrind gave no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--n", type=int, action="append", help="corpus sizes (two)")
    args = parser.parse_args()
    small, large = sorted(args.n or [300, 600])
    contents = (corpus(small), corpus(large))
    print(f"| checkout | {small} articles | {large} articles | per article |")
    print("|---|---:|---:|---:|")
    for checkout in args.checkouts:
        a, b = (count(checkout.resolve(), c) for c in contents)
        per = (b - a) / (large - small)
        print(f"| {checkout} | {a / 1e9:.2f} G | {b / 1e9:.2f} G | {per / 1e6:.1f} M |", flush=True)


if __name__ == "__main__":
    main()
