"""Render every article body: from the cache where it can, on all cores when there is a lot.

A body's HTML depends only on its Markdown, its slug and the actors (their aliases and pages),
so a body seen before is taken from the cache, and the rest are split across worker processes
when there are enough of them to repay starting the workers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from markdown_it import MarkdownIt

from .cache import body_key, render_digest
from .errors import Problem, ReaderError
from .interrupts import ctrl_c_left_to_us
from .markdown import (
    RenderedArticle,
    RenderedContent,
    make_parser,
    render_articles,
    render_markdown,
)
from .mentions import Matcher, compile_matcher
from .model import Actor, Article, Project

# Below this many bodies to render, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
CHUNKS_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class RenderedBodies:
    content: RenderedContent
    cache: dict[str, RenderedArticle]  # what the next build's cache should hold
    rendered: int  # how many bodies were rendered rather than taken from the cache


def render_bodies(
    project: Project,
    *,
    actor_links: Mapping[str, str],
    cached: Mapping[str, RenderedArticle],
    workers: int | None = None,
) -> RenderedBodies:
    """Render every body (cache first), then the about text; raise ReaderError for all problems."""
    actors = json.dumps([asdict(a) for a in project.actors], sort_keys=True)
    digest = render_digest(actors, json.dumps(dict(actor_links), sort_keys=True))
    keys = {a.slug: body_key(a.slug, a.body, digest) for a in project.articles}
    todo = [a for a in project.articles if keys[a.slug] not in cached]
    workers = workers or os.cpu_count() or 1
    if len(todo) >= PARALLEL_FROM and workers > 1:
        fresh, problems = _render_in_workers(todo, project.actors, actor_links, workers)
    else:
        fresh, problems = _render_here(
            todo, make_parser(), compile_matcher(project.actors), actor_links
        )
    if problems:
        raise ReaderError(problems)
    by_slug = {body.slug: body for body in fresh}
    articles = tuple(by_slug.get(a.slug) or cached[keys[a.slug]] for a in project.articles)
    about = render_markdown(project.about, parser=make_parser()) if project.about else ""
    cache = {keys[body.slug]: body for body in articles}
    return RenderedBodies(RenderedContent(articles, about), cache, len(todo))


def _render_here(
    articles: Sequence[Article],
    parser: MarkdownIt,
    matcher: Matcher,
    actor_links: Mapping[str, str],
) -> tuple[list[RenderedArticle], list[Problem]]:
    """Render `articles`; problems are returned, not raised, so they can cross processes."""
    try:
        rendered = render_articles(
            articles, parser=parser, matcher=matcher, actor_links=actor_links
        )
    except ReaderError as exc:
        return [], list(exc.problems)
    return list(rendered), []


def _render_in_workers(
    articles: Sequence[Article],
    actors: Sequence[Actor],
    actor_links: Mapping[str, str],
    workers: int,
) -> tuple[list[RenderedArticle], list[Problem]]:
    # Imported here: a small build, rendered in this process, does not pay for them.
    import multiprocessing

    size = max(1, -(-len(articles) // (workers * CHUNKS_PER_WORKER)))
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
    # A fresh server process forks the workers, so they do not inherit this process's memory.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ctrl_c_left_to_us():
        pool = context.Pool(workers, _start_worker, (tuple(actors), dict(actor_links)))
    with pool:  # leaving it, even by Ctrl-C, stops the workers at once
        results = pool.map(_render_chunk, chunks)
    rendered = [body for bodies, _ in results for body in bodies]
    problems = [problem for _, found in results for problem in found]
    return rendered, problems


# Each worker process builds its parser once, in its initializer; this is that process's own
# state, never the building process's.
_worker: tuple[MarkdownIt, Matcher, dict[str, str]] | None = None


def _start_worker(actors: tuple[Actor, ...], actor_links: dict[str, str]) -> None:
    global _worker
    _worker = (make_parser(), compile_matcher(actors), actor_links)


def _render_chunk(chunk: Sequence[Article]) -> tuple[list[RenderedArticle], list[Problem]]:
    assert _worker is not None, "worker started without its initializer"
    parser, matcher, actor_links = _worker
    return _render_here(chunk, parser, matcher, actor_links)
