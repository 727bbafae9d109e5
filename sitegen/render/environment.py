"""The Jinja environment, and the one rule every page obeys: it carries the health notice.

Templates are trusted (they belong to the site's maintainers); content is not, so every
value from content is autoescaped, and only HTML that went through the sanitiser in
markdown/ is marked safe.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup as SafeHTML

from sitegen.load.files import display_path
from sitegen.model import urls
from sitegen.model.config import SiteConfig
from sitegen.model.options import CSP
from sitegen.model.paths import DisplayPath, SitePath
from sitegen.model.problems import SiteError, error
from sitegen.model.site import Site
from sitegen.render.notice import NOTICE_ID, notice_problem

# A site's template may extend the default one it replaces: {% extends "theme/base.html" %}.
THEME_PREFIX = "theme"

EVIDENCE_WORDS = {"high": "High", "moderate": "Moderate", "low": "Low", "very-low": "Very low"}


VERDICT_WORDS = {
    "supported": "Supported",
    "limited": "Limited evidence",
    "unsupported": "Unsupported",
    "contradicted": "Contradicted",
}


@dataclass(frozen=True, slots=True)
class Nav:
    """Links every page shows, as (site path, title)."""

    header: tuple[tuple[SitePath, str], ...]
    footer: tuple[tuple[SitePath, str], ...]


_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """Write a date the way readers say it: 3 March 2026 (as strftime's %B would, faster)."""
    return f"{day.day} {_MONTHS[day.month]} {day.year}"


@functools.cache
def theme_folder() -> Path:
    """The default theme's folder: installed as sitegen/theme, this repository's templates/.

    `python build.py` in a checkout imports the checkout's sitegen, which has no theme
    package unless the install is editable (which maps one onto templates/): there, the
    checkout's own templates/ is the theme.
    """
    spec = importlib.util.find_spec("sitegen.theme")  # found, not imported: nothing runs
    if spec is not None and spec.submodule_search_locations:
        return Path(spec.submodule_search_locations[0])
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if (checkout / "base.html").is_file():
        return checkout
    raise RuntimeError("the default theme (sitegen.theme) is not installed with sitegen")


def template_folders(templates: Path) -> tuple[Path, Path]:
    """Where templates and static files come from, first match wins: the site's, the theme's."""
    return (templates, theme_folder())


def template_loader(templates: Path) -> jinja2.BaseLoader:
    """The site's own templates, file by file, over the theme's; "theme/x" is always the theme's."""
    theme = jinja2.FileSystemLoader(theme_folder())
    return jinja2.ChoiceLoader(
        [jinja2.PrefixLoader({THEME_PREFIX: theme}), jinja2.FileSystemLoader(templates), theme]
    )


class Compiled(jinja2.BytecodeCache):
    """Compiled templates kept in memory between builds (the preview rebuilds often).

    Jinja keys each entry by the template's name and a checksum of its source, so an
    edited template is compiled again; the others are not compiled for every rebuild.
    """

    def __init__(self) -> None:
        self.held: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.held.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.held[bucket.key] = bucket.bytecode_to_string()


class _Badge:
    """A badge macro of _macros.html, rendered once per value and then remembered.

    Pages show many badges made from a handful of values: calling the macro for each
    one is a noticeable part of Jinja's time on a page.
    """

    def __init__(self, env: jinja2.Environment, macro: str) -> None:
        self.env = env
        self.macro = macro
        self.seen: dict[str, SafeHTML] = {}

    def __call__(self, value: str) -> SafeHTML:
        html = self.seen.get(value)
        if html is None:
            # Looked up at the first badge, inside a page's rendering, so that an error in
            # _macros.html is reported like any other template error.
            macros = self.env.get_template("_macros.html").module
            html = self.seen[value] = getattr(macros, self.macro)(value)
        return html


class Renderer:
    """Renders templates into bytes; refuses any page that could lose the health notice."""

    def __init__(
        self,
        templates: Path,
        config: SiteConfig,
        nav: Nav,
        today: dt.date,
        csp: str = CSP,
        compiled: jinja2.BytecodeCache | None = None,
    ) -> None:
        self.templates = templates
        self.config = config
        self.csp = csp
        self.env = jinja2.Environment(
            loader=template_loader(templates),
            bytecode_cache=compiled,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # A renderer lives for one build: looking for edited templates on every page
            # (three stats each) would find nothing.
            auto_reload=False,
        )
        self.env.filters["long_date"] = long_date
        self.env.globals.update(
            site=config,
            nav=nav,
            today=today,
            csp=SafeHTML(csp),
            evidence_words=EVIDENCE_WORDS,
            verdict_words=VERDICT_WORDS,
            certainty_badge=_Badge(self.env, "certainty"),
            severity_badge=_Badge(self.env, "severity"),
            verdict_badge=_Badge(self.env, "verdict"),
        )

    def page(
        self,
        template: str,
        site_path: SitePath,
        absolute: bool = False,
        canonical_path: SitePath | None = None,
        **context: Any,
    ) -> bytes:
        """Render one HTML page at `site_path`; links are relative unless `absolute`."""
        pretty = self.config.pretty_urls

        def url(to: str) -> str:  # templates name pages by their site paths
            if absolute:
                return urls.absolute(self.config.base_url, SitePath(to))
            return urls.relative(site_path, SitePath(to), pretty)

        html = self._render(
            template,
            url=url,
            page_path=site_path,
            canonical=urls.absolute(self.config.base_url, canonical_path or site_path),
            **context,
        )
        self._require_notice(template, site_path, html)
        return html.encode("utf-8")

    def theme_file(self, name: str) -> str:
        """The text of a file of the theme, such as "static/style.css"."""
        loader = self.env.loader
        assert loader is not None
        return loader.get_source(self.env, name)[0]

    def text(self, template: str, **context: Any) -> bytes:
        """Render a non-HTML file (feed, sitemap)."""
        return self._render(template, **context).encode("utf-8")

    def _render(self, template: str, **context: Any) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            where = display_path(Path(exc.filename or template))
            raise SiteError([error(where, exc.lineno, f"template syntax: {exc.message}")]) from exc
        except jinja2.TemplateNotFound as exc:
            raise SiteError(
                [error(display_path(self.templates), 0, f"template '{exc.name}' not found")]
            ) from exc
        except jinja2.TemplateError as exc:
            path, line = _template_frame(exc, self.templates)
            where = path or DisplayPath(template)
            raise SiteError([error(where, line, f"template: {exc}")]) from exc

    def _require_notice(self, template: str, site_path: SitePath, html: str) -> None:
        problem = notice_problem(html)
        if problem is not None:
            shown = display_path(self.templates / template)
            raise SiteError(
                [
                    error(
                        shown,
                        0,
                        f"the page '{urls.output_file(site_path)}' must "
                        f"contain exactly one element with {NOTICE_ID} before <main> "
                        f"({problem}); keep the notice in base.html",
                    )
                ]
            )


def _template_frame(exc: BaseException, templates: Path) -> tuple[DisplayPath | None, int]:
    """Find the template file and line a rendering error came from."""
    found: tuple[DisplayPath | None, int] = (None, 0)
    tb = exc.__traceback__
    root = str(templates.resolve())
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root) or filename.endswith((".html", ".xml", ".txt")):
            found = (display_path(Path(filename)), tb.tb_lineno)
        tb = tb.tb_next
    return found


def nav(site: Site) -> Nav:
    """The links in every page's header and footer."""
    header = [
        (urls.TOPICS, "Topics"),
        (urls.RISKS, "Risks"),
        (urls.CLAIMS, "Claims checked"),
        (urls.SOURCES, "Sources"),
        (urls.SEARCH, "Search"),
    ]
    header += [(p.url, p.title) for p in site.pages if p.slug == "about"]
    return Nav(tuple(header), tuple((p.url, p.title) for p in site.pages))
