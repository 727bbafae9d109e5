"""The search index, in small files loaded only as a query needs them.

Search must work from disk (file://), where a page cannot fetch files: every part of the
index is a classic script that hands its data to the search page (static/search.js).

- `search/meta.js`: how many documents there are, and which shards exist;
- `search/t/<xx>.js`: the terms that start with `xx`, each with the documents holding it
  (a document number, doubled, plus one when the term is in its title);
- `search/d/<n>.js`: the n-th CHUNK of documents, in the order results show: address, title,
  topic;
- `search/text/<name>.js`: one document's words, for the snippet under its result; each
  is written by the worker that renders the document.

A one-word query loads the meta file, one shard, and the chunks and texts of the results it
shows, whatever the size of the site.
"""

from __future__ import annotations

import html
import json
import operator
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

from sitegen.model import urls
from sitegen.model.keys import digest
from sitegen.model.paths import OutputFile, SitePath
from sitegen.render.lists import Output

CHUNK = 50  # documents in each chunk file
TEXT_LIMIT = 20_000  # characters of a document's words kept for snippets
_TAG = re.compile(r"<[^>]*>")
# A block's edge separates words; an inline tag (a link, a citation, emphasis) does not.
_BLOCK = re.compile(
    r"</?(?:p|li|ul|ol|dl|dt|dd|h[1-6]|table|tr|td|th|caption|blockquote|pre|div|section"
    r"|aside|figure|figcaption|details|summary|br|hr)\b[^>]*>"
)
_TERM = re.compile(r"[a-z0-9]{2,}")  # a word of two letters or more
_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_NOT_TERM_BYTES = bytes(c for c in range(128) if chr(c) not in _ALNUM)
_NOT_TERM = bytes.maketrans(_NOT_TERM_BYTES, b" " * len(_NOT_TERM_BYTES))
_MARKS = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case without accents, as static/search.js folds a query."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text.lower()))


def plain_words(body_html: str) -> list[str]:
    """The words a reader sees in a rendered body."""
    text = _TAG.sub("", _BLOCK.sub(" ", body_html))
    return html.unescape(text).split()  # split() knows the whitespace \s does


def terms(*texts: str, words: Sequence[str] = ()) -> str:
    """Every word of two letters or more in the texts and `words`, once each, folded and
    space-separated, in no particular order (the index sorts what it needs)."""
    # A term never spans a space: folding and searching each distinct word once gives the
    # same terms, from a text of about half the length. Sets, not dicts: about a fifth
    # less time, and the order is not needed.
    distinct = set(words)
    distinct.update(" ".join(texts).split())
    unique = " ".join(distinct)
    if not unique.isascii():
        return " ".join(set(_TERM.findall(fold(unique))))
    # ASCII: the terms are the runs of letters and digits, as a translation and a split
    # find them in a few C loops (in bytes: str.translate looks each character up in a
    # dict); the one-character ones are then dropped.
    found = set(unique.lower().encode().translate(_NOT_TERM).decode().split())
    found.difference_update(_ALNUM)
    return " ".join(found)


def text_file(url: SitePath) -> OutputFile:
    """Where a document's words for snippets are written."""
    return OutputFile(f"search/{_text_name(url)}")


def _text_name(url: SitePath) -> str:
    """The same, as the search page names it (from its own folder)."""
    return f"text/{url.strip('/').replace('/', '--') or 'home'}.js"


def text_script(url: SitePath, summary: str, words: str) -> bytes:
    """A document's words for snippets, as a script handing them to the search page."""
    data = json.dumps([summary, words[:TEXT_LIMIT]], ensure_ascii=False, separators=(",", ":"))
    return f"sitegenSearch.text({json.dumps(_text_name(url))},{data});\n".encode()


@dataclass(frozen=True, slots=True)
class Entry:
    """One document, as the index knows it."""

    url: SitePath
    title: str
    topic: str


class Index:
    """The search index of documents in the order results show, filled in as each
    document's terms are known (in any order: workers finish them in turns).

    Filled in while the workers render, the index costs the build no time of its own after
    the last page.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = entries
        self.numbers = {entry.url: number for number, entry in enumerate(entries)}
        self.postings: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, url: SitePath, found: str) -> None:
        """Index a document by its terms (as terms() gives them: each once)."""
        number = self.numbers.get(url)
        if number is None:  # not a document the search lists
            return
        words = found.split()
        postings = self.postings
        # Each term's list gets the document's number, doubled, in one C loop (this runs in
        # the main process while the workers render); then plus one where the term is in
        # the title.
        deque(map(list.append, map(postings.__getitem__, words), repeat(number * 2)), 0)
        for term in set(terms(self.entries[number].title).split()).intersection(words):
            postings[term][-1] += 1

    def outputs(self, base: str, pretty: bool) -> list[Output]:
        """The meta file, the shards and the chunks."""
        entries = self.entries
        shards: dict[str, dict[str, list[int]]] = {}
        for term in sorted(self.postings):
            numbers = self.postings[term]
            numbers.sort()
            shards.setdefault(_shard(term), {})[term] = _deltas(numbers)
        found = [_script(f"search/t/{n}.js", "shard", n, data, base) for n, data in shards.items()]
        for start in range(0, len(entries), CHUNK):
            rows = [
                [urls.relative(urls.SEARCH, e.url, pretty), e.title, e.topic, _text_name(e.url)]
                for e in entries[start : start + CHUNK]
            ]
            n = start // CHUNK
            found.append(_script(f"search/d/{n}.js", "chunk", n, rows, base))
        meta = {"docs": len(entries), "chunk": CHUNK, "shards": sorted(shards)}
        found.append(_script(str(urls.output_file(urls.SEARCH_META)), "meta", 0, meta, base))
        return found


def _shard(term: str) -> str:
    return term[:2]


def _deltas(numbers: list[int]) -> list[int]:
    """Ascending numbers as the first and then each one's distance from the one before."""
    return list(map(operator.sub, numbers, [0, *numbers]))  # one C loop: 2.4 M at 10,000


def _script(rel: str, kind: str, name: object, data: object, base: str) -> Output:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = f"sitegenSearch.{kind}({json.dumps(name)},{text});\n".encode()
    return Output(OutputFile(rel), digest(base, body), lambda: body)
