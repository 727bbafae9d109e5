"""Test helpers: a tiny real site in a temporary folder, and a way to run the CLI."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.model.options import Options

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"

SITE_YAML = """\
title: "Test site"
base_url: https://example.org/test/
language: en
publisher: {name: "Test editors", contact: "mailto:editors@sitegen-tests.dev"}
notice: >-
  General information only. The evidence is limited. Talk to a qualified professional.
helplines:
  - {name: "Poison Help", number: "1-800-222-1222", region: "US"}
disclosure: {funding: "None.", advertising: "None.", conflicts: "None."}
review_interval_months: 12
pretty_urls: false
topics:
  pain: {title: "Pain", description: "Pain and kratom."}
  withdrawal: {title: "Withdrawal", description: "Opioid withdrawal."}
subject: kratom
intro: >-
  Plain, sourced information about kratom: what is known, how well it is known, and what
  is not. Each article lists the risks, checks claims made elsewhere against the evidence,
  and cites its sources. This site does not sell or recommend kratom, and it gives no
  dosing advice.
"""

BIBLIOGRAPHY_YAML = """\
- id: source-a
  title: "Source A"
  by: "Agency A"
  year: 2019
  url: https://example.org/a
  kind: agency report
- id: source-b
  title: "Source B"
  by: "Author B"
  url: https://example.org/b
  caveat: "A small survey."
"""

ARTICLE = """\
---
title: Kratom and pain
summary: What is known about kratom and pain.
topic: pain
evidence: very-low
authors:
  - name: Test editors
created: 2026-01-10
last_reviewed: 2026-06-01
risks:
  - name: Liver injury
    severity: serious
    certainty: low
    summary: Case reports describe liver injury.
    sources: [source-a]
claims:
  - id: pain-relief
    claim: kratom relieves chronic pain
    verdict: limited
    certainty: very-low
    sources: [source-b]
    note: Only one small study, of brief laboratory pain.
sources:
  - source-a
  - source-b
---

## What it is

Kratom is a tree from Southeast Asia [@source-a].

## Evidence

One small survey reports relief [@source-b; @source-a].
"""

PAGE = """\
---
title: About this site
summary: Who we are.
last_reviewed: 2026-06-01
---

We are a test. Read [the article](../articles/kratom-and-pain.md).
"""


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class SiteDir:
    """A site folder with content/, templates/ (copied from the repo) and room for site/."""

    root: Path
    capsys: pytest.CaptureFixture[str]

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def out(self) -> Path:
        return self.root / "site"

    def options(self, out: Path | None = None, cache: Path | None = None, jobs: int = 1) -> Options:
        """What the command line would pass to build or serve in this folder."""
        return Options(
            content=self.content,
            templates=self.root / "templates",
            out=out or self.out,
            today=dt.date.fromisoformat(TODAY),
            cache=cache,
            jobs=jobs,
        )

    def write(self, rel: str, text: str) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def article(self, name: str, text: str) -> Path:
        return self.write(f"articles/{name}", text)

    def run(self, *args: str) -> Result:
        """Run the command line in the site folder, as an editor would."""
        self.capsys.readouterr()
        cwd = Path.cwd()
        os.chdir(self.root)
        try:
            code = main(list(args))
        finally:
            os.chdir(cwd)
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def build(self, *args: str) -> Result:
        return self.run("build", "--today", TODAY, *args)

    def check(self, *args: str) -> Result:
        return self.run("check", "--today", TODAY, *args)

    def html(self, rel: str) -> str:
        return (self.out / rel).read_text(encoding="utf-8")

    def tree(self) -> dict[str, bytes]:
        """Every output file and its bytes, to compare builds."""
        return {
            p.relative_to(self.out).as_posix(): p.read_bytes()
            for p in sorted(self.out.rglob("*"))
            if p.is_file()
        }
