"""`new "Title"`: start an article as a draft with every required key to fill in."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from sitegen.load.config import load_config, unknown_topic_message
from sitegen.load.files import display_path
from sitegen.load.schema import ARTICLE, scaffold
from sitegen.load.yamlfile import parse_yaml
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import SiteError, error
from sitegen.model.text import UNFIT, describe_character, slugify

# What YAML reads as a line break (or a byte-order mark) where JSON sees a character.
_YAML_BREAKS = re.compile("[\x85\u2028\u2029\ufeff]")
_NEW = DisplayPath("new")  # problems with the command itself, not with a file
# The body of a new draft; its front-matter comes from the declaration (load/schema.py).
_BODY = "\nTODO: write the article. Cite a source listed above with [@source-id].\n"


def new_article(content: Path, title: str, topic: str, today: dt.date) -> Path:
    """Write content/articles/<slug>.md as a draft; never overwrite an existing file.

    What it writes is read back first, as a build would read it: a title the generator
    could not read, or would read differently, is refused and nothing is written.
    """
    config, problems = load_config(content / "site.yaml", content.resolve())
    if config is None:
        raise SiteError(problems)
    if topic not in config.topic_keys:
        raise SiteError([error(_NEW, 0, unknown_topic_message(topic, config))])
    _check_title(title)
    slug = slugify(title)
    if not slug:
        raise SiteError(
            [
                error(
                    _NEW,
                    0,
                    f"cannot make a file name from the title {title!r}; use some letters or digits",
                )
            ]
        )
    path = content / "articles" / f"{slug}.md"
    values = {
        "title": _quoted(title),
        "topic": topic,
        "publisher": _quoted(config.publisher_name),
        "today": today.isoformat(),
    }
    front = scaffold(ARTICLE, values)
    parsed, _ = parse_yaml(front, _NEW)
    if parsed is None or not isinstance(parsed.value, dict) or parsed.value["title"] != title:
        raise SiteError([error(_NEW, 0, "this title cannot be written so that it reads back")])
    # The site's required blocks, in place, so the draft starts with what every page needs.
    blocks = "".join(f"\n::block[{name}]\n" for name in config.required_blocks)
    text = f"---\n{front}---\n{_BODY}{blocks}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise SiteError(
            [error(display_path(path), 0, "already exists; edit it, or choose another title")]
        ) from None
    except OSError as exc:
        raise SiteError([error(display_path(path), 0, f"cannot write: {exc.strerror}")]) from exc
    return path


def _check_title(title: str) -> None:
    """Refuse a title no page may hold, as loading would refuse it."""
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        raise SiteError(
            [error(_NEW, 0, "the title is not text (it holds bytes that are not UTF-8)")]
        ) from None
    unfit = UNFIT.search(title)
    if unfit is not None:
        raise SiteError(
            [error(_NEW, 0, f"the title holds {describe_character(unfit.group())}; remove it")]
        )


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as `text`.

    JSON's escapes are YAML's, but JSON leaves as they are the separators YAML reads as
    line breaks (and the byte-order mark), so those are escaped too.
    """
    return _YAML_BREAKS.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False)
    )
