"""Issue 19, more members of classes 5, 8, 9, 11, 16 and 17: where the colleague's tests stop.

Raw control characters in every text file the build reads, the edges of the date and
review bounds, device names wherever a name becomes a folder, user info in the site's own
address, the preview's names, and the cache refused by serve as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.serve.hosts import Hosts

from hostilekit import CONTROL, PATH, assert_problem, before_and_after, run
from sitekit import ARTICLE, PAGE, SITE_YAML, SiteDir

LAST = "last_reviewed: 2026-06-01"


@pytest.mark.parametrize(
    ("rel", "text", "line"),
    [
        ("site.yaml", SITE_YAML.replace('title: "Test site"', 'title: "Test\x1b site"'), 1),
        ("pages/about.md", PAGE.replace("We are a test.", "We are\x07 a test."), 7),
        ("articles/kratom-and-pain.md", ARTICLE + "\nA\ufffe B.\n", 36),
        ("articles/kratom-and-pain.md", ARTICLE.replace("Liver injury", "Liver\x9b injury"), 11),
    ],
    ids=["site-yaml", "page-body", "noncharacter-in-body", "c1-in-front-matter"],
)
def test_raw_control_characters_in_any_content_file_are_refused(
    site: SiteDir, rel: str, text: str, line: int
) -> None:
    code, err = before_and_after(site, lambda s: s.write(rel, text))
    assert code == 1
    phrase = "non-character" if "\ufffe" in text else "control character"
    assert_problem(err, f"content/{rel}:{line}", "error", phrase)
    assert not CONTROL.search(err), repr(err)


CREATED = "created: 2026-01-10"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (f"{CREATED}\n{LAST}", "created: 1900-01-01\nlast_reviewed: 1900-01-01", None),
        (CREATED, "created: 1899-12-31", (8, "past")),
        (LAST, f"{LAST}\nnext_review_due: 2031-06-01", None),
        (LAST, f"{LAST}\nnext_review_due: 2031-06-02", (10, "next_review_due")),
    ],
    ids=["first-day", "before-it", "five-years", "a-day-more"],
)
def test_the_date_bounds_are_exact(
    site: SiteDir, old: str, new: str, problem: tuple[int, str] | None
) -> None:
    assert old in ARTICLE
    site.article("kratom-and-pain.md", ARTICLE.replace(old, new))
    result = run(site, "build", "--today", "2026-11-22")
    assert "Traceback" not in result.err, result.err
    if problem is None:
        assert result.code == 0, result.err
    else:
        assert result.code == 1
        assert_problem(result.err, f"{PATH}:{problem[0]}", "error", problem[1])


@pytest.mark.parametrize(("months", "ok"), [(60, True), (61, False), (0, False)])
def test_the_review_interval_is_at_most_sixty_months(site: SiteDir, months: int, ok: bool) -> None:
    site.write(
        "site.yaml",
        SITE_YAML.replace("review_interval_months: 12", f"review_interval_months: {months}"),
    )
    result = run(site, "build", "--today", "2026-11-22")
    assert (result.code == 0) == ok, result.err
    if not ok:
        assert_problem(result.err, "content/site.yaml:10", "error", "review_interval_months")


@pytest.mark.parametrize(
    ("rel", "text", "where"),
    [
        (
            "articles/kratom-and-pain.md",
            ARTICLE.replace("sources:\n", "aliases: [/old/aux/]\nsources:\n", 1),
            f"{PATH}:23",
        ),
        (
            "site.yaml",
            SITE_YAML.replace("  withdrawal:", "  con: {title: C, description: D}\n  withdrawal:"),
            "content/site.yaml:14",
        ),
        ("media/AUX.png", None, "content/media/AUX.png"),
        ("media/sub/com1.txt", None, "content/media/sub/com1.txt"),
    ],
    ids=["alias", "topic-key", "media-any-case", "media-in-a-subfolder"],
)
def test_device_names_are_refused_wherever_they_become_a_path(
    site: SiteDir, rel: str, text: str | None, where: str
) -> None:
    def put(s: SiteDir) -> None:
        if text is not None:
            s.write(rel, text)
        else:
            path = s.content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"\x89PNG\r\n\x1a\n" if rel.endswith(".png") else b"notes\n")

    code, err = before_and_after(site, put)
    assert code == 1
    assert_problem(err, where, "error", "device name")


@pytest.mark.parametrize(
    "url", ["https://example.org@evil.example/", "https://user:pw@example.org/test/"]
)
def test_a_base_url_with_user_info_is_refused(site: SiteDir, url: str) -> None:
    text = SITE_YAML.replace("base_url: https://example.org/test/", f"base_url: '{url}'")
    code, err = before_and_after(site, lambda s: s.write("site.yaml", text))
    assert code == 1
    assert_problem(err, "content/site.yaml:2", "error", "base_url")


@pytest.mark.parametrize(
    ("listen", "host", "ok"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "LOCALHOST:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "127.0.0.1:8001", False),
        ("127.0.0.1", "127.0.0.1", False),
        ("127.0.0.1", "localhost.:8000", False),
        ("127.0.0.1", "192.168.1.5:8000", False),
        ("::1", "[::1]:8000", True),
        ("0.0.0.0", "192.168.1.5:8000", True),
        ("0.0.0.0", "[fe80::1]:8000", True),
        ("0.0.0.0", "evil.example:8000", False),
        ("preview.lan", "preview.lan:8000", True),
        ("preview.lan", "evil.example:8000", False),
    ],
)
def test_the_preview_answers_only_to_its_own_names(listen: str, host: str, ok: bool) -> None:
    hosts = Hosts(listen, 8000)
    assert hosts.allows(host) == ok
    assert hosts.allows_origin(f"http://{host}") == ok
    assert not hosts.allows_origin(f"https://{host}")  # the preview is served over http


def test_serve_refuses_a_cache_inside_the_content(site: SiteDir) -> None:
    result = run(site, "serve", "--cache", "content/.cache", "--port", "1")
    assert result.code == 1
    assert_problem(result.err, "content/.cache", "error", "cache")
    assert not (site.content / ".cache").exists()


def test_a_cache_inside_the_output_is_refused(site: SiteDir) -> None:
    result = run(site, "build", "--today", "2026-11-22", "--cache", "site/cache")
    assert result.code == 1
    assert_problem(result.err, "site/cache", "error", "output folder")
    assert not Path(site.root / "site").exists()
