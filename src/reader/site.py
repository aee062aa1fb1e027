"""Assemble the site graph: every page, its path, and the links between pages. No I/O."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .answers import (
    MATRIX_ROWS,
    ArticlePosition,
    MatrixGroup,
    QuestionView,
    article_positions,
    plan_matrix,
    view_questions,
)
from .entries import (
    ABOUT,
    ACTORS,
    INDEX,
    NOT_FOUND,
    QUESTIONS,
    TIMELINE,
    TOPICS,
    Entry,
    StanceGroup,
    actor_path,
    article_path,
    group_by_stance,
    stance_path,
    timeline_year_path,
    topic_path,
)
from .figure import Figure, plan_figure
from .markdown import RenderedArticle, RenderedContent
from .model import Actor, PartialDate, Project, Question, SiteConfig, TimelineEvent, Topic
from .prose import fill_prose
from .search import SEARCH
from .threads import (
    ActorView,
    Chronicle,
    Perspective,
    Threads,
    TopicView,
    WrittenContext,
    index_threads,
    mentions_by_actor,
    rank_perspectives,
    view_actor,
    view_topic,
    written_context,
)

INDEX_CARDS = 40
# A timeline of more rows than this is split into a page per year, under an overview of the
# years; one page of them all would grow without bound.
TIMELINE_SPLIT_FROM = 400
# The site's navigation: (page, label); the questions page comes second when there is one.
NAV = (
    (INDEX, "Stances"),
    (TIMELINE, "Timeline"),
    (ACTORS, "Actors"),
    (TOPICS, "Topics"),
    (ABOUT, "About"),
    (SEARCH, "Search"),
)
QUESTIONS_DESCRIPTION = "The questions the debate turns on, and where each article stands."


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
    path: str = TIMELINE  # the page it is on: the timeline, or its own page when split

    @property
    def events(self) -> int:
        return sum(1 for item in self.items if item.event is not None)

    def articles(self, stance: str) -> int:
        return sum(1 for item in self.items if item.entry and item.entry.stance.key == stance)


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """What an article's page shows besides the shared chrome."""

    entry: Entry
    body: RenderedArticle
    previous: Entry | None
    following: Entry | None
    perspectives: tuple[Perspective, ...]
    events: tuple[TimelineEvent, ...]
    context: WrittenContext
    actors: tuple[Actor, ...]  # mentioned, most mentioned first
    topics: tuple[Topic, ...]
    positions: tuple[ArticlePosition, ...] = ()  # every question, answered or not

    @property
    def answered(self) -> tuple[ArticlePosition, ...]:
        return tuple(p for p in self.positions if p.position is not None)

    @property
    def unaddressed(self) -> tuple[ArticlePosition, ...]:
        return tuple(p for p in self.positions if p.position is None)

    @property
    def perspectives_abridged(self) -> bool:
        """Whether some stance has more articles than the page shows."""
        return any(p.total > len(p.counterpoints) for p in self.perspectives)


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    template: str
    title: str
    description: str
    article: ArticlePage | None = None
    actor: ActorView | None = None
    topic: TopicView | None = None
    group: StanceGroup | None = None
    year: TimelineYear | None = None  # a year's page of a split timeline
    question: QuestionView | None = None

    @property
    def listed(self) -> bool:
        """Whether search (the site's own, and search engines) should list this page."""
        return self.path not in (NOT_FOUND, SEARCH)


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    groups: tuple[StanceGroup, ...]
    chronology: tuple[Entry, ...]  # oldest first
    timeline: tuple[TimelineYear, ...]
    about_html: str
    actors: tuple[ActorView, ...]
    topics: tuple[TopicView, ...]
    figure: Figure | None
    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()
    # The index shows this many articles of each stance; a stance's own page lists them all.
    index_cards: int = INDEX_CARDS
    # The search index's bundles (pagefind/<shard>), the one the search page loads first;
    # none when the build adds no index.
    search_bundles: tuple[str, ...] = ()
    questions: tuple[QuestionView, ...] = ()
    matrix: tuple[MatrixGroup, ...] = ()  # the questions page's table of answers
    matrix_rows: int = MATRIX_ROWS  # of each stance, at most
    nav: tuple[tuple[str, str], ...] = NAV

    @property
    def search_index(self) -> bool:
        """Whether the build adds a search index for the search page."""
        return bool(self.search_bundles)

    @property
    def matrix_abridged(self) -> bool:
        """Whether the matrix leaves some stance's older articles to the questions' pages."""
        return any(group.more for group in self.matrix)

    @property
    def timeline_split(self) -> bool:
        """Whether the timeline is an overview of years, each year on a page of its own."""
        return _is_split(self.timeline)

    def on_timeline(self, date: PartialDate) -> str:
        """The timeline page that shows a date's row."""
        return _timeline_page(date.year, self.timeline_split)


def _with_counts(config: SiteConfig, chronology: Sequence[Entry], project: Project) -> SiteConfig:
    """The site's settings with the counts its prose names filled in (see prose.py)."""
    years = [entry.article.published.year for entry in chronology]
    counts: dict[str, int | str] = {
        "articles": len(chronology),
        "stances": len(project.stances),
        "events": len(project.timeline),
        "first_year": min(years, default=""),
        "last_year": max(years, default=""),
    }
    english = config.language.lower().split("-")[0] == "en"
    return replace(
        config,
        tagline=fill_prose(config.tagline, counts, english=english),
        intro=fill_prose(config.intro, counts, english=english),
    )


def _no_articles_warning(project: Project, *, shown: int) -> tuple[str, ...]:
    """A site without articles builds (a new reader has none), and says why it is empty."""
    if shown:
        return ()
    drafts = sum(article.draft for article in project.articles)
    if drafts:
        noun = "draft" if drafts == 1 else "drafts"
        return (
            f"content/articles: no published articles yet, only {drafts} {noun} (left out; "
            "'reader build --drafts' or 'reader serve --drafts' shows them)",
        )
    return (
        "content/articles: no articles yet: start one with 'reader new TITLE --stance KEY' "
        "or 'reader import SEED_FILE'",
    )


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
    mentions = {body.slug: body.mentions for body in rendered.articles}
    used_topics = {t for entry in chronology for t in entry.article.topics}
    topics = tuple(t for t in project.topics if t.key in used_topics)
    threads = index_threads(chronology, mentions, actors=project.actors, topics=topics)
    by_actor = mentions_by_actor(mentions)
    actors = tuple(
        view_actor(a, actor_path(a.key), groups, by_actor.get(a.key, {})) for a in project.actors
    )
    topic_views = tuple(view_topic(t, topic_path(t.key), groups) for t in topics)
    timeline = build_timeline(project.timeline, chronology, split_from=TIMELINE_SPLIT_FROM)
    split = _is_split(timeline)
    chronicle = Chronicle.of(project.timeline)
    events_of: dict[str, list[TimelineEvent]] = {}
    for event in project.timeline:
        for slug in event.articles:
            events_of.setdefault(slug, []).append(event)
    article_pages = tuple(
        _article_page(
            entry,
            position,
            chronology,
            bodies,
            groups,
            threads,
            chronicle,
            events_of,
            questions=project.questions,
        )
        for position, entry in enumerate(chronology)
    )
    quotes = {(b.slug, q.paragraph): q.text for b in rendered.articles for q in b.quotes}
    questions = view_questions(project.questions, groups, quotes)
    config = _with_counts(project.config, chronology, project)
    pages = (
        Page(INDEX, "index.html", config.title, config.description),
        Page(TIMELINE, "timeline.html", "Timeline", f"Events and articles: {config.description}"),
        Page(
            ACTORS, "actors.html", "Actors", "The people, groups and states the articles discuss."
        ),
        Page(TOPICS, "topics.html", "Topics", "The questions the articles take up, by stance."),
        *(
            (Page(QUESTIONS, "questions.html", "Questions", QUESTIONS_DESCRIPTION),)
            if questions
            else ()
        ),
        Page(ABOUT, "about.html", "About this reader", "How this reader was put together."),
        Page(NOT_FOUND, "404.html", "Page not found", "There is no page at this address."),
        Page(SEARCH, "search.html", "Search", f"Search the full text: {config.description}"),
        *article_pages,
        *(Page(a.path, "actor.html", a.actor.name, a.actor.description, actor=a) for a in actors),
        *(
            Page(
                stance_path(g.stance.key),
                "stance.html",
                g.stance.label,
                g.stance.definition,
                group=g,
            )
            for g in groups
            if len(g.entries) > INDEX_CARDS
        ),
        *(
            Page(t.path, "topic.html", t.topic.label, t.topic.description or t.topic.label, topic=t)
            for t in topic_views
        ),
        *(
            Page(q.path, "question.html", q.question.question, _question_summary(q), question=q)
            for q in questions
        ),
        *(
            Page(y.path, "timeline-year.html", f"Timeline: {y.year}", _year_summary(y), year=y)
            for y in timeline
            if y.path != TIMELINE
        ),
    )
    warnings = (
        *_no_articles_warning(project, shown=len(chronology)),
        *(
            f"content/actors.yaml: no article mentions '{a.actor.name}' (check its aliases)"
            for a in actors
            if a.article_count == 0
        ),
    )
    return Site(
        config=config,
        groups=groups,
        chronology=chronology,
        timeline=timeline,
        about_html=rendered.about_html,
        actors=actors,
        topics=topic_views,
        figure=plan_figure(
            groups,
            project.timeline,
            timeline_path=lambda year: _timeline_page(year, split),
        ),
        pages=pages,
        warnings=warnings,
        questions=questions,
        matrix=plan_matrix(project.questions, groups),
        nav=_nav(questions=bool(questions)),
    )


def _nav(*, questions: bool) -> tuple[tuple[str, str], ...]:
    return (NAV[0], (QUESTIONS, "Questions"), *NAV[1:]) if questions else NAV


def _question_summary(view: QuestionView) -> str:
    return view.question.description or f"Where the articles stand: {view.question.question}"


def _article_page(
    entry: Entry,
    position: int,
    chronology: Sequence[Entry],
    bodies: Mapping[str, RenderedArticle],
    groups: Sequence[StanceGroup],
    threads: Threads,
    chronicle: Chronicle,
    events_of: Mapping[str, Sequence[TimelineEvent]],
    *,
    questions: Sequence[Question] = (),
) -> Page:
    article = entry.article
    slug = article.slug
    view = ArticlePage(
        entry=entry,
        body=bodies[slug],
        previous=chronology[position - 1] if position > 0 else None,
        following=chronology[position + 1] if position + 1 < len(chronology) else None,
        perspectives=rank_perspectives(entry, groups, threads),
        events=tuple(events_of.get(slug, ())),
        context=written_context(article, chronicle),
        actors=tuple(
            threads.actors[t.partition(":")[2]]
            for t in threads.by_article[slug]
            if t.startswith("actor:")
        ),
        topics=tuple(threads.topics[key] for key in article.topics if key in threads.topics),
        positions=article_positions(article.positions, questions),
    )
    return Page(entry.path, "article.html", article.title, article.summary, article=view)


def build_timeline(
    events: Sequence[TimelineEvent],
    chronology: Sequence[Entry],
    *,
    split_from: int = TIMELINE_SPLIT_FROM,
) -> tuple[TimelineYear, ...]:
    """Interleave events and articles in date order, grouped by year.

    An event known only to the month stands at the start of that month; an article known only
    to the month stands at its end, after the events it can have known about. Beyond
    `split_from` rows, each year goes on a page of its own.
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
    split = len(items) > split_from
    return tuple(
        TimelineYear(year, tuple(group), _timeline_page(year, split))
        for year, group in itertools.groupby(items, key=lambda item: item.date.year)
    )


def _is_split(timeline: Sequence[TimelineYear]) -> bool:
    # Split or not, all years alike: the first says it (on_timeline asks once per link).
    return bool(timeline) and timeline[0].path != TIMELINE


def _timeline_page(year: int, split: bool) -> str:
    return timeline_year_path(year) if split else TIMELINE


def _year_summary(year: TimelineYear) -> str:
    articles = len(year.items) - year.events
    return f"{year.events} events and {articles} articles of {year.year}, in date order."
