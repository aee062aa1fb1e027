"""Threads across the articles: the actors they mention, the topics they share, the articles of
other stances that answer them, and the events around when each was written. No I/O."""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .entries import Entry, StanceGroup
from .mentions import Mention
from .model import Actor, Article, Stance, TimelineEvent, Topic

# An article page shows at most this many articles of each other stance.
PERSPECTIVES_PER_STANCE = 4
# Counterpoints are ranked among this many articles of each stance closest in time.
RANKING_WINDOW = 48
MONTHS_BEFORE = 6
# An actor's page quotes this many articles of each stance, and this many sentences of each.
ACTOR_ARTICLES = 30
ACTOR_QUOTES = 5
EVENTS_AFTER = 4


@dataclass(frozen=True, slots=True)
class StanceTimeline:
    """A stance's articles oldest first, with their dates, for bisection."""

    entries: tuple[Entry, ...]
    dates: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class Threads:
    """Which actors and topics each article takes up, and which articles take up each."""

    actors: Mapping[str, Actor]
    topics: Mapping[str, Topic]
    entries: Mapping[str, Entry]  # slug -> entry
    by_article: Mapping[str, tuple[str, ...]]  # slug -> thread ids, actors by mentions first
    by_thread: Mapping[str, tuple[str, ...]]  # thread id -> slugs, oldest first
    timelines: Mapping[str, StanceTimeline]  # stance key -> its articles in time
    sets: Mapping[str, frozenset[str]]  # slug -> its threads, for quick intersections

    def label(self, thread: str) -> str:
        kind, _, key = thread.partition(":")
        return self.actors[key].name if kind == "actor" else self.topics[key].label

    def ubiquitous(self, thread: str) -> bool:
        """Whether every article takes the thread up, so that sharing it says nothing."""
        return len(self.by_thread[thread]) == len(self.by_article)


def actor_thread(key: str) -> str:
    return f"actor:{key}"


def topic_thread(key: str) -> str:
    return f"topic:{key}"


def index_threads(
    chronology: Sequence[Entry],
    mentions: Mapping[str, Sequence[Mention]],
    *,
    actors: Sequence[Actor],
    topics: Sequence[Topic],
) -> Threads:
    """Index the threads of the built articles, both ways."""
    by_article: dict[str, tuple[str, ...]] = {}
    by_thread: dict[str, list[str]] = {}
    for entry in chronology:
        slug = entry.article.slug
        counts = Counter(m.actor for m in mentions.get(slug, ()))
        ranked = sorted(counts, key=lambda key: (-counts[key], key))
        threads = (*map(actor_thread, ranked), *map(topic_thread, entry.article.topics))
        by_article[slug] = threads
        for thread in threads:
            by_thread.setdefault(thread, []).append(slug)
    by_stance: dict[str, list[Entry]] = {}
    for entry in chronology:
        by_stance.setdefault(entry.stance.key, []).append(entry)
    return Threads(
        actors={a.key: a for a in actors},
        topics={t.key: t for t in topics},
        entries={e.article.slug: e for e in chronology},
        by_article=by_article,
        by_thread={thread: tuple(slugs) for thread, slugs in by_thread.items()},
        timelines={
            key: StanceTimeline(tuple(es), tuple(e.article.published.latest for e in es))
            for key, es in by_stance.items()
        },
        sets={slug: frozenset(ts) for slug, ts in by_article.items()},
    )


@dataclass(frozen=True, slots=True)
class Counterpoint:
    """An article of another stance, and the threads it shares with the one being read."""

    entry: Entry
    shared: tuple[str, ...]  # labels of the shared actors and topics


@dataclass(frozen=True, slots=True)
class Perspective:
    """Articles of another stance shown on an article's page: a few, out of `total`."""

    stance: Stance
    counterpoints: tuple[Counterpoint, ...]
    total: int


def rank_perspectives(
    entry: Entry,
    groups: Sequence[StanceGroup],
    threads: Threads,
    *,
    per_stance: int = PERSPECTIVES_PER_STANCE,
    window: int = RANKING_WINDOW,
) -> tuple[Perspective, ...]:
    """For each other stance, the articles that share the most threads with `entry`.

    Candidates are the `window` articles of that stance closest in time (all of them in a
    reader of ordinary size), so the work stays bounded however large the reader grows. Ties,
    and places no shared thread fills, go to the articles closest in time.
    """
    slug = entry.article.slug
    mine = [t for t in threads.by_article[slug] if not threads.ubiquitous(t)]
    mine_set = frozenset(mine)
    when = entry.article.published.latest
    found = []
    for group in groups:
        key = group.stance.key
        if key == entry.stance.key or not group.entries:
            continue
        candidates = nearest_in_time(threads.timelines[key], when, window, exclude={slug})
        # (threads shared, distance rank in time, entry): most shared first, then closest
        ranked = heapq.nsmallest(
            per_stance,
            (
                (-len(mine_set & threads.sets[c.article.slug]), n, c)
                for n, c in enumerate(candidates)
            ),
            key=lambda item: item[:2],
        )
        counterpoints = tuple(
            Counterpoint(
                c,
                tuple(threads.label(t) for t in mine if t in threads.sets[c.article.slug]),
            )
            for _, _, c in ranked
        )
        found.append(Perspective(group.stance, counterpoints, len(group.entries)))
    return tuple(found)


def nearest_in_time(
    timeline: StanceTimeline, when: dt.date, count: int, *, exclude: set[str]
) -> list[Entry]:
    """Up to `count` entries published closest to `when`, skipping `exclude`."""
    oldest_first, dates = timeline.entries, timeline.dates
    low = high = bisect.bisect_left(dates, when)
    found: list[Entry] = []
    while len(found) < count and (low > 0 or high < len(dates)):
        closer_before = high == len(dates) or (
            low > 0 and when - dates[low - 1] <= dates[high] - when
        )
        if closer_before:
            low -= 1
            candidate = oldest_first[low]
        else:
            candidate = oldest_first[high]
            high += 1
        if candidate.article.slug not in exclude:
            found.append(candidate)
    return found


@dataclass(frozen=True, slots=True)
class WrittenContext:
    """The events around an article: what it could know, and what came after it."""

    before: tuple[TimelineEvent, ...]
    around: tuple[TimelineEvent, ...]  # dates too coarse to say which came first
    after: tuple[TimelineEvent, ...]

    def __bool__(self) -> bool:
        return bool(self.before or self.around or self.after)


@dataclass(frozen=True, slots=True)
class Chronicle:
    """Timeline events with their start dates in order, so that the events around a date are
    found by bisection instead of a scan of every event."""

    events: tuple[TimelineEvent, ...]
    order: tuple[int, ...]  # indices into `events`, by start date (ties keep their order)
    starts: tuple[dt.date, ...]  # the start dates in that order
    longest: dt.timedelta  # the widest span of any event's date

    @classmethod
    def of(cls, events: Sequence[TimelineEvent]) -> Chronicle:
        order = sorted(range(len(events)), key=lambda i: events[i].date.earliest)
        spans = (e.date.latest - e.date.earliest for e in events)
        return cls(
            events=tuple(events),
            order=tuple(order),
            starts=tuple(events[i].date.earliest for i in order),
            longest=max(spans, default=dt.timedelta(0)),
        )


def written_context(
    article: Article,
    events: Sequence[TimelineEvent] | Chronicle,
    *,
    months_before: int = MONTHS_BEFORE,
    events_after: int = EVENTS_AFTER,
) -> WrittenContext:
    """Events of the months before the article, those around it, and the next ones after it.

    Before and around keep the order of the events given; after is in order of start date.
    """
    chronicle = events if isinstance(events, Chronicle) else Chronicle.of(events)
    first, last = article.published.earliest, article.published.latest
    since = _months_earlier(first, months_before)
    # Every event before or around the article starts no later than its end, and no earlier
    # than `since` (before) or than its end less the widest event (around).
    low = bisect.bisect_left(chronicle.starts, min(since, last - chronicle.longest))
    high = bisect.bisect_right(chronicle.starts, last)
    near = [chronicle.events[i] for i in sorted(chronicle.order[low:high])]
    before = [e for e in near if since <= e.date.earliest and e.date.latest <= last]
    around = [e for e in near if e.date.latest > last]
    after = [chronicle.events[i] for i in chronicle.order[high : high + events_after]]
    return WrittenContext(tuple(before), tuple(around), tuple(after))


def _months_earlier(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class ActorArticle:
    entry: Entry
    mentions: tuple[Mention, ...]  # the first few sentences that name the actor
    more: int = 0  # further sentences of this article that name it


@dataclass(frozen=True, slots=True)
class ActorStance:
    stance: Stance
    articles: tuple[ActorArticle, ...]  # newest first, at most ACTOR_ARTICLES
    more: int = 0  # further articles of this stance that name the actor


@dataclass(frozen=True, slots=True)
class ActorView:
    """An actor's page: what each stance's articles say about it."""

    actor: Actor
    path: str
    stances: tuple[ActorStance, ...]
    mention_count: int

    @property
    def article_count(self) -> int:
        return sum(len(s.articles) + s.more for s in self.stances)


def mentions_by_actor(
    mentions: Mapping[str, Sequence[Mention]],
) -> dict[str, dict[str, list[Mention]]]:
    """actor key -> article slug -> the sentences of that article that name the actor."""
    found: dict[str, dict[str, list[Mention]]] = {}
    for slug, article_mentions in mentions.items():
        for mention in article_mentions:
            found.setdefault(mention.actor, {}).setdefault(slug, []).append(mention)
    return found


def view_actor(
    actor: Actor,
    path: str,
    groups: Sequence[StanceGroup],
    mentions: Mapping[str, Sequence[Mention]],
    *,
    articles_per_stance: int = ACTOR_ARTICLES,
    quotes_per_article: int = ACTOR_QUOTES,
) -> ActorView:
    """Group the sentences that name `actor` by stance, then by article (newest first).

    A page quotes at most `quotes_per_article` sentences of `articles_per_stance` articles of
    each stance, and counts the rest, so it stays readable in a reader of any size.
    """
    stances = []
    for group in groups:
        naming = [e for e in group.entries if e.article.slug in mentions]
        shown = tuple(
            ActorArticle(
                e,
                tuple(mentions[e.article.slug][:quotes_per_article]),
                max(0, len(mentions[e.article.slug]) - quotes_per_article),
            )
            for e in naming[:articles_per_stance]
        )
        stances.append(ActorStance(group.stance, shown, max(0, len(naming) - len(shown))))
    total = sum(len(found) for found in mentions.values())
    return ActorView(actor, path, tuple(stances), total)


@dataclass(frozen=True, slots=True)
class TopicView:
    """A topic's page: its articles, stance by stance, side by side."""

    topic: Topic
    path: str
    groups: tuple[StanceGroup, ...]

    @property
    def article_count(self) -> int:
        return sum(len(g.entries) for g in self.groups)


def view_topic(topic: Topic, path: str, groups: Sequence[StanceGroup]) -> TopicView:
    return TopicView(
        topic,
        path,
        tuple(
            StanceGroup(g.stance, tuple(e for e in g.entries if topic.key in e.article.topics))
            for g in groups
        ),
    )
