"""What every article must cover, and the shared blocks pages include.

site.yaml may require every published article to have a risk of some kinds and to include
some blocks; an article that leaves one out must say why in `not_applicable`, and readers
see the reason on the page. Includes of blocks that do not exist, that have errors, or
that would include themselves are errors at the including line.
"""

from __future__ import annotations

from collections.abc import Mapping

from sitegen.load.includes import COVERAGE, reached
from sitegen.model.content import Article, Block, Include, Page
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, error, warning
from sitegen.model.site import Site
from sitegen.model.text import suggest


def check_coverage(site: Site) -> list[Problem]:
    """Check every include, the required coverage of articles, and not_applicable."""
    problems: list[Problem] = []
    problems += _required_blocks_exist(site)
    for block in site.blocks.values():
        problems += _includes(site, block.file.path, block.file.includes, False)
        problems += _cycle(block, site.blocks)
    for doc in site.documents():
        problems += _includes(site, doc.file.path, doc.file.includes, isinstance(doc, Page))
    for article in site.articles:
        if not article.draft:
            problems += _covered(site, article)
    return problems


def _required_blocks_exist(site: Site) -> list[Problem]:
    names = [*site.blocks, *site.broken_blocks]
    return [
        error(
            DisplayPath("content/site.yaml"),
            0,
            f"'required' lists the block '{name}', which is not in content/blocks/"
            f"{suggest(name, names)}",
        )
        for name in site.config.required_blocks
        if name not in names
    ]


def _includes(
    site: Site, path: DisplayPath, includes: tuple[Include, ...], page: bool
) -> list[Problem]:
    problems = []
    for include in includes:
        name = include.name
        block = site.blocks.get(name)
        if name == COVERAGE:
            continue
        if name in site.broken_blocks:
            message = f"block '{name}' cannot be included: content/blocks/{name}.md has errors"
        elif block is None:
            message = (
                f"no shared block '{name}' in content/blocks/{suggest(name, site.blocks)}"
                f" (blocks: {', '.join(sorted(site.blocks)) or 'none yet'})"
            )
        elif page and any(b.sources for b in reached((include,), site.blocks)):
            message = (
                f"block '{name}' cites sources, and site pages have no reference list; "
                "include it in articles only"
            )
        else:
            continue
        problems.append(error(path, include.line, message))
    return problems


def _cycle(block: Block, blocks: Mapping[str, Block]) -> list[Problem]:
    """An error at the include of a block that leads back to itself."""
    for include in block.file.includes:
        path = [block.name]
        waiting = [(include.name, [include.name])]
        seen: set[str] = set()
        while waiting:
            name, route = waiting.pop()
            if name == block.name:
                through = " → ".join([*path, *route])
                return [
                    error(
                        block.file.path,
                        include.line,
                        f"block '{block.name}' includes itself ({through}); remove the include",
                    )
                ]
            found = blocks.get(name)
            if found is None or name in seen:
                continue
            seen.add(name)
            waiting += [(i.name, [*route, i.name]) for i in found.file.includes]
    return []


def _covered(site: Site, article: Article) -> list[Problem]:
    config = site.config
    file = article.file
    exempt = dict(article.not_applicable)
    kinds = {r.kind for r in article.risks if r.kind}
    included = {b.name for b in reached(file.includes, site.blocks)}
    problems = []
    for key in config.required_kinds:
        if key not in kinds and key not in exempt:
            name = config.risk_kind(key).name
            problems.append(
                error(
                    file.path,
                    file.line("risks"),
                    f"no risk of the required kind '{key}' ({name}): add one with "
                    f"'kind: {key}', or say why it does not apply, in not_applicable",
                )
            )
    for name in config.required_blocks:
        if name not in included and name not in exempt and name in site.blocks:
            problems.append(
                error(
                    file.path,
                    file.body_line,
                    f"the body does not include the required block '{name}': add the line "
                    f"::block[{name}], or say why it does not apply, in not_applicable",
                )
            )
    required = (*config.required_kinds, *config.required_blocks)
    for key in exempt:
        where = file.line(f"not_applicable.{key}")
        if key not in required:
            problems.append(
                error(
                    file.path,
                    where,
                    f"not_applicable names '{key}', which site.yaml does not require"
                    f"{suggest(key, required)}",
                )
            )
        elif key in kinds or key in included:
            problems.append(
                warning(
                    file.path,
                    where,
                    f"not_applicable says '{key}' does not apply, but the page covers it; "
                    "remove one of the two",
                )
            )
    return problems
