"""Issue 19, classes 7, 9, 10, 15 and 17 (interrupt): the build under hostile conditions.

A full disk or file-size limit (7), an output folder given as a symlink and a cache put
inside the sources (9), tens of thousands of sources in one file (10), same-size edits
with the old modification time put back (15), and Ctrl-C while workers run (17). These run
build.py in a subprocess where the operating system has to take part (limits, signals).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hostilekit import ARTICLE_PAGE, before_and_after, build, problems
from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, REPO, TODAY, SiteDir

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def build_py(site: SiteDir, *args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), *args],
        cwd=site.root,
        env=ENV,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,  # type: ignore[call-overload]
    )


def leftovers(site: SiteDir) -> list[str]:
    """Temporary files anywhere in the project: site/, .site.staging/, .cache/."""
    return sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.tmp"))


# --- 7. a full disk -----------------------------------------------------------------------


def _limited(limit: int) -> Callable[[], None]:
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


@pytest.mark.parametrize(
    ("limit", "good_builds", "jobs"),
    [(4096, 1, "1"), (4096, 2, "1"), (100_000, 2, "2")],
    ids=["first-write", "over-the-site-before-last", "one-big-page-in-a-worker"],
)
def test_a_full_disk_is_one_clear_line_and_leaves_nothing_behind(
    site: SiteDir, limit: int, good_builds: int, jobs: str
) -> None:
    # After two good builds the staging folder holds the site before last, so files are
    # replaced through temporary names: the case that left them behind.
    for n in range(good_builds):
        site.article("kratom-and-pain.md", ARTICLE.replace("Kratom and pain", f"Version {n}", 1))
        assert site.build().code == 0
    before = site.tree()
    big = ARTICLE.replace("Kratom and pain", "Version big", 1) + "\nFiller words. " * 10_000
    site.article("kratom-and-pain.md", big)
    process = build_py(site, "build", "--today", TODAY, "--jobs", jobs, preexec_fn=_limited(limit))
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1, err
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert 1 <= len(lines) <= 3, err
    said = [line for line in lines if "error:" in line]
    assert said, err
    assert any(
        phrase in line for line in said for phrase in ("No space", "too large", "File too large")
    ), err
    assert any("site" in line for line in said), "the line names the output folder or file"
    assert site.tree() == before, "a failed build changed the site"
    assert leftovers(site) == []


# --- 9. --out as a symlink, --cache inside the sources --------------------------------------


@pytest.mark.parametrize("kind", ["relative", "absolute", "over-an-earlier-build"])
def test_out_given_as_a_symlink_stays_a_symlink(site: SiteDir, kind: str) -> None:
    real = site.root / "real-out"
    if kind == "over-an-earlier-build":
        assert build(site, "--out", "real-out").code == 0
    else:
        real.mkdir()
    link = site.root / "link-out"
    link.symlink_to(real if kind == "absolute" else Path("real-out"))
    target = link.readlink()
    for edit in ("first", "second"):
        site.article("kratom-and-pain.md", ARTICLE.replace("Kratom and pain", f"Build {edit}", 1))
        result = build(site, "--out", "link-out")
        assert result.code == 0, result.err
        assert link.is_symlink(), "the symlink was replaced by a folder"
        assert link.readlink() == target
        assert f"Build {edit}</h1>" in (real / ARTICLE_PAGE).read_text()


@pytest.mark.parametrize(
    "cache",
    ["content/media/cache", "content", "content/articles/.cache", "templates/static/cache"],
)
def test_a_cache_inside_the_sources_is_refused(site: SiteDir, cache: str) -> None:
    (site.content / "media").mkdir()
    (site.content / "media" / "notes.txt").write_text("notes\n")
    sources_before = sorted(p for p in (site.root / "content").rglob("*"))
    code, err = before_and_after(site, lambda s: None, "--cache", cache)
    assert code == 1
    assert [p for p in problems(err) if " error: " in p and "cache" in p], err
    assert sorted(p for p in (site.root / "content").rglob("*")) == sources_before
    assert not [p for p in site.tree() if "pickle" in p or "/cache/" in p or p.startswith("cache/")]


# --- 10. tens of thousands of sources ------------------------------------------------------


def _inline_sources(n: int) -> str:
    return "".join(
        f'  - {{id: i{i:x}, title: T, by: B, url: "https://e.org/{i:x}"}}\n' for i in range(n)
    )


def _listed_ids(n: int) -> str:
    return "".join(f"  - b{i:x}\n" for i in range(n))


def _bibliography(n: int) -> str:
    return BIBLIOGRAPHY_YAML + "".join(
        f'- {{id: b{i:x}, title: T, by: B, url: "https://e.org/{i:x}"}}\n' for i in range(n)
    )


@pytest.mark.parametrize(
    ("inline", "listed"),
    [(20_000, 0), (0, 20_000), (20_000, 20_000)],
    ids=["20000-inline", "20000-listed", "20000-of-each"],
)
def test_one_article_with_tens_of_thousands_of_sources_checks_in_linear_time(
    site: SiteDir, inline: int, listed: int
) -> None:
    # A time bound only as a guard against quadratic work: today's loading compares every
    # source with every earlier one, minutes at this size; linear loading takes seconds.
    site.write("bibliography.yaml", _bibliography(listed))
    text = ARTICLE.replace(
        "  - source-b\n---",
        "  - source-b\n" + _inline_sources(inline) + _listed_ids(listed) + "---",
    )
    site.article("kratom-and-pain.md", text)
    assert len(text.encode()) < 2_000_000  # under the file size limit
    started = time.monotonic()
    process = build_py(site, "check", "--today", TODAY)
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"check took more than 20 s with {inline + listed} sources")
    assert "Traceback" not in err
    assert process.returncode == 0, err[-2000:]
    assert time.monotonic() - started < 20


# --- 15. the cache and same-size edits with the old mtime ------------------------------------


def _same_size_edit(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes without changing the size, then put the old times back."""
    assert len(old) == len(new)
    stat = path.stat()
    data = path.read_bytes()
    assert old in data
    with path.open("r+b") as handle:  # in place: the same inode
        handle.write(data.replace(old, new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ino,
    )


@pytest.mark.parametrize(
    ("rel", "old", "new", "page"),
    [
        (
            "content/articles/kratom-and-pain.md",
            b"a tree from",
            b"a bush from",
            ARTICLE_PAGE,
        ),
        ("templates/base.html", b"Skip to main content", b"Skip to MAIN content", "index.html"),
        ("content/bibliography.yaml", b"A small survey.", b"A large survey.", ARTICLE_PAGE),
        (
            "content/site.yaml",
            b"The evidence is limited.",
            b"The evidence is LIMITED.",
            "index.html",
        ),
        ("content/media/notes.txt", b"version one", b"version two", "media/notes.txt"),
        ("templates/static/style.css", b"readable type", b"READABLE TYPE", "static/style.css"),
    ],
    ids=["article", "template", "bibliography", "site-yaml", "media", "static"],
)
def test_a_same_size_edit_with_the_old_mtime_is_published(
    site: SiteDir, rel: str, old: bytes, new: bytes, page: str
) -> None:
    (site.content / "media").mkdir()
    (site.content / "media" / "notes.txt").write_text("version one\n")
    assert site.build().code == 0
    assert old in (site.out / page).read_bytes()
    time.sleep(0.05)  # the edit is not within the clock tick of the first build
    _same_size_edit(site.root / rel, old, new)
    result = build(site)
    assert result.code == 0, result.err
    published = (site.out / page).read_bytes()
    assert new in published, f"{page} still has the old bytes after a same-size edit"
    assert old not in published


# --- 17. Ctrl-C while workers run ---------------------------------------------------------


PARAGRAPHS = "\n\n".join(
    f"Paragraph {i} is about kratom and *pain*, with [a link](https://example.org/{i})."
    for i in range(300)
)


def test_ctrl_c_in_a_finalizer_stops_the_command_without_a_traceback() -> None:
    # multiprocessing frees a pool's locks in finalizers; Ctrl-C landing in one is raised
    # inside it, where Python would print "Exception ignored" and a traceback and go on.
    script = (
        "import time, sitegen.cli as cli\n"
        "class Lock:\n"
        "    def __del__(self):\n"
        "        raise KeyboardInterrupt\n"
        "def command(argv, prog):\n"
        "    Lock()\n"
        "    time.sleep(20)\n"
        "    return 0\n"
        "cli._main = command\n"
        "raise SystemExit(cli.main([]))\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert time.monotonic() - started < 15, "the interrupt was lost"
    assert done.returncode == 130, done.stderr
    assert done.stderr == "stopped\n", done.stderr


@pytest.mark.parametrize("delay", [1.0, 2.0])
def test_ctrl_c_while_workers_run_prints_no_traceback(site: SiteDir, delay: float) -> None:
    # About 300 articles long enough that two workers render for several seconds.
    for n in range(300):
        text = ARTICLE.replace("Kratom and pain", f"Article {n:03d}", 1)
        site.article(f"a{n:03d}.md", text.replace("pain-relief", f"c{n}") + "\n" + PARAGRAPHS)
    process = build_py(
        site, "build", "--today", TODAY, "--jobs", "2", "--no-cache", start_new_session=True
    )
    time.sleep(delay)
    assert process.poll() is None, "the build ended before the interrupt: make the corpus larger"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert "KeyboardInterrupt" not in err, err
    # multiprocessing's banner for a worker's traceback
    assert not [line for line in err.splitlines() if line.startswith("Process ")], err
    assert len(err.splitlines()) <= 2, err
    assert leftovers(site) == []
