"""A deterministic synthetic corpus for the benchmark, in reader's content schema.

The same articles, stances and timeline can be laid out for reader, Hugo, Pelican and Eleventy.
Article `i` depends only on the seed and `i`, so the 5-article corpus is the start of the
1,000-article one. Run it alone to write one layout: `python bench/corpus.py reader 100 /tmp/x`.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PEER_LAYOUTS = BENCH / "layouts"
STYLESHEET = REPO / "templates" / "static" / "style.css"
MIN_BYTES = 6 * 1024
MAX_BYTES = 8 * 1024
FIRST_YEAR = 2001
YEARS = 24

STANCES = (
    (
        "engage",
        "Engage",
        "Talk to the authorities that control the country and deal with them directly; contact, "
        "aid and the prospect of recognition are the levers outsiders still hold.",
    ),
    (
        "pressure",
        "Pressure",
        "Raise the cost of defiance with conditions, sanctions and isolation until the "
        "authorities negotiate or reform, without rewarding their conduct.",
    ),
    (
        "resist",
        "Resist",
        "Back those who oppose the authorities, armed or political, and treat them as partners "
        "in any settlement.",
    ),
)
TOPICS = (
    ("armed-resistance", "Armed resistance", "Fighting groups opposed to the authorities."),
    ("counterterrorism", "Counterterrorism", "Keeping the country from sheltering attacks."),
    ("doha-process", "The Doha process", "The 2020 agreement and the talks held since."),
    ("humanitarian-crisis", "Humanitarian crisis", "Hunger, poverty and the aid that arrives."),
    ("recognition", "Recognition", "Whether other states should recognise the government."),
    ("regional-powers", "Regional powers", "The roles of neighbours and regional states."),
    ("sanctions", "Sanctions", "Financial and diplomatic penalties and their effects."),
    ("us-policy", "US policy", "What Washington has done, and should do."),
    ("us-withdrawal", "US withdrawal", "The departure of foreign troops and what followed."),
    ("womens-rights", "Women’s rights", "Restrictions on women and girls, and the response."),
    ("drug-trade", "Drug trade", "Opium, methamphetamine and the economy around them."),
    ("refugees", "Refugees", "People who fled, and the states that host or return them."),
)
# The questions articles answer in their `positions` (reader's layout only; the peers have
# nothing like it).
QUESTIONS = (
    ("recognition", "Recognise the government?", "Formal recognition, or steps towards it."),
    ("talks", "Talk to the authorities?", "Negotiation, held directly or in a peace process."),
    ("aid", "Keep aid flowing?", "Humanitarian aid, and whether it goes through the state."),
    ("sanctions", "Keep sanctions on the leaders?", "Penalties on the leaders, or on all."),
)
ANSWERS = ("yes", "no", "conditional", "mixed")
# (key, name, kind, description, aliases): every alias appears in the generated bodies.
ACTORS = (
    (
        "taliban",
        "The Taliban",
        "movement",
        "The movement in power.",
        ("Taliban", "Islamic Emirate"),
    ),
    (
        "united-nations",
        "United Nations",
        "organisation",
        "The world body.",
        ("United Nations", "UN"),
    ),
    ("unama", "UNAMA", "UN mission", "The UN's assistance mission.", ("UNAMA",)),
    ("isis-k", "ISIS-K", "armed group", "The Islamic State's regional branch.", ("ISIS-K", "ISKP")),
    ("european-union", "European Union", "union", "The EU.", ("European Union", "EU")),
    ("world-bank", "World Bank", "lender", "The development lender.", ("World Bank",)),
    ("pakistan", "Pakistan", "state", "The neighbour to the east and south.", ("Pakistan",)),
    ("nrf", "National Resistance Front", "armed group", "An armed opposition.", ("NRF",)),
)
SUBJECTS = (
    "the Taliban",
    "the Taliban leadership",
    "the Islamic Emirate",
    "the UN",
    "the United Nations",
    "UNAMA",
    "the European Union",
    "the EU",
    "the World Bank",
    "Pakistan",
    "ISIS-K",
    "ISKP",
    "the NRF",
    "Western governments",
    "regional capitals",
    "donor states",
    "aid agencies",
    "the envoys",
    "neighbouring states",
    "Washington",
    "Beijing",
    "Moscow",
    "women’s groups",
    "the diaspora",
)
VERBS = (
    "pressed for",
    "kept resisting",
    "would gain from",
    "could not ignore",
    "quietly welcomed",
    "long opposed",
    "will likely demand",
    "showed little interest in",
    "publicly rejected",
    "relied on",
    "kept returning to",
    "should make room for",
    "will not accept",
    "tied its support to",
)
OBJECTS = (
    "direct talks",
    "a phased easing of sanctions",
    "conditional aid",
    "the reopening of secondary schools for girls",
    "a regional contact group",
    "recognition of the de facto authorities",
    "targeted travel bans",
    "support for the armed opposition",
    "the release of frozen central bank reserves",
    "an inclusive interim government",
    "security guarantees on the northern border",
    "a ceasefire in the contested provinces",
    "monitoring of aid deliveries",
    "a return of consular services",
    "the return of refugees from the border camps",
    "a ban on opium cultivation",
)
CLAUSES = (
    "",
    ", despite the objections of its partners",
    " before the next donor conference",
    " in exchange for security guarantees",
    ", as the 2020 agreement foresaw",
    " while the humanitarian crisis deepens",
    " at least for now",
    ", a point the last UN report made plainly",
    " long after the troops left",
    ", whatever it says in public",
    " when the winter makes the roads impassable",
    " although the evidence for it is thin",
)
OPENERS = (
    "",
    "In practice, ",
    "Put simply, ",
    "Since 2021, ",
    "By most accounts, ",
    "Yet ",
    "For now, ",
    "As one diplomat put it, ",
    "Seen from Kabul, ",
    "Over the past decade, ",
)
FIGURES = (
    "Some {n} million people now depend on food assistance.",
    "Aid budgets fell by {n} per cent in a single year.",
    "More than {n},000 families returned across the border in the spring.",
    "The appeal was only {n} per cent funded by the end of the year.",
)
HEADINGS = (
    "What the record shows",
    "The case for patience",
    "Costs and benefits",
    "A regional view",
    "What isolation has achieved",
    "Where leverage lies",
    "The humanitarian ledger",
    "Lessons from Doha",
    "The view from the provinces",
    "What comes next",
    "Security first?",
    "Money and power",
)
FIRST_NAMES = (
    "Amina",
    "David",
    "Farida",
    "Georgi",
    "Hamid",
    "Ingrid",
    "Javed",
    "Laila",
    "Marco",
    "Nadia",
    "Omar",
    "Priya",
    "Rahim",
    "Sofia",
    "Tomas",
    "Yusuf",
)
SURNAMES = (
    "Ahmadi",
    "Becker",
    "Chen",
    "Durrani",
    "Evans",
    "Faizi",
    "Grant",
    "Hosseini",
    "Ivanova",
    "Karimi",
    "Lindqvist",
    "Mansoor",
    "Novak",
    "Osmani",
    "Petrov",
    "Qureshi",
    "Rahmani",
    "Sadat",
)
INSTITUTES = (
    "senior fellow, Centre for Regional Security",
    "professor of international relations",
    "former diplomat",
    "researcher on South Asia",
    "editor of a Kabul daily",
    None,
    None,
)
PUBLICATIONS = (
    "Foreign Affairs Review",
    "Asia Times",
    "Modern Diplomacy",
    "The Diplomat",
    "Daily Outlook Afghanistan",
    "Policy Quarterly",
    "War on the Rocks",
    "The Interpreter",
    "Polemics Magazine",
    "Global Observer",
)
TITLE_PATTERNS = (
    "Why {subject} {verb} {object}",
    "The case for {object}",
    "{object_cap}: a necessary risk",
    "After the withdrawal, {object} is the only way forward",
    "{subject_cap} and the limits of {object}",
    "Time to rethink {object}",
)
CODE_BLOCKS = (
    ("python", 'aid = {"2021": 4.4, "2022": 3.2, "2023": 2.1}\nprint(sum(aid.values()))'),
    ("json", '{"province": "Herat", "schools_open": 12, "girls_enrolled": 0}'),
    ("yaml", "conditions:\n  - schools reopened\n  - women at work\n  - no safe haven"),
    ("bash", "curl -s https://data.example.org/aid.csv | cut -d, -f2 | sort -n | tail -1"),
)
EVENT_PATTERNS = (
    "Talks on {object} in Doha",
    "{subject_cap} announces {object}",
    "Conference on {object} in Tashkent",
    "Security Council debates {object}",
    "{subject_cap} rejects {object}",
)
ABOUT_MD = """\
## About this corpus

A synthetic reader for benchmarks: every article, event and name here is generated, and none of
it is a real analysis.
"""


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    about: str | None


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    """One synthetic article: reader's front matter fields and a Markdown body."""

    slug: str
    title: str
    authors: tuple[Author, ...]
    publication: str
    published: str
    date_note: str | None
    source_url: str
    stance: str
    stance_note: str
    summary: str
    topics: tuple[str, ...]
    curator_note: str | None
    body: str
    positions: tuple[tuple[str, str], ...] = ()  # (question, answer), each on para-1

    @property
    def sort_date(self) -> dt.date:
        """The last day the partial date can stand for, as reader orders articles."""
        parts = [int(p) for p in self.published.split("-")]
        year, month = parts[0], parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return dt.date(year, month, day)

    @property
    def date_label(self) -> str:
        """The date for people, no more precise than known, as reader shows it."""
        parts = [int(p) for p in self.published.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        month = calendar.month_name[parts[1]]
        return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


@dataclass(frozen=True, slots=True)
class EventSpec:
    date: str
    title: str
    summary: str | None
    articles: tuple[str, ...]

    @property
    def year(self) -> int:
        return int(self.date[:4])


@dataclass(frozen=True, slots=True)
class Corpus:
    articles: tuple[ArticleSpec, ...]
    events: tuple[EventSpec, ...]

    def by_slug(self) -> dict[str, ArticleSpec]:
        return {a.slug: a for a in self.articles}


# ---------------------------------------------------------------------------------------------
# Generation


def make_corpus(count: int, *, seed: int = 7) -> Corpus:
    """Generate `count` articles and a timeline of events that refer to them."""
    articles = tuple(make_article(i, seed=seed) for i in range(count))
    return Corpus(articles, make_events(articles, seed=seed))


def make_article(index: int, *, seed: int) -> ArticleSpec:
    """Article `index`: its text depends only on `seed` and `index`."""
    rng = random.Random(f"reader-bench:{seed}:article:{index}")
    title = _title(rng)
    slug = f"{_slugify(title)[:48].rstrip('-')}-{index:05d}"
    published, date_note = _published(rng)
    stance = STANCES[index % 3][0] if index < 3 else rng.choice(STANCES)[0]
    spec = ArticleSpec(
        slug=slug,
        title=title,
        authors=tuple(_author(rng) for _ in range(rng.choice((1, 1, 1, 2)))),
        publication=rng.choice(PUBLICATIONS),
        published=published,
        date_note=date_note,
        source_url=f"https://news.example.org/{published[:4]}/{slug}/",
        stance=stance,
        stance_note=f"It argues that {_lower_first(_sentence(rng, links=False)[:-1])}, and so "
        f"leans towards {stance}.",
        summary=" ".join(_sentence(rng, links=False) for _ in range(rng.randint(2, 3))),
        topics=tuple(sorted(rng.sample([t[0] for t in TOPICS], rng.randint(1, 4)))),
        curator_note=_sentence(rng, links=False) if rng.random() < 0.2 else None,
        body="",
        positions=_positions(index, seed=seed),
    )
    front = reader_front_matter(spec)
    target = rng.randint(MIN_BYTES, MAX_BYTES - 320) - len(front.encode())
    return _with_body(spec, _body(rng, target_bytes=target, code=rng.random() < 0.12))


def _positions(index: int, *, seed: int) -> tuple[tuple[str, str], ...]:
    """About half the questions, each with an answer; from a generator of their own, so that
    the rest of the article is as it was before articles had positions."""
    rng = random.Random(f"reader-bench:{seed}:positions:{index}")
    return tuple((key, rng.choice(ANSWERS)) for key, _, _ in QUESTIONS if rng.random() < 0.5)


def _with_body(spec: ArticleSpec, body: str) -> ArticleSpec:
    fields = {name: getattr(spec, name) for name in ArticleSpec.__slots__}
    fields["body"] = body
    return ArticleSpec(**fields)


def _title(rng: random.Random) -> str:
    subject, obj = rng.choice(SUBJECTS), rng.choice(OBJECTS)
    text = rng.choice(TITLE_PATTERNS).format(
        subject=subject,
        subject_cap=subject[0].upper() + subject[1:],
        verb=rng.choice(VERBS),
        object=obj,
        object_cap=obj[0].upper() + obj[1:],
    )
    return text[0].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if not text[:2].isupper() else text


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _published(rng: random.Random) -> tuple[str, str | None]:
    year = FIRST_YEAR + rng.randrange(YEARS)
    month = rng.randint(1, 12)
    precision = rng.random()
    if precision < 0.6:
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        note = "The day is given by the original web address." if rng.random() < 0.15 else None
        return f"{year}-{month:02d}-{day:02d}", note
    if precision < 0.85:
        note = rng.choice(
            (
                "The month is taken from the original web address; the day is not known.",
                f"Inferred: {calendar.month_name[month]} {year}, from the events the text cites.",
            )
        )
        return f"{year}-{month:02d}", note
    return f"{year}", f"Inferred: {year}, from the report the text calls recent."


def _author(rng: random.Random) -> Author:
    return Author(f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", rng.choice(INSTITUTES))


def _sentence(rng: random.Random, *, links: bool = True, footnote: str = "") -> str:
    if rng.random() < 0.08:
        return rng.choice(FIGURES).format(n=rng.randint(2, 60)) + footnote
    subject = rng.choice(SUBJECTS)
    obj = rng.choice(OBJECTS)
    if links and rng.random() < 0.12:
        obj = f"[{obj}](https://reports.example.org/{rng.randint(2001, 2024)}/{_slugify(obj)})"
    opener = rng.choice(OPENERS)
    text = f"{opener}{subject} {rng.choice(VERBS)} {obj}{rng.choice(CLAUSES)}"
    if rng.random() < 0.1:
        text += " — and says so in private"
    text = text[0].upper() + text[1:]
    return f"{text}.{footnote}"


def _paragraph(rng: random.Random, notes: list[str]) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        mark = ""
        if rng.random() < 0.03 and len(notes) < 4:
            notes.append(_sentence(rng, links=False))
            mark = f"[^{len(notes)}]"
        sentences.append(_sentence(rng, footnote=mark))
    if rng.random() < 0.15:
        sentences.insert(1, f"“{_sentence(rng, links=False)}”")
    return " ".join(sentences)


def _block(rng: random.Random, notes: list[str], *, since_heading: int) -> str:
    roll = rng.random()
    if since_heading >= 4 and roll < 0.5:
        level = "###" if rng.random() < 0.25 else "##"
        return f"{level} {rng.choice(HEADINGS)}"
    if roll < 0.1:
        marker = "-" if rng.random() < 0.6 else "1."
        items = [_sentence(rng)[:-1] for _ in range(rng.randint(3, 5))]
        return "\n".join(f"{marker} {item}" for item in items)
    if roll < 0.17:
        quote = " ".join(_sentence(rng, links=False) for _ in range(rng.randint(1, 3)))
        who = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        return f"> {quote}\n>\n> — {who}"
    return _paragraph(rng, notes)


def _body(rng: random.Random, *, target_bytes: int, code: bool) -> str:
    """Blocks of Markdown until the body holds `target_bytes` (footnotes included)."""
    notes: list[str] = []
    blocks = [_paragraph(rng, notes)]
    since_heading = 1
    code_at = rng.randint(2, 6) if code else -1

    def size() -> int:
        text = sum(len(b.encode()) + 2 for b in blocks)
        return text + sum(len(n.encode()) + 8 for n in notes)

    # Whole blocks while there is room, then a last paragraph grown a sentence at a time.
    while target_bytes - size() >= 1800:
        if len(blocks) == code_at:
            language, source = rng.choice(CODE_BLOCKS)
            blocks.append(f"```{language}\n{source}\n```")
            continue
        block = _block(rng, notes, since_heading=since_heading)
        since_heading = 0 if block.startswith("#") else since_heading + 1
        blocks.append(block)
    blocks.append(_sentence(rng))
    while size() < target_bytes:
        blocks[-1] += " " + _sentence(rng)
    footnotes = [f"[^{n}]: {text}" for n, text in enumerate(notes, 1)]
    return "\n\n".join(blocks + footnotes) + "\n"


def make_events(articles: Sequence[ArticleSpec], *, seed: int) -> tuple[EventSpec, ...]:
    """About one event per eight articles, each dated in the year of the articles it cites."""
    if not articles:
        return ()
    rng = random.Random(f"reader-bench:{seed}:events:{len(articles)}")
    by_year: dict[int, list[ArticleSpec]] = {}
    for article in articles:
        by_year.setdefault(article.sort_date.year, []).append(article)
    events: dict[tuple[str, str], EventSpec] = {}
    wanted = max(3, len(articles) // 8)
    while len(events) < wanted:
        anchor = rng.choice(articles)
        same_year = by_year[anchor.sort_date.year]
        refs = {anchor.slug, *(rng.choice(same_year).slug for _ in range(rng.randint(0, 3)))}
        month = rng.randint(1, anchor.sort_date.month)
        day = rng.randint(1, 28)
        date = f"{anchor.sort_date.year}-{month:02d}" + (
            f"-{day:02d}" if rng.random() < 0.8 else ""
        )
        subject, obj = rng.choice(SUBJECTS), rng.choice(OBJECTS)
        title = rng.choice(EVENT_PATTERNS).format(
            subject_cap=subject[0].upper() + subject[1:], object=obj
        )
        summary = _sentence(rng, links=False) if rng.random() < 0.5 else None
        events.setdefault((date, title), EventSpec(date, title, summary, tuple(sorted(refs))))
    return tuple(sorted(events.values(), key=lambda e: (e.date, e.title)))


# ---------------------------------------------------------------------------------------------
# Layouts


def _yaml_str(text: str) -> str:
    """A YAML scalar that stays a string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def reader_front_matter(spec: ArticleSpec) -> str:
    lines = ["---", f"title: {_yaml_str(spec.title)}", "authors:"]
    for author in spec.authors:
        lines.append(f"  - name: {_yaml_str(author.name)}")
        if author.about:
            lines.append(f"    about: {_yaml_str(author.about)}")
    lines += [
        f"publication: {_yaml_str(spec.publication)}",
        f'published: "{spec.published}"',
        *([f"date_note: {_yaml_str(spec.date_note)}"] if spec.date_note else []),
        f"source_url: {spec.source_url}",
        f"stance: {spec.stance}",
        f"stance_note: {_yaml_str(spec.stance_note)}",
        f"summary: {_yaml_str(spec.summary)}",
        f"topics: [{', '.join(spec.topics)}]",
        *([f"curator_note: {_yaml_str(spec.curator_note)}"] if spec.curator_note else []),
        *(["positions:"] if spec.positions else []),
        # The body starts with a paragraph: para-1 is always there.
        *(f"  {key}: {{answer: {answer}, para: para-1}}" for key, answer in spec.positions),
        "---",
        "",
    ]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_reader(corpus: Corpus, root: Path, *, templates: Path = REPO / "templates") -> None:
    """Lay out a reader project: content/ in reader's schema, the repo's own templates/."""
    content = root / "content"
    _write(
        content / "site.yaml",
        "title: Synthetic reader\ndescription: How should the world deal with the question?\n"
        "tagline: A generated corpus for benchmarks\nlanguage: en\n",
    )
    _write(
        content / "stances.yaml",
        "".join(
            f"- key: {k}\n  label: {label}\n  definition: {_yaml_str(d)}\n"
            for k, label, d in STANCES
        ),
    )
    _write(
        content / "topics.yaml",
        "".join(
            f"- key: {k}\n  label: {_yaml_str(label)}\n  description: {_yaml_str(d)}\n"
            for k, label, d in TOPICS
        ),
    )
    _write(
        content / "actors.yaml",
        "".join(
            f"- key: {k}\n  name: {_yaml_str(n)}\n  kind: {kind}\n  description: {_yaml_str(d)}\n"
            f"  aliases: [{', '.join(_yaml_str(a) for a in aliases)}]\n"
            for k, n, kind, d, aliases in ACTORS
        ),
    )
    _write(
        content / "questions.yaml",
        "".join(
            f"- key: {k}\n  question: {_yaml_str(q)}\n  description: {_yaml_str(d)}\n"
            for k, q, d in QUESTIONS
        ),
    )
    _write(content / "timeline.yaml", _reader_timeline(corpus.events))
    _write(content / "about.md", ABOUT_MD)
    for spec in corpus.articles:
        _write(content / "articles" / f"{spec.slug}.md", reader_front_matter(spec) + spec.body)
    shutil.copytree(templates, root / "templates")


def _reader_timeline(events: Sequence[EventSpec]) -> str:
    if not events:
        return "[]\n"
    lines = []
    for event in events:
        lines += [f'- date: "{event.date}"', f"  title: {_yaml_str(event.title)}"]
        if event.summary:
            lines.append(f"  summary: {_yaml_str(event.summary)}")
        lines.append(f"  articles: [{', '.join(event.articles)}]")
    return "\n".join(lines) + "\n"


def _peer_front_matter(spec: ArticleSpec) -> dict[str, object]:
    """The fields the peers' templates show; `date` is reader's sort day, `date_label` its text."""
    return {
        "title": spec.title,
        "date": spec.sort_date.isoformat(),
        "date_label": spec.date_label,
        "date_note": spec.date_note,
        "authors": [{"name": a.name, "about": a.about} for a in spec.authors],
        "publication": spec.publication,
        "source_url": spec.source_url,
        "stance": spec.stance,
        "stance_note": spec.stance_note,
        "summary": spec.summary,
        "topics": list(spec.topics),
        "curator_note": spec.curator_note,
    }


def _yaml_front_matter(fields: dict[str, object]) -> str:
    """YAML front matter for Hugo and Eleventy; `date` unquoted so both read it as a date."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        shown = value if key == "date" else json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {shown}")
    return "\n".join([*lines, "---", "", ""])


def _events_by_year(corpus: Corpus) -> dict[str, list[dict[str, object]]]:
    """Events grouped by year, each with the titles of the articles it cites (denormalised)."""
    slugs = corpus.by_slug()
    years: dict[str, list[dict[str, object]]] = {}
    for event in corpus.events:
        refs = [
            {"slug": s, "title": slugs[s].title, "stance": slugs[s].stance} for s in event.articles
        ]
        years.setdefault(str(event.year), []).append(
            {"date": event.date, "title": event.title, "summary": event.summary, "articles": refs}
        )
    return years


def _stances_data() -> list[dict[str, str]]:
    return [{"key": k, "label": label, "definition": d} for k, label, d in STANCES]


def _copy_layout(tool: str, root: Path) -> None:
    """The tool's config and templates from bench/layouts/, and reader's stylesheet."""
    shutil.copytree(PEER_LAYOUTS / tool, root, dirs_exist_ok=True)


def _write_json(path: Path, value: object) -> None:
    _write(path, json.dumps(value, ensure_ascii=False))


def write_hugo(corpus: Corpus, root: Path) -> None:
    """Lay out a Hugo site: content/articles/*.md, data/, and layouts for three page kinds."""
    _copy_layout("hugo", root)
    _write_json(root / "data" / "stances.json", _stances_data())
    _write_json(root / "data" / "events.json", _events_by_year(corpus))
    shutil.copy2(STYLESHEET, _mkdir(root / "static"))
    for spec in corpus.articles:
        text = _yaml_front_matter(_peer_front_matter(spec)) + spec.body
        _write(root / "content" / "articles" / f"{spec.slug}.md", text)


def write_pelican(corpus: Corpus, root: Path) -> None:
    """Lay out a Pelican site: Markdown with Pelican's metadata header, a theme of three pages."""
    _copy_layout("pelican", root)
    _write_json(root / "data" / "stances.json", _stances_data())
    _write_json(root / "data" / "events.json", _events_by_year(corpus))
    shutil.copy2(STYLESHEET, _mkdir(root / "theme" / "static"))
    for spec in corpus.articles:
        _write(root / "content" / "articles" / f"{spec.slug}.md", _pelican_article(spec))


def _pelican_article(spec: ArticleSpec) -> str:
    fields = _peer_front_matter(spec)
    header = {
        "Title": spec.title,
        "Date": fields["date"],
        "Slug": spec.slug,
        "Category": spec.stance,
        "Authors": "; ".join(a.name for a in spec.authors),
        "Affiliations": "; ".join(a.about or "" for a in spec.authors),
        "Date_label": spec.date_label,
        "Date_note": spec.date_note,
        "Publication": spec.publication,
        "Source_url": spec.source_url,
        "Stance_note": spec.stance_note,
        "Summary": spec.summary,
        "Topics": ", ".join(spec.topics),
        "Curator_note": spec.curator_note,
    }
    lines = [f"{key}: {value}" for key, value in header.items() if value]
    return "\n".join(lines) + "\n\n" + spec.body


def write_eleventy(corpus: Corpus, root: Path) -> None:
    """Lay out an Eleventy 3 site: src/ with Nunjucks layouts; node_modules is linked by run.py."""
    _copy_layout("eleventy", root)
    src = root / "src"
    stances = _stances_data()
    _write_json(src / "_data" / "stances.json", stances)
    _write_json(src / "_data" / "stance_by_key.json", {s["key"]: s for s in stances})
    _write_json(src / "_data" / "events.json", _events_by_year(corpus))
    shutil.copy2(STYLESHEET, src / "style.css")
    for spec in corpus.articles:
        text = _yaml_front_matter(_peer_front_matter(spec)) + spec.body
        _write(src / "articles" / f"{spec.slug}.md", text)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


LAYOUTS: dict[str, Callable[[Corpus, Path], None]] = {
    "reader": write_reader,
    "hugo": write_hugo,
    "hugo-pagefind": write_hugo,
    "pelican": write_pelican,
    "eleventy": write_eleventy,
}

# What each peer's layout does compared with reader's, for RESULTS.md.
PEER_NOTES = """\
All four tools build the same articles (same Markdown bodies, same metadata values) into a page
per article at `articles/<slug>/index.html`, an index grouped by stance (each article as a card:
title, authors, publication, date, summary; newest first) and a timeline page grouped by year.

- **reader** (the repo's real templates) does much more per build: it validates the closed schema
  and reports line numbers, counts words, gives every paragraph an id, links actors' first
  mentions, and renders topic and actor pages, an about page, a 404 page and the debate figure.
  Each article page also lists the events it cites, the events around its date, the earlier and
  later article, and the closest articles of the other stances. Its timeline interleaves events
  and articles in date order. By default it also builds a full-text search index with Pagefind
  (a separate program) and whatever else the build of the day writes (feeds, sitemap): the
  `reader-no-search` rows, where measured, are the same build with `--no-search`.
- **Hugo** (goldmark: footnotes and typographer on by default, fenced code highlighted with
  Chroma): per-article page with the same facts, stance note, summary, curator's note and body;
  index from `where` on the stance; timeline with `GroupByDate`, each year's events (from
  `data/`) listed before its articles. Taxonomies, sections, RSS, sitemap, robots.txt and 404
  are turned off.
- **Pelican** (Python-Markdown with Pelican's default `extra` + `codehilite` extensions:
  footnotes, fenced code, Pygments highlighting): the stance is the article's category; index
  from `categories`; timeline a direct template using Jinja's `groupby` on the year. Feeds and
  category, tag, author, archive pages are turned off. Metadata uses Pelican's own `Key: value`
  header (no YAML).
- **Eleventy** (markdown-it with typographer and `markdown-it-footnote`, no highlighting plugin;
  Nunjucks layouts; Markdown files are not run through a template engine): index and timeline
  from collections grouped in `eleventy.config.cjs`.
- For all three peers the generator precomputes what reader works out itself: the sort date
  (`date`: the last day of a partial date), the date's text (`date_label`), and for each event
  the titles of the articles it cites. None of them shows topics, actors, positions, neighbours or
  cross-stance links, and none validates its input beyond what it needs to render.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the synthetic corpus for one tool.")
    parser.add_argument("tool", choices=sorted(LAYOUTS))
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path, help="a folder that does not exist yet")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} already exists")
    LAYOUTS[args.tool](make_corpus(args.count, seed=args.seed), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
