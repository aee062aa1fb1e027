"""The build, top to bottom: load -> render -> assemble -> templates -> write."""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from .errors import Problem, ReaderError
from .interrupts import ctrl_c_deferred
from .output import MARKER, remove_leftovers
from .stamp import cache_problem, input_stamp, load_stamp, output_stamp, save_stamp

if TYPE_CHECKING:
    import jinja2

    from .model import Project


@dataclass(frozen=True, slots=True)
class BuildReport:
    pages: int
    files: int
    size: int
    drafts_skipped: int
    seconds: float
    warnings: tuple[str, ...] = ()
    bodies_rendered: int = 0  # the rest came from the cache
    files_unchanged: int = 0  # kept from the previous build, bytes and mtime
    pages_kept: int = 0  # not even rendered: nothing they show had changed
    up_to_date: bool = False  # nothing changed since the last build: nothing was done


def build(
    project_dir: Path,
    out: Path,
    *,
    base_url: str | None = None,
    drafts: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cache: bool = True,
    search: bool = True,
    pagefind: Path | None = None,
) -> BuildReport:
    """Build the site of the project in `project_dir` into `out`; raise ReaderError if it can't.

    `progress(done, total)`, if given, is told of each file written. With `cache`, bodies
    rendered by earlier builds are taken from .reader-cache/, and the cache is updated. With
    `search`, Pagefind (`pagefind`, else the one `pagefind-bin` installed) indexes the site
    before it is swapped in.
    """
    started = time.perf_counter()
    cache_warning = cache_problem(project_dir) if cache else None
    if cache_warning is not None:
        cache = False
        cache_warning = f"{cache_warning}: building without it"
    # Whether and with which Pagefind the site is indexed changes the output too.
    options = (base_url or "", str(drafts), str(search), str(pagefind))
    stamp = input_stamp(project_dir, *options) if cache else ""
    last = load_stamp(project_dir) if cache else {}
    # The output as the last build left it, untouched since: its files can be trusted.
    intact = bool(last) and (out / MARKER).is_file() and last.get("output") == output_stamp(out)
    if stamp and intact:
        previous = _up_to_date(last, stamp, started)
        if previous is not None:
            remove_leftovers(out.resolve())  # what a build killed since may have left
            return previous
    # Only now, with work to do: the renderers are most of a small build's start-up time.
    with ctrl_c_deferred():  # an import cut short can fail strangely
        from .bodies import render_bodies
        from .cache import BodyCache
        from .entries import actor_path, links_from_articles
        from .feeds import publishing_paths, render_publishing
        from .metadata import publishing_warnings
        from .output import write_site
        from .search import find_pagefind, index_site, prepare_indexer, search_shards
        from .site import assemble_site
        from .templates import PageFingerprints, render_site

    project, environment, static = load_inputs(project_dir, base_url=base_url, cache=cache)
    indexer, search_warning = (
        prepare_indexer(pagefind or find_pagefind()) if search else (None, None)
    )
    actor_pages = {actor.key: actor_path(actor.key) for actor in project.actors}
    bodies = render_bodies(
        project,
        actor_links=links_from_articles(actor_pages),
        cache=BodyCache.of(project_dir) if cache else None,
    )
    rendered = bodies.content
    site = assemble_site(project, rendered, drafts=drafts)
    shards = search_shards(site) if indexer is not None else ()
    site = replace(site, search_bundles=tuple(shard.folder for shard in shards))
    fingerprints = None
    if cache:
        known = {id(body): bodies.keys[body.slug].encode() for body in rendered.articles}
        pages = last.get("pages") if intact else None
        fingerprints = PageFingerprints(pages if _is_str_map(pages) else {}, known)
    files: Iterable[tuple[str, bytes | None]] = itertools.chain(
        static.items(),
        render_site(site, environment, fingerprints=fingerprints),
        render_publishing(site),
    )
    if progress is not None:
        total = len(static) + 1 + len(site.pages) + len(publishing_paths(site))
        files = _reporting(files, total, progress)
    shard_keys = {shard.name: shard.key(indexer) for shard in shards} if indexer else {}
    finish = None
    if indexer is not None:
        last_shards = last.get("shards") if intact else None
        reusable = {
            name
            for name, key in shard_keys.items()
            if _is_str_map(last_shards) and last_shards.get(name) == key
        }
        finish = functools.partial(index_site, indexer=indexer, shards=shards, reusable=reusable)
    written = write_site(files, out, project=project_dir, finish=finish)
    warnings = (
        *site.warnings,
        *publishing_warnings(site),
        *((search_warning,) if search_warning else ()),
        *((cache_warning,) if cache_warning else ()),
        *written.warnings,
    )
    report = BuildReport(
        pages=len(site.pages),
        files=written.files,
        size=written.size,
        drafts_skipped=0 if drafts else sum(a.draft for a in project.articles),
        seconds=time.perf_counter() - started,
        warnings=warnings,
        bodies_rendered=bodies.rendered,
        files_unchanged=written.unchanged,
        pages_kept=fingerprints.kept if fingerprints else 0,
    )
    if cache:
        BodyCache.of(project_dir).keep_only(bodies.keys.values())
        record = {
            "input": stamp,
            "output": output_stamp(out),
            "report": asdict(report),
            "pages": fingerprints.current if fingerprints else {},
            "shards": shard_keys,
        }
        save_stamp(project_dir, record)
    return report


def _up_to_date(record: dict[str, object], stamp: str, started: float) -> BuildReport | None:
    """The last build's report, if its sources are as they were (its output is, the caller
    has checked)."""
    last = record.get("report")
    if record.get("input") != stamp or not isinstance(last, dict):
        return None
    try:
        report = BuildReport(**{**last, "warnings": tuple(last.get("warnings", ()))})
    except TypeError:
        return None
    return replace(
        report,
        seconds=time.perf_counter() - started,
        bodies_rendered=0,
        files_unchanged=report.files,
        pages_kept=report.pages,
        up_to_date=True,
    )


def _is_str_map(value: object) -> TypeGuard[dict[str, str]]:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _reporting(
    files: Iterable[tuple[str, bytes | None]], total: int, progress: Callable[[int, int], None]
) -> Iterator[tuple[str, bytes | None]]:
    """Pass `files` on, telling `progress` once each has been written."""
    for done, item in enumerate(files, start=1):
        yield item
        progress(done, total)


def load_inputs(
    project_dir: Path, *, base_url: str | None, cache: bool = False
) -> tuple[Project, jinja2.Environment, dict[str, bytes]]:
    """Load content, templates and static files, reporting the problems of all in one error
    (and then those of the article bodies too, which would otherwise be found only once the
    rest is right). With `cache`, articles validated before come from .reader-cache/."""
    with ctrl_c_deferred():
        from .content import ContentError, load_project, normalise_base_url
        from .loadcache import ArticleCache
        from .model import ArticleBody
        from .templates import compile_templates, load_static, load_templates
        from .yamlnodes import is_http_url

    problems: list[Problem] = []
    if base_url is not None and not is_http_url(base_url):
        problems.append(Problem("--base-url", 0, f"'{base_url}' is not an http(s) URL"))
    project, environment = None, None
    try:
        project = load_project(project_dir, cache=ArticleCache.of(project_dir) if cache else None)
    except ContentError as exc:
        problems.extend(exc.problems)
        bodies: Sequence[ArticleBody] = exc.bodies
    except ReaderError as exc:  # no body known
        problems.extend(exc.problems)
        bodies = ()
    else:
        bodies = [ArticleBody(a.path, a.body, a.body_line) for a in project.articles]
    try:
        files = load_templates(project_dir)
        environment = compile_templates(files.sources, files.shown)
    except ReaderError as exc:
        problems.extend(exc.problems)
    try:
        static = load_static(project_dir)
    except ReaderError as exc:
        problems.extend(exc.problems)
    if problems or project is None or environment is None:
        with ctrl_c_deferred():
            from .markdown import find_body_problems
        raise ReaderError([*problems, *find_body_problems(bodies)])
    if base_url is not None:
        config = replace(project.config, base_url=normalise_base_url(base_url))
        project = replace(project, config=config)
    return project, environment, static
