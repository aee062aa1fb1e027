"""Assemble the site graph: every page, its path, and the links between pages. No I/O."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .markdown import RenderedArticle, RenderedContent
from .model import Article, PartialDate, Project, SiteConfig, Stance, TimelineEvent

INDEX = "index.html"
TIMELINE = "timeline/index.html"
ABOUT = "about/index.html"
NOT_FOUND = "404.html"
# An article page shows at most this many articles of each other stance, the closest in time.
PERSPECTIVES_PER_STANCE = 4


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
    perspectives: tuple[Perspective, ...]
    events: tuple[TimelineEvent, ...]

    @property
    def perspectives_abridged(self) -> bool:
        """Whether some stance has more articles than the page shows."""
        return any(p.total > len(p.entries) for p in self.perspectives)


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
    dates = stance_dates(groups)
    events_by_slug: dict[str, list[TimelineEvent]] = {}
    for event in project.timeline:
        for slug in event.articles:
            events_by_slug.setdefault(slug, []).append(event)
    article_pages = tuple(
        Page(
            path=entry.path,
            template="article.html",
            title=entry.article.title,
            description=entry.article.summary,
            article=ArticlePage(
                entry=entry,
                body=bodies[entry.article.slug],
                previous=chronology[position - 1] if position > 0 else None,
                following=chronology[position + 1] if position + 1 < len(chronology) else None,
                perspectives=other_perspectives(entry, groups, dates),
                events=tuple(events_by_slug.get(entry.article.slug, ())),
            ),
        )
        for position, entry in enumerate(chronology)
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
    by_stance: dict[str, list[Entry]] = {stance.key: [] for stance in stances}
    for entry in chronology:
        by_stance[entry.stance.key].append(entry)
    return tuple(StanceGroup(s, tuple(reversed(by_stance[s.key]))) for s in stances)


@dataclass(frozen=True, slots=True)
class Perspective:
    """Articles of another stance shown on an article's page: a few, out of `total`."""

    stance: Stance
    entries: tuple[Entry, ...]  # newest first
    total: int


def other_perspectives(
    entry: Entry,
    groups: Sequence[StanceGroup],
    dates: Mapping[str, Sequence[dt.date]],
    *,
    per_stance: int = PERSPECTIVES_PER_STANCE,
) -> tuple[Perspective, ...]:
    """For each other stance, the articles published closest in time to `entry`.

    `dates` holds each stance's publication dates, oldest first, so each look-up is a bisection.
    """
    when = entry.article.published.latest
    found = []
    for group in groups:
        if group.stance.key == entry.stance.key or not group.entries:
            continue
        ordered = dates[group.stance.key]
        low = high = bisect.bisect_left(ordered, when)
        while high - low < min(per_stance, len(ordered)):
            closer_before = high == len(ordered) or (
                low > 0 and when - ordered[low - 1] <= ordered[high] - when
            )
            low, high = (low - 1, high) if closer_before else (low, high + 1)
        count = len(ordered)
        chosen = group.entries[count - high : count - low]  # entries are newest first
        found.append(Perspective(group.stance, chosen, count))
    return tuple(found)


def stance_dates(groups: Sequence[StanceGroup]) -> dict[str, tuple[dt.date, ...]]:
    """Each stance's publication dates, oldest first."""
    return {
        group.stance.key: tuple(e.article.published.latest for e in reversed(group.entries))
        for group in groups
    }


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
