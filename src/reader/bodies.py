"""Render every article body: from the cache where it can, on all cores when there is a lot.

A body's HTML depends only on its Markdown, its slug and the actors (their aliases and pages),
and the quotes kept with it on the paragraphs its positions name, so a body seen before is
taken from the cache, and the rest are split across worker processes when there are enough of
them to repay starting the workers. Whichever process renders a body puts it in the cache.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from markdown_it import MarkdownIt

from .cache import BodyCache, body_key, render_digest
from .errors import Problem, ReaderError
from .interrupts import ctrl_c_left_to_us
from .markdown import (
    RESERVED_IDS,
    RenderedArticle,
    RenderedContent,
    make_parser,
    render_articles,
    render_markdown,
)
from .mentions import Matcher, compile_matcher
from .model import Actor, Article, Project
from .questions import paragraph_problems
from .workers import can_fork, forked_pool

# Below this many bodies to render, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
CHUNKS_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class RenderedBodies:
    content: RenderedContent
    keys: Mapping[str, str]  # slug -> the cache key of its body (a digest of all it depends on)
    rendered: int  # how many bodies were rendered rather than taken from the cache


def render_bodies(
    project: Project,
    *,
    actor_links: Mapping[str, str],
    cache: BodyCache | None,
    workers: int | None = None,
) -> RenderedBodies:
    """Render every body (cache first), then the about text; raise ReaderError for all problems.

    Bodies rendered here are put in `cache`, if there is one.
    """
    actors = json.dumps([asdict(a) for a in project.actors], sort_keys=True)
    # The ids headings may not take shape bodies too: a new one must not leave a stale body.
    reserved = ",".join(sorted(RESERVED_IDS))
    digest = render_digest(actors, json.dumps(dict(actor_links), sort_keys=True), reserved)
    keys = {
        a.slug: body_key(a.slug, a.body, digest, quoted=(p.para for p in a.positions))
        for a in project.articles
    }
    cached = {a.slug: cache.get(keys[a.slug]) if cache else None for a in project.articles}
    todo = [(a, keys[a.slug]) for a in project.articles if cached[a.slug] is None]
    workers = workers or os.cpu_count() or 1
    if len(todo) >= PARALLEL_FROM and workers > 1:
        fresh, problems = _render_in_workers(todo, project.actors, actor_links, cache, workers)
    else:
        matcher = compile_matcher(project.actors)
        fresh, problems = _render_here(todo, make_parser(), matcher, actor_links, cache)
    by_slug = {body.slug: body for body in fresh}
    articles: list[RenderedArticle] = []
    for article in project.articles:
        body = by_slug.get(article.slug) or cached[article.slug]
        assert body is not None or problems, "every body is rendered or cached"
        if body is not None:
            articles.append(body)
    # A position's paragraph is known to exist only now that the paragraphs are numbered.
    paragraphs = {body.slug: body.paragraphs for body in articles}
    problems += paragraph_problems(project.articles, paragraphs)
    if problems:
        raise ReaderError(problems)
    about = render_markdown(project.about, parser=make_parser()) if project.about else ""
    content = RenderedContent(tuple(articles), about)
    return RenderedBodies(content, keys, len(todo))


def _render_here(
    todo: Sequence[tuple[Article, str]],
    parser: MarkdownIt,
    matcher: Matcher,
    actor_links: Mapping[str, str],
    cache: BodyCache | None,
) -> tuple[list[RenderedArticle], list[Problem]]:
    """Render `todo` (article, cache key); problems are returned, not raised, so that they can
    cross processes."""
    try:
        rendered = render_articles(
            [article for article, _ in todo],
            parser=parser,
            matcher=matcher,
            actor_links=actor_links,
        )
    except ReaderError as exc:
        return [], list(exc.problems)
    if cache is not None:
        for (_, key), body in zip(todo, rendered, strict=True):
            cache.put(key, body)
    return list(rendered), []


def _render_in_workers(
    todo: Sequence[tuple[Article, str]],
    actors: Sequence[Actor],
    actor_links: Mapping[str, str],
    cache: BodyCache | None,
    workers: int,
) -> tuple[list[RenderedArticle], list[Problem]]:
    global _todo, _worker
    size = max(1, -(-len(todo) // (workers * CHUNKS_PER_WORKER)))
    chunks = [range(i, min(i + size, len(todo))) for i in range(0, len(todo), size)]
    if can_fork():  # the children share the articles and the parser: only results come back
        _todo, _worker = todo, (make_parser(), compile_matcher(actors), dict(actor_links), cache)
        try:
            with forked_pool(workers) as pool:
                results = pool.map(_render_chunk, chunks)
        finally:
            _todo, _worker = (), None
    else:
        results = _render_in_spawned(todo, chunks, actors, actor_links, cache, workers)
    rendered = [body for bodies, _ in results for body in bodies]
    problems = [problem for _, found in results for problem in found]
    return rendered, problems


def _render_in_spawned(
    todo: Sequence[tuple[Article, str]],
    chunks: Sequence[range],
    actors: Sequence[Actor],
    actor_links: Mapping[str, str],
    cache: BodyCache | None,
    workers: int,
) -> list[tuple[list[RenderedArticle], list[Problem]]]:
    """Where this process may not fork (`reader serve`, with its threads): workers forked by
    a fresh server process, each sent its articles."""
    import multiprocessing

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ctrl_c_left_to_us():
        pool = context.Pool(workers, _start_worker, (tuple(actors), dict(actor_links), cache))
    with pool:  # leaving it, even by Ctrl-C, stops the workers at once
        return pool.map(_render_sent, [[todo[i] for i in chunk] for chunk in chunks])


# A worker's parser, matcher, links and cache: built before forking, or by the initializer of
# a spawned worker; and, in forked children, the articles to render.
_worker: tuple[MarkdownIt, Matcher, dict[str, str], BodyCache | None] | None = None
_todo: Sequence[tuple[Article, str]] = ()


def _start_worker(
    actors: tuple[Actor, ...], actor_links: dict[str, str], cache: BodyCache | None
) -> None:
    global _worker
    _worker = (make_parser(), compile_matcher(actors), actor_links, cache)


def _render_chunk(chunk: range) -> tuple[list[RenderedArticle], list[Problem]]:
    assert _worker is not None, "a child forked without its parser"
    return _render_here([_todo[i] for i in chunk], *_worker)


def _render_sent(
    chunk: Sequence[tuple[Article, str]],
) -> tuple[list[RenderedArticle], list[Problem]]:
    assert _worker is not None, "worker started without its initializer"
    return _render_here(chunk, *_worker)
