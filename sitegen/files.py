"""Reading input files safely: inside the content folder, bounded in size, valid UTF-8."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import Problem, display_path, error

MAX_BYTES = 2 * 1024 * 1024


def inside(path: Path, root: Path) -> bool:
    """Say whether `path`, with symlinks followed, lies inside `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def read_text(path: Path, root: Path) -> tuple[str | None, Problem | None]:
    """Read a UTF-8 text file below `root` with Unix line endings and no byte-order mark."""
    shown = display_path(path)
    if not inside(path, root):
        return None, error(shown, 0, f"refusing to read: it points outside {display_path(root)}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, error(shown, 0, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        data = path.read_bytes()
    except OSError as exc:
        return None, error(shown, 0, f"cannot read: {exc.strerror or exc}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, error(
            shown,
            line,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start}; save the file as UTF-8",
        )
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None
