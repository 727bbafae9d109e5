"""`new "Title"`: start an article as a draft with every required key to fill in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sitegen.load.config import load_config, unknown_topic_message
from sitegen.load.files import display_path
from sitegen.load.schema import ARTICLE, scaffold
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import SiteError, error
from sitegen.model.text import slugify

_NEW = DisplayPath("new")  # problems with the command itself, not with a file
# The body of a new draft; its front-matter comes from the declaration (load/schema.py).
_BODY = "\nTODO: write the article. Cite a source listed above with [@source-id].\n"


def new_article(content: Path, title: str, topic: str, today: dt.date) -> Path:
    """Write content/articles/<slug>.md as a draft; never overwrite an existing file."""
    config, problems = load_config(content / "site.yaml", content.resolve())
    if config is None:
        raise SiteError(problems)
    if topic not in config.topic_keys:
        raise SiteError([error(_NEW, 0, unknown_topic_message(topic, config))])
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
        "title": json.dumps(title, ensure_ascii=False),
        "topic": topic,
        "publisher": json.dumps(config.publisher_name, ensure_ascii=False),
        "today": today.isoformat(),
    }
    # The site's required blocks, in place, so the draft starts with what every page needs.
    blocks = "".join(f"\n::block[{name}]\n" for name in config.required_blocks)
    text = f"---\n{scaffold(ARTICLE, values)}---\n{_BODY}{blocks}"
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
