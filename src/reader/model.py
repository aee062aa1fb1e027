"""The validated content model: immutable values, no I/O."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

from .slugs import event_id

MONTHS = tuple(calendar.month_name)[1:]


class Precision(enum.Enum):
    """How much of a date the curator knows."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; raise ValueError with a reason."""
        match = _DATE_RE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year < 1:
            raise ValueError(f"'{text}' has no year 0")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"'{text}': {MONTHS[month - 1]} {year} has no day {day}")
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        """The first day the date can stand for."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day the date can stand for."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    @property
    def iso(self) -> str:
        """The date at its own precision, as HTML's `<time datetime>` accepts it."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def label(self) -> str:
        """The date for people, never more precise than known: '7 February 2024', 'July 2023'."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    about: str | None = None


@dataclass(frozen=True, slots=True)
class Stance:
    key: str
    label: str
    definition: str
    position: int  # in stances.yaml, from 1: a theme tells stances apart by it


class Answer(enum.Enum):
    """An article's answer to one of the questions the debate turns on."""

    YES = "yes"
    NO = "no"
    CONDITIONAL = "conditional"  # yes, on conditions the author names
    MIXED = "mixed"  # both ways, or too ambiguous to call

    @property
    def label(self) -> str:
        return self.value.capitalize()


ANSWERS = tuple(answer.value for answer in Answer)


@dataclass(frozen=True, slots=True)
class Question:
    """One of the concrete questions under the big one, from content/questions.yaml."""

    key: str
    question: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Position:
    """An article's answer to a question, as the curator reads it: `para` is the id of the
    paragraph that gives it (para-N), `line` the front matter line that names it."""

    question: str
    answer: Answer
    para: str
    note: str | None
    line: int

    @property
    def number(self) -> int:
        """The paragraph's number: 12 for para-12."""
        return int(self.para.rpartition("-")[2])


@dataclass(frozen=True, slots=True)
class Article:
    """One curated article; `path` and `body_line` say where it came from."""

    slug: str
    path: str
    title: str
    authors: tuple[Author, ...]
    publication: str
    published: PartialDate
    date_note: str | None
    source_url: str | None
    stance: str
    stance_note: str
    summary: str
    topics: tuple[str, ...]
    seed: str | None
    curator_note: str | None
    draft: bool
    body: str
    body_line: int
    positions: tuple[Position, ...] = ()  # in the order of content/questions.yaml

    @property
    def date_inferred(self) -> bool:
        """Whether the curator inferred the date rather than finding it printed."""
        return self.date_note is not None and self.date_note.lower().startswith("inferred")

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        """Chronological order: a partial date counts as the end of its period, since an
        article known only to the month cannot be placed before the events it discusses."""
        return (self.published.latest, self.slug)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: PartialDate
    title: str
    summary: str | None
    articles: tuple[str, ...]
    line: int

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        """Chronological order: a partial date counts as the start of its period."""
        return (self.date.earliest, self.title)

    @property
    def anchor(self) -> str:
        """The event's id on the timeline page: see `slugs.event_id`."""
        return event_id(self.date.iso, self.title)


@dataclass(frozen=True, slots=True)
class Alias:
    """A name an actor goes by in the texts; matched as a whole word."""

    text: str
    ignore_case: bool = False


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation or state the articles discuss."""

    key: str
    name: str
    kind: str
    description: str
    aliases: tuple[Alias, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    label: str
    description: str | None = None


def topic_label(key: str) -> str:
    """A label for a topic slug nobody described: 'humanitarian-crisis' -> 'Humanitarian crisis'."""
    return key.replace("-", " ").capitalize()


@dataclass(frozen=True, slots=True)
class ArticleBody:
    """An article's Markdown and the file line it starts on, known even when the article's
    front matter is wrong."""

    path: str
    text: str
    first_line: int


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    tagline: str
    description: str
    intro: str
    language: str
    base_url: str | None


@dataclass(frozen=True, slots=True)
class Project:
    """Everything under content/, validated."""

    config: SiteConfig
    stances: tuple[Stance, ...]
    articles: tuple[Article, ...]
    timeline: tuple[TimelineEvent, ...]
    about: str
    actors: tuple[Actor, ...] = ()
    topics: tuple[Topic, ...] = ()
    questions: tuple[Question, ...] = ()
