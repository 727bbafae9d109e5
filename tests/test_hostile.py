"""Hostile and broken input: nothing crashes, nothing is lost, nothing gets in."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitekit import ARTICLE, REPO, SITE_YAML, SiteDir

PATH = "content/articles/kratom-and-pain.md"

BOMB = "\n".join(
    ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
)


def broken(site: SiteDir, rel: str, data: bytes | str) -> tuple[int, str, float]:
    """Write bad input over a good site, build, and return (exit code, stderr, seconds)."""
    assert site.build().code == 0
    before = site.tree()
    path = site.content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    started = time.monotonic()
    result = site.build()
    seconds = time.monotonic() - started
    assert "Traceback" not in result.err
    assert site.tree() == before, "a failed build changed the site"
    return result.code, result.err, seconds


def test_alias_bomb_in_front_matter_is_refused_quickly(site: SiteDir) -> None:
    code, err, seconds = broken(
        site,
        "articles/kratom-and-pain.md",
        ARTICLE.replace("---\ntitle:", f"---\n{BOMB}\ntitle:", 1),
    )
    assert code == 1
    assert (
        f"{PATH}:2: error: YAML anchors and aliases (&name, *name) are not allowed; write "
        "the value out where it is used" in err
    )
    assert err.count("aliases") == 1
    assert seconds < 10


def test_alias_bomb_in_site_yaml_is_refused(site: SiteDir) -> None:
    code, err, _ = broken(site, "site.yaml", SITE_YAML + BOMB.replace("l0:", "lint_x:"))
    assert code == 1
    first_alias = SITE_YAML.count("\n") + 1  # the bomb's first line
    assert f"content/site.yaml:{first_alias}: error: YAML anchors and aliases" in err


def test_alias_in_bibliography_is_refused(site: SiteDir) -> None:
    text = "- &a {id: source-a, title: A, by: B, url: 'https://example.org/a'}\n- *a\n"
    code, err, _ = broken(site, "bibliography.yaml", text)
    assert code == 1
    assert "content/bibliography.yaml:1: error: YAML anchors and aliases" in err


@pytest.mark.parametrize(("value", "word"), [("no", "no"), ("on", "on"), ("yes", "yes")])
def test_yaml_one_one_booleans_must_be_quoted(site: SiteDir, value: str, word: str) -> None:
    code, err, _ = broken(
        site, "articles/kratom-and-pain.md", ARTICLE.replace("topic: pain", f"topic: {value}")
    )
    assert code == 1
    assert (
        f"{PATH}:4: error: 'topic' must be text, but YAML reads {word} as true/false; "
        f'quote it: topic: "{word}"' in err
    )


def test_a_file_that_is_not_utf8_names_the_byte(site: SiteDir) -> None:
    data = ARTICLE.encode("utf-8").replace(b"Case reports", b"Case r\xe9ports")
    code, err, _ = broken(site, "articles/kratom-and-pain.md", data)
    assert code == 1
    assert f"{PATH}:14: error: not UTF-8 text: byte 0xe9 at offset" in err
    assert "save the file as UTF-8" in err


def test_an_empty_file(site: SiteDir) -> None:
    code, err, _ = broken(site, "articles/kratom-and-pain.md", "")
    assert code == 1
    assert (
        f"{PATH}:1: error: file is empty; it must start with front-matter between two "
        "'---' lines" in err
    )


def test_front_matter_that_is_not_a_mapping(site: SiteDir) -> None:
    code, err, _ = broken(site, "articles/kratom-and-pain.md", "---\n- a\n- b\n---\nText\n")
    assert code == 1
    assert f"{PATH}:2: error: front-matter must be a mapping of keys to values" in err


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "http://example.org/plain",
        "ftp://example.org/x",
    ],
)
def test_urls_must_be_https_everywhere(site: SiteDir, url: str) -> None:
    inline = ARTICLE.replace(
        "  - source-b\n---", f"  - source-b\n  - {{id: own, title: T, by: B, url: '{url}'}}\n---"
    )
    code, err, _ = broken(site, "articles/kratom-and-pain.md", inline)
    assert code == 1
    assert f"{PATH}:26: error: 'url' must be an https:// address (got '{url}')" in err


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "http://example.org/plain"]
)
def test_site_yaml_urls_must_be_https(site: SiteDir, url: str) -> None:
    config = SITE_YAML.replace('"mailto:editors@sitegen-tests.dev"', f"'{url}'")
    code, err, _ = broken(site, "site.yaml", config)
    assert code == 1
    assert (
        "content/site.yaml:4: error: 'contact' must be an https:// address or a mailto: "
        f"address (got '{url}')" in err
    )


@pytest.mark.parametrize(
    ("slug", "better"), [("../../etc", "etc"), ("Café Olé", "cafe-ole"), ("a/b", "a-b")]
)
def test_a_bad_slug_cannot_escape_and_gets_a_suggestion(
    site: SiteDir, slug: str, better: str
) -> None:
    text = ARTICLE.replace("sources:\n  - source-a", f'slug: "{slug}"\nsources:\n  - source-a')
    code, err, _ = broken(site, "articles/kratom-and-pain.md", text)
    assert code == 1
    assert (
        f"{PATH}:23: error: 'slug' must be lowercase letters, digits and hyphens "
        f"(got '{slug}'); try '{better}'" in err
    )


def test_a_symlink_out_of_the_content_folder_is_refused(site: SiteDir, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(ARTICLE.replace("Kratom is a tree", "TOP SECRET"))
    assert site.build().code == 0
    before = site.tree()
    (site.content / "articles" / "leak.md").symlink_to(secret)
    media = site.content / "media"
    media.mkdir()
    (media / "passwd.png").symlink_to("/etc/passwd")
    result = site.build()
    assert result.code == 1
    assert (
        "content/articles/leak.md: error: refusing to read: it points outside the content "
        "folder" in result.err
    )
    assert (
        "content/media/passwd.png: error: refusing to copy: it points outside the content "
        "folder" in result.err
    )
    assert site.tree() == before
    assert not any(b"TOP SECRET" in data or b"root:" in data for data in site.tree().values())


def test_files_the_build_would_not_read_are_reported(site: SiteDir) -> None:
    articles = site.content / "articles"
    site.article("sub/x.md", ARTICLE)
    site.article("x.markdown", ARTICLE)
    site.article("upper.MD", ARTICLE)
    os.mkfifo(articles / "pipe.md")  # never opened: opening it would hang the build
    site.write("pages/notes.txt", "notes")
    site.write("pages/.hidden.md", "editor backup, ignored")
    result = site.build()
    assert result.code == 1
    rule = "articles are regular .md files directly in content/articles/"
    assert result.err.splitlines() == [
        "content/articles/pipe.md: error: not read: it is not a regular file (a named pipe, "
        f"a device or a broken link); {rule}, so replace it with one or remove it",
        f"content/articles/sub: error: not read: it is a subfolder; {rule}, so move its files "
        "up or move it out",
        f"content/articles/upper.MD: error: not read: {rule}; rename it to upper.md",
        f"content/articles/x.markdown: error: not read: {rule}; rename it to x.md",
        "content/pages/notes.txt: error: not read: pages are regular .md files directly in "
        "content/pages/; move it out of this folder",
        "5 errors in 5 files",
    ]


@pytest.mark.parametrize("out", ["/", "/tmp/.."])
def test_the_root_of_the_file_system_is_refused_as_output(site: SiteDir, out: str) -> None:
    result = site.build("--out", out)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.splitlines()[0] == (
        f"{out}: error: refusing to use {out} as the output folder: it is the root of the file "
        "system; give a folder of its own, such as site"
    )


@pytest.mark.parametrize(
    ("out", "folder"), [("content/site", "content"), ("templates/x", "templates")]
)
def test_an_output_folder_inside_the_sources_is_refused(
    site: SiteDir, out: str, folder: str
) -> None:
    result = site.build("--out", out)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{out}: error: refusing to use {out} as the output folder: it is inside {folder}, "
        "which the build reads; choose a folder outside it"
    )
    assert not (site.root / out).exists()


def test_a_file_too_large_to_be_an_article(site: SiteDir) -> None:
    huge = ARTICLE + ("word " * 500_000)
    code, err, seconds = broken(site, "articles/kratom-and-pain.md", huge)
    assert code == 1
    assert err.startswith(f"{PATH}: error: file is 2,")
    assert "bytes; the limit is 2,097,152" in err
    assert seconds < 10


def test_bom_and_windows_line_endings_build(site: SiteDir) -> None:
    text = "\ufeff" + ARTICLE.replace("title: Kratom and pain", "title: Kratom — ½ ünïcödé 漢字")
    site.article("kratom-and-pain.md", text.replace("\n", "\r\n"))
    assert site.build().code == 0
    assert "Kratom — ½ ünïcödé 漢字</h1>" in site.html("articles/kratom-and-pain/index.html")


def test_hundreds_of_nested_list_levels_do_not_crash(site: SiteDir) -> None:
    deep = "\n".join("    " * i + "- level" for i in range(400))
    site.article("kratom-and-pain.md", ARTICLE + "\n" + deep + "\n")
    result = site.build()
    assert "Traceback" not in result.err and "RecursionError" not in result.err
    assert result.code == 1
    assert (
        f"{PATH}:27: error: the Markdown is nested too deeply to render; flatten the lists "
        "or quotes" in result.err
    )


def test_scripts_and_dangerous_links_are_removed_with_a_warning(site: SiteDir) -> None:
    body = (
        '<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n'
        '<a href="javascript:alert(1)">raw</a> and [md](javascript:alert(2))\n\n'
        '<iframe src="https://evil.example/"></iframe>\n\n'
        '<p style="background:url(javascript:alert(3))">styled</p>\n'
    )
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body)
    result = site.build()
    assert result.code == 0, result.err
    html = site.html("articles/kratom-and-pain/index.html")
    main = html[html.index("<main") :]
    for bad in ("<script>alert", "onerror", "javascript:", "<iframe", "style=", "alert(3)"):
        assert bad not in main, bad
    assert f"{PATH}:40: warning: raw HTML link to a 'javascript:' address removed" in result.err
    assert f"{PATH}:40: warning: link 'javascript:alert(2)' removed" in result.err


def test_an_unwritable_output_parent_is_a_clear_error(site: SiteDir, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        out = "/sys/sitegen-test/site"  # root may write anywhere a permission bit says no
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        out = str(locked / "site")
    result = site.build("--out", out)
    assert result.code == 1
    assert result.err.splitlines()[0].startswith(f"{out}: error: cannot write the output folder")
    assert "Traceback" not in result.err


def test_a_killed_build_leaves_the_old_site_or_the_new_one(site: SiteDir) -> None:
    def articles(version: str) -> None:
        for n in range(120):
            site.article(
                f"a{n:03d}.md",
                ARTICLE.replace("title: Kratom and pain", f"title: {version} {n:03d}").replace(
                    "pain-relief", f"c{n}"
                ),
            )

    articles("First")
    assert site.build("--jobs", "2").code == 0
    old = site.tree()
    articles("Second")
    assert site.build("--no-cache", "--out", "reference").code == 0
    new = {
        p.relative_to(site.root / "reference").as_posix(): p.read_bytes()
        for p in (site.root / "reference").rglob("*")
        if p.is_file()
    }
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    seen = set()
    for delay in (0.05, 0.3, 0.6, 1.0, 1.5, 2.5):
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--jobs", "2", "--today", "2026-11-22"],
            cwd=site.root,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)  # the whole group: workers die too
        process.wait()
        tree = site.tree()
        assert tree in (old, new), f"a mix after a kill at {delay} s"
        seen.add("old" if tree == old else "new")
        if tree == new:  # a later kill could only show the new one again: start over
            articles("First")
            assert site.build("--jobs", "2").code == 0
            articles("Second")
    assert "old" in seen
    assert site.build("--jobs", "2").code == 0
    assert site.tree() == new


def test_pages_allow_only_their_own_scripts_and_protect_readers(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", ARTICLE + "\nSee [the CDC](https://www.cdc.gov/).\n")
    assert site.build().code == 0
    for page in site.out.rglob("*.html"):
        html = page.read_text()
        # The 404 page's style is inline, allowed by its hash alone (test_build.py).
        style, images = (
            ("'sha256-", "'self' data:") if page.name == "404.html" else ("'self'", "'self'")
        )
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy is not None, page
        assert policy.group(1).startswith(f"default-src 'none'; style-src {style}"), page
        assert f"img-src {images}; script-src 'self'; connect-src 'self'; " in policy.group(1)
        assert policy.group(1).endswith("base-uri 'none'; form-action 'self'"), page
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in html
        for tag in re.findall(r"<script\b[^>]*>", html):
            # nothing inline runs: scripts are files of the site, or JSON-LD data
            assert " src=" in tag or 'type="application/ld+json"' in tag, (page, tag)
    article = site.html("articles/kratom-and-pain/index.html")
    assert '<a href="https://www.cdc.gov/" rel="noopener">the CDC</a>' in article
