"""Lighthouse's four category scores for one page of each kind of a built site.

    .venv/bin/python build.py build --out /tmp/lh-site --base-url http://127.0.0.1:8765/
    python3 bench/lighthouse.py /tmp/lh-site --port 8765

The site is served with `python3 -m http.server --bind 127.0.0.1 PORT` (build it for
that address, as above, so its absolute links point at the server), and npm's
`lighthouse` runs with Debian's Chromium on one page of each kind (KINDS), with the
mobile settings (Lighthouse's default) or `--preset desktop`. It prints a Markdown table
of the performance, accessibility, best-practices and SEO scores (0-100) per page kind,
then the audits that lost points, to paste into bench/RESULTS.md. The JSON reports are
kept in bench/.work/lighthouse/.

Lighthouse is installed once into a git-ignored folder:

    npm install --prefix bench/.work lighthouse

Only the standard library is used, so any Python 3.11 runs this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / ".work" / "node_modules" / ".bin" / "lighthouse"
REPORTS = BENCH / ".work" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying to reach Google's services.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best practices",
    "seo": "SEO",
}
# One page of each kind: its path in the site, or the folder whose first page is taken.
KINDS = {
    "home": "index.html",
    "article": "articles/*/index.html",
    "page": "",  # the first top-level page that is not generated (see find_page)
    "topics": "topics/index.html",
    "topic": "topics/*/index.html",
    "risks": "risks/index.html",
    "claims": "claims/index.html",
    "sources": "sources/index.html",
    "search": "search/index.html",
    "404": "404.html",
}
# Top-level folders the generator makes itself; any other folder holds a content page.
GENERATED = {"articles", "topics", "risks", "claims", "sources", "search", "static"}


def find_page(site: Path, kind: str) -> str | None:
    """The address of one page of this kind, relative to the site, or None if it has none.

    A folder's index.html is addressed as the folder, as links and canonical URLs do:
    Lighthouse fails the canonical audit of a home page fetched as /index.html.
    """
    pattern = KINDS[kind]
    if not pattern:
        folders = sorted(d for d in site.iterdir() if d.is_dir() and d.name not in GENERATED)
        found = [d / "index.html" for d in folders if (d / "index.html").is_file()]
    else:
        found = sorted(site.glob(pattern))
    if not found:
        return None
    path = found[0].relative_to(site).as_posix()
    return path.removesuffix("index.html")


def wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} did not answer within {seconds} s")


def run_lighthouse(url: str, report: Path, preset: str) -> dict[str, Any]:
    """Run Lighthouse on one URL; return its JSON report."""
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--quiet",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def scores(result: dict[str, Any]) -> list[str]:
    """The four category scores as 0-100, or "-" where Lighthouse gave none."""
    cells = []
    for key in CATEGORIES:
        score = result["categories"][key]["score"]
        cells.append("-" if score is None else f"{round(score * 100)}")
    return cells


def lost_points(result: dict[str, Any]) -> list[str]:
    """The audits that count towards a category score and did not pass."""
    audits = result["audits"]
    lost = []
    for key in CATEGORIES:
        for ref in result["categories"][key]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{CATEGORIES[key]}: `{ref['id']}` ({audit['score']:.2f})")
    return lost


def version(cmd: Sequence[str]) -> str:
    done = subprocess.run(list(cmd), capture_output=True, text=True, check=False)
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a site built for http://127.0.0.1:PORT/")
    parser.add_argument("--port", type=int, default=8765, help="the port it was built for")
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    args = parser.parse_args(argv)
    site = args.site.absolute()
    if not (site / "index.html").is_file():
        parser.error(f"{site} holds no built site")
    if not LIGHTHOUSE.exists():
        parser.error(f"no {LIGHTHOUSE}: run `npm install --prefix bench/.work lighthouse`")
    REPORTS.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(args.port)],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows, notes = [], []
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        wait_for_port(args.port)
        for kind in KINDS:
            path = find_page(site, kind)
            if path is None:
                rows.append(f"| {kind} | none in this site |" + " - |" * len(CATEGORIES))
                continue
            url = f"http://127.0.0.1:{args.port}/{path}"
            print(f"lighthouse {url} ...", file=sys.stderr, flush=True)
            result = run_lighthouse(url, REPORTS / f"{args.preset}-{kind}.json", args.preset)
            rows.append(f"| {kind} | `/{path}` | " + " | ".join(scores(result)) + " |")
            if lost := lost_points(result):
                notes.append(f"- {kind}: " + "; ".join(lost))
    finally:
        server.terminate()
        server.wait()
    lighthouse = version([str(LIGHTHOUSE), "--version"])
    print(
        f"Lighthouse {lighthouse}, {args.preset} settings, {version([CHROMIUM, '--version'])}, "
        f"{dt.date.today().isoformat()}; the site served by `python3 -m http.server`; "
        f"load average {load} before the first run.\n"
    )
    print("| page kind | page | " + " | ".join(CATEGORIES.values()) + " |")
    print("|---|---|" + "---:|" * len(CATEGORIES))
    print("\n".join(rows))
    if notes:
        print("\nAudits that lost points (score 0-1):\n")
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
