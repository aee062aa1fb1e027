"""Assemble the site graph: every page, its path, and the links between pages. No I/O."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from .markdown import RenderedArticle, RenderedContent
from .model import Article, PartialDate, Project, SiteConfig, Stance, TimelineEvent

INDEX = "index.html"
TIMELINE = "timeline/index.html"
ABOUT = "about/index.html"
NOT_FOUND = "404.html"


def article_path(slug: str) -> str:
    return f"articles/{slug}/index.html"


def stance_anchor(key: str) -> str:
    return f"stance-{key}"


@dataclass(frozen=True, slots=True)
class Entry:
    """An article as other pages list it: with its stance and its page's path."""

    article: Article
    stance: Stance
    path: str

    @property
    def timeline_anchor(self) -> str:
        return f"article-{self.article.slug}"


@dataclass(frozen=True, slots=True)
class StanceGroup:
    stance: Stance
    entries: tuple[Entry, ...]  # newest first

    @property
    def anchor(self) -> str:
        return stance_anchor(self.stance.key)


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One row of the timeline: an event, or an article's publication."""

    date: PartialDate
    anchor: str
    event: TimelineEvent | None = None
    entry: Entry | None = None
    event_entries: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineYear:
    year: int
    items: tuple[TimelineItem, ...]


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """What an article's page shows besides the shared chrome."""

    entry: Entry
    body: RenderedArticle
    previous: Entry | None
    following: Entry | None
    perspectives: tuple[StanceGroup, ...]
    events: tuple[TimelineEvent, ...]


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    template: str
    title: str
    description: str
    article: ArticlePage | None = None


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    groups: tuple[StanceGroup, ...]
    chronology: tuple[Entry, ...]  # oldest first
    timeline: tuple[TimelineYear, ...]
    about_html: str
    pages: tuple[Page, ...]


def assemble_site(project: Project, rendered: RenderedContent, *, drafts: bool) -> Site:
    """Build the site graph from the validated project and its rendered bodies."""
    stances = {stance.key: stance for stance in project.stances}
    chronology = tuple(
        Entry(article, stances[article.stance], article_path(article.slug))
        for article in sorted(project.articles, key=lambda a: a.sort_key)
        if drafts or not article.draft
    )
    groups = group_by_stance(project.stances, chronology)
    bodies = {body.slug: body for body in rendered.articles}
    article_pages = tuple(
        Page(
            path=entry.path,
            template="article.html",
            title=entry.article.title,
            description=entry.article.summary,
            article=_article_page(entry, bodies[entry.article.slug], chronology, project),
        )
        for entry in chronology
    )
    config = project.config
    pages = (
        Page(INDEX, "index.html", config.title, config.description),
        Page(TIMELINE, "timeline.html", "Timeline", f"Events and articles: {config.description}"),
        Page(ABOUT, "about.html", "About this reader", "How this reader was put together."),
        Page(NOT_FOUND, "404.html", "Page not found", "There is no page at this address."),
        *article_pages,
    )
    timeline = build_timeline(project.timeline, chronology)
    return Site(config, groups, chronology, timeline, rendered.about_html, pages)


def group_by_stance(
    stances: Sequence[Stance], chronology: Sequence[Entry]
) -> tuple[StanceGroup, ...]:
    """One group per stance in display order, newest article first; a group may be empty."""
    return tuple(
        StanceGroup(
            stance,
            tuple(reversed([e for e in chronology if e.stance.key == stance.key])),
        )
        for stance in stances
    )


def _article_page(
    entry: Entry, body: RenderedArticle, chronology: Sequence[Entry], project: Project
) -> ArticlePage:
    position = chronology.index(entry)
    others = [
        group
        for group in group_by_stance(project.stances, chronology)
        if group.stance.key != entry.stance.key and group.entries
    ]
    events = tuple(e for e in project.timeline if entry.article.slug in e.articles)
    return ArticlePage(
        entry=entry,
        body=body,
        previous=chronology[position - 1] if position > 0 else None,
        following=chronology[position + 1] if position + 1 < len(chronology) else None,
        perspectives=tuple(others),
        events=events,
    )


def build_timeline(
    events: Sequence[TimelineEvent], chronology: Sequence[Entry]
) -> tuple[TimelineYear, ...]:
    """Interleave events and articles in date order, grouped by year.

    An event known only to the month stands at the start of that month; an article known only
    to the month stands at its end, after the events it can have known about.
    """
    by_slug = {entry.article.slug: entry for entry in chronology}
    keyed: list[tuple[tuple[dt.date, int, str], TimelineItem]] = []
    for event in events:
        entries = tuple(by_slug[slug] for slug in event.articles if slug in by_slug)
        item = TimelineItem(event.date, event.anchor, event=event, event_entries=entries)
        keyed.append(((event.date.earliest, 0, event.title), item))
    for entry in chronology:
        published = entry.article.published
        item = TimelineItem(published, entry.timeline_anchor, entry=entry)
        keyed.append(((published.latest, 1, entry.article.slug), item))
    items = [item for _, item in sorted(keyed, key=lambda pair: pair[0])]
    return tuple(
        TimelineYear(year, tuple(group))
        for year, group in itertools.groupby(items, key=lambda item: item.date.year)
    )
