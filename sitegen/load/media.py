"""Media files: an allow-list of inert types, checked by their bytes, under names any host keeps.

What is in content/media/ is published as it is, and a host serves each file by its name:
an `.html` or `.svg` there would be a page of the site, or run a script. So a media file is
accepted only when its extension is on the list below and its first bytes are those of
that type (plain data must be UTF-8 text, and JSON must parse); a link in the folder may
not lead out of it; and names must be ones every checkout and host can hold.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

from sitegen.load.files import display_path, inside
from sitegen.model.paths import ContentPath, DisplayPath
from sitegen.model.problems import Problem, error
from sitegen.model.text import BIDI, describe_character, windows_reserved

_HEAD = 32  # enough bytes for every signature below
# In a file name even tab and newline are out: they break listings, scripts and terminals.
_NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _ftyp(head: bytes) -> bool:
    """An ISO media file (MP4 and its kin) starts with an 'ftyp' box."""
    return head[4:8] == b"ftyp"


def _avif(head: bytes) -> bool:
    return _ftyp(head) and head[8:12] in (b"avif", b"avis")


def _mp3(head: bytes) -> bool:
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] >= 0xE0)


_BINARY: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "png": ("a PNG image", lambda h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("a JPEG image", lambda h: h.startswith(b"\xff\xd8\xff")),
    "jpeg": ("a JPEG image", lambda h: h.startswith(b"\xff\xd8\xff")),
    "gif": ("a GIF image", lambda h: h.startswith((b"GIF87a", b"GIF89a"))),
    "webp": ("a WebP image", lambda h: h.startswith(b"RIFF") and h[8:12] == b"WEBP"),
    "avif": ("an AVIF image", _avif),
    "pdf": ("a PDF document", lambda h: h.startswith(b"%PDF-")),
    "mp3": ("MP3 audio", _mp3),
    "ogg": ("Ogg audio or video", lambda h: h.startswith(b"OggS")),
    "oga": ("Ogg audio", lambda h: h.startswith(b"OggS")),
    "ogv": ("Ogg video", lambda h: h.startswith(b"OggS")),
    "opus": ("Opus audio", lambda h: h.startswith(b"OggS")),
    "wav": ("WAV audio", lambda h: h.startswith(b"RIFF") and h[8:12] == b"WAVE"),
    "mp4": ("MP4 video", _ftyp),
    "m4a": ("MP4 audio", _ftyp),
    "m4v": ("MP4 video", _ftyp),
    "webm": ("WebM video", lambda h: h.startswith(b"\x1a\x45\xdf\xa3")),
}
_TEXT = ("txt", "csv", "json")
_ALLOWED = (
    "PNG, JPEG, GIF, WebP or AVIF images, PDF, MP3, Ogg or WAV audio, MP4 or WebM video, "
    "and UTF-8 .txt, .csv or .json data"
)


def media_type_problem(path: str) -> str | None:
    """Say why the file at `path` is not an allowed media type, or None when it is."""
    name = path.rpartition("/")[2]
    stem, dot, extension = name.rpartition(".")
    extension = extension.lower() if dot and stem else ""
    if extension == "svg":
        return (
            "not an allowed media type: an SVG picture can carry scripts that would run as "
            "the site; export it as PNG"
        )
    if extension not in _BINARY and extension not in _TEXT:
        what = f"'.{extension}' files" if extension else "a file without an extension"
        return f"not an allowed media type: {what} cannot be published; media may be {_ALLOWED}"
    data = _read(path, None if extension in _TEXT else _HEAD)
    if extension in _BINARY:
        kind, test = _BINARY[extension]
        if not test(data):
            return (
                f"not an allowed media type: the name says {kind}, but its bytes are not one; "
                "save it in that format or give it the right extension"
            )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return f"not an allowed media type: a .{extension} file must be UTF-8 text"
    if extension == "json":
        try:
            json.loads(text)
        except ValueError as exc:
            return f"not an allowed media type: a .json file must be valid JSON ({exc})"
    return None


def _read(path: str, limit: int | None) -> bytes:
    """The first `limit` bytes of a file (all of it for None); never waits on a named pipe."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        if limit is not None:
            return os.read(fd, limit)
        parts = []
        while chunk := os.read(fd, 1 << 20):
            parts.append(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def _name_problem(rel: str) -> str | None:
    """Say why a media path would break on some host or checkout, or None."""
    for part in rel.split("/"):
        control = _NAME_CONTROL.search(part)
        if control is not None:
            return f"media file name holds {describe_character(control.group())}; rename it"
        bidi = BIDI.search(part)
        if bidi is not None:
            return (
                f"media file name holds the bidirectional character U+{ord(bidi.group()):04X}, "
                "which can disguise what the name says; rename it"
            )
        if windows_reserved(part):
            return (
                f"media name '{part}' is a device name on Windows (con, prn, aux, nul, com1-9, "
                "lpt1-9, with any extension): a checkout there cannot hold it; rename it"
            )
    return None


def media_files(
    folder: Path, root: Path, problems: list[Problem]
) -> tuple[tuple[ContentPath, ...], tuple[ContentPath, ...]]:
    """List media files as content paths: those that may be published, and those refused.

    The refused ones are reported here; they are returned so that a page linking one is not
    also blamed for a link that leads nowhere.
    """
    if not folder.is_dir():
        return (), ()
    shown = display_path(folder)
    if not inside(folder, root):
        problems.append(error(shown, 0, "refusing to copy: it points outside the content folder"))
        return (), ()
    top = os.path.realpath(folder)
    allowed: list[ContentPath] = []
    refused: list[ContentPath] = []
    seen: dict[str, str] = {}  # the name as hosts compare it -> the first name found
    for path, rel, reason in _walk(str(folder), "", top, shown, root):
        if reason is None:
            reason = _name_problem(rel)
        if reason is None:
            folded = unicodedata.normalize("NFC", rel).casefold()
            first = seen.setdefault(folded, rel)
            if first != rel:
                reason = (
                    f"differs from media/{first} only by case or Unicode normalisation: most "
                    "hosts and checkouts on macOS and Windows take them for one file; rename one"
                )
        if reason is None:
            try:
                reason = media_type_problem(path)
            except OSError as exc:
                reason = f"cannot read: {exc.strerror or exc}"
        if reason is None:
            allowed.append(ContentPath(f"media/{rel}"))
        else:
            # Named as in the folder: a link's target is not what is wrong.
            problems.append(error(DisplayPath(f"{shown}/{rel}"), 0, reason))
            refused.append(ContentPath(f"media/{rel}"))
    return tuple(allowed), tuple(refused)


def _walk(
    folder: str, prefix: str, top: str, shown: str, root: Path
) -> list[tuple[str, str, str | None]]:
    """Every file below `folder`, in name order, as (path, media-relative name, why not)."""
    found: list[tuple[str, str, str | None]] = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            if entry.is_symlink():
                real = os.path.realpath(entry.path)
                if not inside(Path(real), root):
                    why = "refusing to copy: it points outside the content folder"
                    found.append((entry.path, rel, why))
                elif real != top and not real.startswith(top.rstrip("/") + "/"):
                    # Into the content: an article's source, a draft, site.yaml.
                    why = f"refusing to copy: it points outside {shown}, into the content"
                    found.append((entry.path, rel, why))
                elif entry.is_dir():
                    why = "is a link to a folder; link each file instead, or move the folder here"
                    found.append((entry.path, rel, why))
                elif not entry.is_file():
                    found.append((entry.path, rel, "is a link to nothing; remove it"))
                else:
                    found.append((entry.path, rel, None))
            elif entry.is_dir():
                found += _walk(entry.path, rel + "/", top, shown, root)
            elif entry.is_file():
                found.append((entry.path, rel, None))
            else:
                found.append((entry.path, rel, "is not a regular file (a named pipe or a device)"))
    return found
