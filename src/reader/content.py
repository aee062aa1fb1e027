"""Read content/ into a validated, immutable Project; every mistake is reported, then raised."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from yaml.nodes import MappingNode, Node

from .errors import Problem, ReaderError
from .model import (
    Actor,
    Alias,
    Article,
    ArticleBody,
    Author,
    PartialDate,
    Project,
    SiteConfig,
    Stance,
    TimelineEvent,
    Topic,
    topic_label,
)
from .prose import prose_problem
from .questions import load_questions, read_positions
from .scaffold import find_placeholders
from .sources import is_present, read_text
from .yamlnodes import NodeReader, compose_yaml, did_you_mean, is_slug, required

if TYPE_CHECKING:
    from .loadcache import ArticleCache

ARTICLE_KEYS = (
    "title",
    "authors",
    "publication",
    "published",
    "date_note",
    "source_url",
    "stance",
    "stance_note",
    "summary",
    "topics",
    "seed",
    "curator_note",
    "draft",
    "positions",
)
ARTICLE_REQUIRED: tuple[str, ...] = (
    "title",
    "authors",
    "publication",
    "published",
    "stance",
    "stance_note",
    "summary",
)
SITE_KEYS = ("title", "tagline", "description", "intro", "language", "base_url")
SITE_REQUIRED = ("title", "description", "language")
STANCE_KEYS = ("key", "label", "definition")
EVENT_KEYS = ("date", "title", "summary", "articles")
ACTOR_KEYS = ("key", "name", "kind", "description", "aliases")
ALIAS_KEYS = ("text", "ignore_case")
TOPIC_KEYS = ("key", "label", "description")
_LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_FENCE = "---"
T = TypeVar("T")
PLACEHOLDER_LEFT = (
    "placeholder left in a published article: {line}; fill it in, or keep the article a "
    "draft (draft: true)"
)


class ContentError(ReaderError):
    """The content's problems, with every article body that could be read, so that the
    problems of the bodies can be reported in the same run."""

    def __init__(self, problems: Iterable[Problem], bodies: Iterable[ArticleBody]) -> None:
        super().__init__(problems)
        self.bodies = tuple(bodies)


def load_project(root: Path, *, cache: ArticleCache | None = None) -> Project:
    """Load and validate everything under `root/content`; raise ContentError listing all
    problems. With `cache`, articles validated by earlier builds are taken from it (see
    loadcache.py), and the cache is updated."""
    problems: list[Problem] = []
    config = _collect(problems, lambda: load_site_config(root))
    stances = _collect(problems, lambda: load_stances(root))
    stance_keys = tuple(s.key for s in stances) if stances is not None else None
    described = _collect(problems, lambda: load_topic_descriptions(root))
    # None: topics.yaml is missing (any topic goes) or broken (its own errors are enough).
    listed = described is not None and is_present(root / "content" / "topics.yaml")
    topic_keys = tuple(described) if listed and described is not None else None
    questions = _collect(problems, lambda: load_questions(root))
    # None: questions.yaml is broken (its own errors are enough); empty: there is none.
    question_keys = tuple(q.key for q in questions) if questions is not None else None
    bodies: list[ArticleBody] = []
    articles = load_articles(
        root,
        stance_keys=stance_keys,
        topic_keys=topic_keys,
        question_keys=question_keys,
        problems=problems,
        bodies=bodies,
        cache=cache,
    )
    # Every article file counts, valid or not: an event naming a broken article is not wrong.
    slugs = tuple(path.stem for path in article_files(root))
    timeline = _collect(problems, lambda: load_timeline(root, slugs=slugs))
    about = _collect(problems, lambda: load_about(root))
    actors = _collect(problems, lambda: load_actors(root))
    if problems or config is None or stances is None or timeline is None or about is None:
        raise ContentError(problems, bodies)
    if actors is None or described is None or questions is None:
        raise ContentError(problems, bodies)
    topics = collect_topics(articles, described)
    return Project(config, stances, articles, timeline, about, actors, topics, questions)


def _collect(problems: list[Problem], load: Callable[[], T]) -> T | None:
    try:
        return load()
    except ReaderError as exc:
        problems.extend(exc.problems)
        return None


def _read_yaml(root: Path, relative: str) -> tuple[NodeReader, Node | None]:
    path = root / relative
    if not is_present(path):
        raise ReaderError.single(relative, 0, "missing: the project needs this file")
    text = read_text(path, shown=relative, root=root)
    return NodeReader(relative, first_line=1), compose_yaml(text, path=relative, first_line=1)


def load_site_config(root: Path) -> SiteConfig:
    """Read content/site.yaml."""
    reader, node = _read_yaml(root, "content/site.yaml")
    if node is None:
        raise ReaderError.single(
            reader.path, 1, "is empty: give at least title, description, language"
        )
    fields = reader.mapping(node, allowed=SITE_KEYS, what="site.yaml")
    if fields is None:
        raise ReaderError(reader.problems)
    required(reader, fields, SITE_REQUIRED, line=1)
    values = {
        key: reader.text(value, key) for key, (_, value) in fields.items() if key != "base_url"
    }
    base_url = reader.url(fields["base_url"][1], "base_url") if "base_url" in fields else None
    for key in ("tagline", "intro"):
        prose = values.get(key)
        problem = prose_problem(prose) if prose else None
        if problem is not None:
            reader.problem(fields[key][1], f"{key}: {problem}")
    language = values.get("language")
    if language is not None and not is_language_tag(language):
        reader.problem(
            fields["language"][0],
            f"language: '{language}' is not a language tag like 'en'",
        )
    if reader.problems:
        raise ReaderError(reader.problems)
    return SiteConfig(
        title=values.get("title") or "",
        tagline=values.get("tagline") or "",
        description=values.get("description") or "",
        intro=values.get("intro") or "",
        language=language or "",
        base_url=normalise_base_url(base_url),
    )


def is_language_tag(text: str) -> bool:
    """Whether `text` looks like a language tag such as 'en' or 'pt-BR'."""
    return _LANGUAGE_RE.fullmatch(text) is not None


def normalise_base_url(url: str | None) -> str | None:
    """Give a base URL exactly one trailing slash, so page paths join onto it."""
    return None if url is None else url.rstrip("/") + "/"


def load_stances(root: Path) -> tuple[Stance, ...]:
    """Read content/stances.yaml: the stances in display order."""
    reader, node = _read_yaml(root, "content/stances.yaml")
    items = reader.sequence(node, "stances.yaml", non_empty=True) if node is not None else None
    if node is None:
        reader.problem(1, "is empty: list the stances in display order")
    stances: list[Stance] = []
    for item in items or ():
        fields = reader.mapping(item, allowed=STANCE_KEYS, what="stance")
        if fields is None or not required(reader, fields, STANCE_KEYS, line=reader.line(item)):
            continue
        key = reader.slug(fields["key"][1], "key")
        label = reader.text(fields["label"][1], "label")
        definition = reader.text(fields["definition"][1], "definition")
        if key is not None and any(s.key == key for s in stances):
            reader.problem(fields["key"][1], f"key: stance '{key}' is defined twice")
        elif key is not None and label is not None and definition is not None:
            stances.append(Stance(key, label, definition, len(stances) + 1))
    if reader.problems:
        raise ReaderError(reader.problems)
    return tuple(stances)


def load_about(root: Path) -> str:
    """Read content/about.md, the curator's account of the selection (optional)."""
    path = root / "content" / "about.md"
    return read_text(path, shown="content/about.md", root=root) if is_present(path) else ""


def article_files(root: Path) -> list[Path]:
    """The article files under content/articles, sorted; hidden files are skipped."""
    folder = root / "content" / "articles"
    if not folder.is_dir():
        return []
    # By name: the same order as by path in one folder, without Path's slow comparisons.
    paths = (path for path in folder.glob("*.md") if not path.name.startswith("."))
    return sorted(paths, key=lambda path: path.name)


def load_articles(
    root: Path,
    *,
    stance_keys: Sequence[str] | None,
    topic_keys: Sequence[str] | None = None,
    question_keys: Sequence[str] | None = (),
    problems: list[Problem],
    bodies: list[ArticleBody] | None = None,
    cache: ArticleCache | None = None,
) -> tuple[Article, ...]:
    """Read every content/articles/*.md, sorted by slug; append problems instead of raising,
    and, to `bodies`, the body of every article that has one, valid or not. With `cache`,
    keep every valid article in it, and only those."""
    if not (root / "content" / "articles").is_dir():
        problems.append(Problem("content/articles", 0, "missing: the project needs this folder"))
        return ()
    articles: list[Article] = []
    for path in article_files(root):
        try:
            article = load_article(
                root,
                path,
                stance_keys=stance_keys,
                topic_keys=topic_keys,
                question_keys=question_keys,
                cache=cache,
            )
        except ContentError as exc:
            problems.extend(exc.problems)
            if bodies is not None:
                bodies.extend(exc.bodies)
        except ReaderError as exc:
            problems.extend(exc.problems)
        else:
            articles.append(article)
            if bodies is not None:
                bodies.append(ArticleBody(article.path, article.body, article.body_line))
    if cache is not None:
        cache.save()
    return tuple(articles)


def split_front_matter(text: str, *, shown: str) -> tuple[str, str, int]:
    """Split a file into (front matter, body, body's first line number)."""
    if not text.strip():
        raise ReaderError.single(shown, 1, "empty file: an article starts with '---' front matter")
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        raise ReaderError.single(shown, 1, "missing front matter: the first line must be '---'")
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in (_FENCE, "..."):
            return (
                "\n".join(lines[1 : number - 1]),
                "\n".join(lines[number:]),
                number + 1,
            )
    raise ReaderError.single(shown, 1, "front matter is not closed: add a '---' line after it")


def load_article(
    root: Path,
    path: Path,
    *,
    stance_keys: Sequence[str] | None,
    topic_keys: Sequence[str] | None = None,
    question_keys: Sequence[str] | None = (),
    cache: ArticleCache | None = None,
) -> Article:
    """Read and validate one article file; a ContentError carries its body, if it has one.

    With `cache`, an article validated before, from the same text against the same keys, is
    taken from it (once the seed it names is found to be as it was), and a newly valid one is
    added to it.
    """
    shown = path.relative_to(root).as_posix()
    text = read_text(path, shown=shown, root=root)
    key = ""
    if cache is not None:
        key = cache.key(
            shown,
            text,
            stance_keys=stance_keys,
            topic_keys=topic_keys,
            question_keys=question_keys,
        )
        cached = cache.get(key)
        if cached is not None and (
            cached.seed is None or _seed_path(cached.seed, root) == (cached.article.seed, None)
        ):
            body = text[cached.body_start :]
            return replace(cached.article, slug=path.stem, path=shown, body=body)
    front, body, body_line = split_front_matter(text, shown=shown)
    reader = NodeReader(shown, first_line=2)
    if not is_slug(path.stem):
        reader.problem(
            0, f"file name '{path.name}' must be a slug: lowercase letters, digits, hyphens"
        )
    known = (ArticleBody(shown, body, body_line),)
    try:
        node = compose_yaml(front, path=shown, first_line=2)
    except ReaderError as exc:
        raise ContentError([*reader.problems, *exc.problems], known) from None
    if node is None:
        raise ContentError([Problem(shown, 1, "front matter is empty")], known)
    fields = reader.mapping(node, allowed=ARTICLE_KEYS, what="front matter")
    if fields is None:
        raise ContentError(reader.problems, known)
    required(reader, fields, ARTICLE_REQUIRED, line=1)
    if not body.strip():
        reader.problem(
            body_line - 1, "body is empty: the article's text goes after the front matter"
        )
    article = _read_article(
        reader,
        fields,
        root=root,
        stance_keys=stance_keys,
        topic_keys=topic_keys,
        question_keys=question_keys,
    )
    if article is not None and not article.draft:
        lines = text.split("\n")
        for number in find_placeholders(text):
            line = _shortened(lines[number - 1].strip())
            reader.problem(number, PLACEHOLDER_LEFT.format(line=line))
    if reader.problems or article is None:
        raise ContentError(reader.problems, known)
    article = replace(article, slug=path.stem, path=shown, body=body, body_line=body_line)
    if cache is not None:
        seed = reader.text(fields["seed"][1], "seed") if article.seed is not None else None
        cache.put(key, article, body_start=len(text) - len(body), seed=seed)
    return article


def _shortened(text: str, limit: int = 60) -> str:
    """`text`, or its start up to a word's end, with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _read_article(
    reader: NodeReader,
    fields: dict[str, tuple[int, Node]],
    *,
    root: Path,
    stance_keys: Sequence[str] | None,
    topic_keys: Sequence[str] | None,
    question_keys: Sequence[str] | None,
) -> Article | None:
    def read(key: str, read_node: Callable[[Node], T]) -> T | None:
        return read_node(fields[key][1]) if key in fields else None

    def text(key: str) -> str | None:
        return read(key, lambda n: reader.text(n, key))

    title, publication = text("title"), text("publication")
    stance_note, summary = text("stance_note"), text("summary")
    authors = read("authors", lambda n: _read_authors(reader, n))
    published = read("published", lambda n: _read_date(reader, n, "published"))
    date_note = text("date_note")
    if published is not None and published.day is None and "date_note" not in fields:
        message = f"date_note: required when the date is only a {published.precision.value}"
        reader.problem(fields["published"][0], message)
    stance = read("stance", lambda n: _read_stance(reader, n, stance_keys))
    # The optional fields are read even when a required one failed, so every mistake shows.
    source_url = read("source_url", lambda n: reader.url(n, "source_url"))
    topics = read("topics", lambda n: _read_topics(reader, n, topic_keys))
    seed = read("seed", lambda n: _read_seed(reader, n, root))
    curator_note = text("curator_note")
    draft = read("draft", lambda n: reader.flag(n, "draft"))
    positions = read("positions", lambda n: read_positions(reader, n, question_keys))
    if (
        title is None
        or publication is None
        or stance_note is None
        or summary is None
        or authors is None
        or published is None
        or stance is None
    ):
        return None
    return Article(
        slug="",
        path="",
        title=title,
        authors=authors,
        publication=publication,
        published=published,
        date_note=date_note,
        source_url=source_url,
        stance=stance,
        stance_note=stance_note,
        summary=summary,
        topics=topics or (),
        seed=seed,
        curator_note=curator_note,
        draft=bool(draft),
        body="",
        body_line=0,
        positions=positions or (),
    )


def _read_authors(reader: NodeReader, node: Node) -> tuple[Author, ...] | None:
    items = reader.sequence(node, "authors", non_empty=True)
    authors: list[Author] = []
    for item in items or ():
        fields = reader.mapping(item, allowed=("name", "about"), what="authors entry")
        if fields is None:
            continue
        if "name" not in fields:
            reader.problem(item, "authors entry: missing required key 'name'")
            continue
        name = reader.text(fields["name"][1], "name")
        about = reader.text(fields["about"][1], "about") if "about" in fields else None
        if name is not None:
            authors.append(Author(name, about))
    return tuple(authors) if items else None


def _read_date(reader: NodeReader, node: Node, key: str) -> PartialDate | None:
    value = reader.text(node, key)
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        reader.problem(node, f"{key}: {exc}")
        return None


def _read_stance(reader: NodeReader, node: Node, keys: Sequence[str] | None) -> str | None:
    value = reader.text(node, "stance")
    if value is not None and keys is not None and value not in keys:
        hint = did_you_mean(value, keys)
        reader.problem(node, f"stance: '{value}' is not one of {', '.join(keys)}{hint}")
        return None
    return value


def _read_topics(
    reader: NodeReader, node: Node, known: Sequence[str] | None
) -> tuple[str, ...] | None:
    items = reader.sequence(node, "topics")
    topics: list[str] = []
    for item in items or ():
        topic = reader.slug(item, "topics")
        if topic is not None and topic in topics:
            reader.problem(item, f"topics: '{topic}' is listed twice")
        elif topic is not None and known is not None and topic not in known:
            # A typo must not quietly make a second topic.
            hint = did_you_mean(topic, known)
            reader.problem(item, f"topics: '{topic}' is not in content/topics.yaml{hint}")
        elif topic is not None:
            topics.append(topic)
    return tuple(topics) if items is not None else None


def _read_seed(reader: NodeReader, node: Node, root: Path) -> str | None:
    value = reader.text(node, "seed")
    if value is None:
        return None
    seed, problem = _seed_path(value, root)
    if problem is not None:
        reader.problem(node, problem)
    return seed


def _seed_path(value: str, root: Path) -> tuple[str | None, str | None]:
    """The project-relative path of the seed file an article names as `value`, or why there
    is none."""
    if any(not ch.isprintable() for ch in value):
        return None, f"seed: {value!r} contains a control character"
    try:
        seeds = (root / "seeds").resolve()
        target = (root / value).resolve()
        if Path(value).is_absolute() or not target.is_relative_to(seeds):
            return None, f"seed: '{value}' is outside the project's seeds/ folder"
        if not target.exists():
            return None, f"seed: '{value}' does not exist"
        if not target.is_file():
            return None, f"seed: '{value}' is not a file"
    except OSError as exc:
        return None, f"seed: '{value}' cannot be used: {exc.strerror}"
    return target.relative_to(root.resolve()).as_posix(), None


def load_timeline(root: Path, *, slugs: Sequence[str]) -> tuple[TimelineEvent, ...]:
    """Read content/timeline.yaml; every article an event names must exist."""
    reader, node = _read_yaml(root, "content/timeline.yaml")
    items = reader.sequence(node, "timeline.yaml") if node is not None else []
    events: list[TimelineEvent] = []
    by_anchor: dict[str, TimelineEvent] = {}
    known = frozenset(slugs)  # looked up once for each article an event names
    for item in items or ():
        event = _read_event(reader, item, slugs=slugs, known=known)
        if event is None:
            continue
        first = by_anchor.setdefault(event.anchor, event)
        if first is not event:
            reader.problem(item, _listed_twice(event, first))
        else:
            events.append(event)
    if reader.problems:
        raise ReaderError(reader.problems)
    return tuple(sorted(events, key=lambda e: e.sort_key))


def _listed_twice(event: TimelineEvent, first: TimelineEvent) -> str:
    """Why `event` cannot be on the timeline beside `first`, whose id it would have."""
    where = f"event '{event.title}' on {event.date.iso}"
    if event.title == first.title:
        return f"{where} is listed twice (first on line {first.line}): remove one of them"
    return (
        f"{where} would have the same id, {event.anchor}, as '{first.title}' on line "
        f"{first.line}: give one of them a title that differs in its letters or digits"
    )


def _read_event(
    reader: NodeReader, item: Node, *, slugs: Sequence[str], known: frozenset[str]
) -> TimelineEvent | None:
    fields = reader.mapping(item, allowed=EVENT_KEYS, what="event")
    if fields is None or not required(reader, fields, ("date", "title"), line=reader.line(item)):
        return None
    date = _read_date(reader, fields["date"][1], "date")
    title = reader.text(fields["title"][1], "title")
    summary = reader.text(fields["summary"][1], "summary") if "summary" in fields else None
    refs: list[str] = []
    for ref_node in (
        reader.sequence(fields["articles"][1], "articles") or () if "articles" in fields else ()
    ):
        ref = reader.text(ref_node, "articles")
        if ref is not None and ref not in known:
            reader.problem(ref_node, f"articles: no article '{ref}'{did_you_mean(ref, slugs)}")
        elif ref is not None and ref not in refs:
            refs.append(ref)
    if date is None or title is None:
        return None
    return TimelineEvent(date, title, summary, tuple(refs), reader.line(item))


def load_actors(root: Path) -> tuple[Actor, ...]:
    """Read content/actors.yaml (optional): who the articles discuss, and the names they use."""
    if not is_present(root / "content" / "actors.yaml"):
        return ()
    reader, node = _read_yaml(root, "content/actors.yaml")
    items = reader.sequence(node, "actors.yaml") if node is not None else []
    actors: list[Actor] = []
    owners: dict[tuple[str, bool], str] = {}
    for item in items or ():
        actor = _read_actor(reader, item)
        if actor is None:
            continue
        if any(a.key == actor.key for a in actors):
            reader.problem(item, f"key: actor '{actor.key}' is defined twice")
            continue
        for alias in actor.aliases:
            folded = (alias.text.casefold() if alias.ignore_case else alias.text, alias.ignore_case)
            if folded in owners:
                reader.problem(item, f"aliases: '{alias.text}' already names '{owners[folded]}'")
            owners[folded] = actor.key
        actors.append(actor)
    if reader.problems:
        raise ReaderError(reader.problems)
    return tuple(sorted(actors, key=lambda a: a.name.casefold()))


def _read_actor(reader: NodeReader, item: Node) -> Actor | None:
    fields = reader.mapping(item, allowed=ACTOR_KEYS, what="actor")
    if fields is None or not required(reader, fields, ACTOR_KEYS, line=reader.line(item)):
        return None
    key = reader.slug(fields["key"][1], "key")
    name = reader.text(fields["name"][1], "name")
    kind = reader.text(fields["kind"][1], "kind")
    description = reader.text(fields["description"][1], "description")
    aliases = [
        _read_alias(reader, node)
        for node in reader.sequence(fields["aliases"][1], "aliases", non_empty=True) or ()
    ]
    if key is None or name is None or kind is None or description is None or None in aliases:
        return None
    return Actor(key, name, kind, description, tuple(a for a in aliases if a is not None))


def _read_alias(reader: NodeReader, node: Node) -> Alias | None:
    """An alias is a plain string (matched exactly) or {text, ignore_case}."""
    if not isinstance(node, MappingNode):
        text = reader.text(node, "aliases")
        return Alias(text) if text is not None else None
    fields = reader.mapping(node, allowed=ALIAS_KEYS, what="alias")
    if fields is None or not required(reader, fields, ("text",), line=reader.line(node)):
        return None
    text = reader.text(fields["text"][1], "text")
    ignore_case = (
        reader.flag(fields["ignore_case"][1], "ignore_case") if "ignore_case" in fields else False
    )
    if text is None or ignore_case is None:
        return None
    return Alias(text, ignore_case)


def load_topic_descriptions(root: Path) -> dict[str, Topic]:
    """The topics content/topics.yaml describes, by key; empty when there is no such file.

    When it exists, an article's topic it does not list is an error (see `_read_topics`).
    """
    if not is_present(root / "content" / "topics.yaml"):
        return {}
    return _read_topics_file(root)


def collect_topics(
    articles: Sequence[Article], described: Mapping[str, Topic]
) -> tuple[Topic, ...]:
    """Every topic the articles use, described where topics.yaml says more, by label."""
    used = sorted({topic for article in articles for topic in article.topics})
    topics = [described.get(key) or Topic(key, topic_label(key)) for key in used]
    return tuple(sorted(topics, key=lambda t: t.label.casefold()))


def _read_topics_file(root: Path) -> dict[str, Topic]:
    reader, node = _read_yaml(root, "content/topics.yaml")
    items = reader.sequence(node, "topics.yaml") if node is not None else []
    topics: dict[str, Topic] = {}
    for item in items or ():
        fields = reader.mapping(item, allowed=TOPIC_KEYS, what="topic")
        if fields is None or not required(reader, fields, ("key", "label"), line=reader.line(item)):
            continue
        key = reader.slug(fields["key"][1], "key")
        label = reader.text(fields["label"][1], "label")
        description = (
            reader.text(fields["description"][1], "description")
            if "description" in fields
            else None
        )
        if key is not None and key in topics:
            reader.problem(item, f"key: topic '{key}' is defined twice")
        elif key is not None and label is not None:
            topics[key] = Topic(key, label, description)
    if reader.problems:
        raise ReaderError(reader.problems)
    return topics
