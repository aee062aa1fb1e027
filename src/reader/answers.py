"""The questions as the site shows them: each question's answers, stance by stance, with the
paragraphs they rest on; the matrix of every article's answers; and the positions on each
article's page. No I/O.

An article that does not take up a question has no position on it: it is shown as not
addressing it, never given an answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .entries import Entry, StanceGroup, question_path
from .model import ANSWERS, Answer, Position, Question, Stance

# The matrix shows this many articles of each stance, as the index shows its cards; each
# question's page lists every answer.
MATRIX_ROWS = 40
# A question's page quotes this many answers of each stance and lists the rest by title, and
# names this many of the articles that do not address it, counting the rest.
QUOTED_ANSWERS = 30
NAMED_SILENT = 30


@dataclass(frozen=True, slots=True)
class Answered:
    """An article's answer to a question, and the text of the paragraph that gives it."""

    entry: Entry
    position: Position
    quote: str


@dataclass(frozen=True, slots=True)
class QuestionStance:
    """One stance's articles on a question's page, newest first."""

    stance: Stance
    quoted: tuple[Answered, ...]
    listed: tuple[Answered, ...]  # the answers beyond the quoted ones, without their quotes
    silent: tuple[Entry, ...]  # the first articles that do not address the question
    silent_total: int
    counts: tuple[int, ...]  # of each answer, in the order of model.ANSWERS

    @property
    def answered(self) -> int:
        return len(self.quoted) + len(self.listed)

    @property
    def silent_more(self) -> int:
        return self.silent_total - len(self.silent)


@dataclass(frozen=True, slots=True)
class QuestionView:
    question: Question
    path: str
    stances: tuple[QuestionStance, ...]

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.stances)

    @property
    def articles(self) -> int:
        return sum(s.answered + s.silent_total for s in self.stances)

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The answers an article can give, in the order of each stance's `counts`."""
        return tuple(Answer(value) for value in ANSWERS)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """An article's answers, one cell per question in order; None where it says nothing."""

    entry: Entry
    cells: tuple[Position | None, ...]


@dataclass(frozen=True, slots=True)
class MatrixGroup:
    stance: Stance
    rows: tuple[MatrixRow, ...]  # the newest articles of the stance
    total: int  # articles of the stance, shown or not

    @property
    def more(self) -> int:
        """The stance's articles the matrix leaves to the questions' pages."""
        return self.total - len(self.rows)


@dataclass(frozen=True, slots=True)
class ArticlePosition:
    """A question as an article's page shows it: the article's position, or None."""

    question: Question
    path: str
    position: Position | None


def positions_by_article(groups: Sequence[StanceGroup]) -> dict[str, dict[str, Position]]:
    """Each article's positions, by slug and question key."""
    return {
        entry.article.slug: {p.question: p for p in entry.article.positions}
        for group in groups
        for entry in group.entries
    }


def view_questions(
    questions: Sequence[Question],
    groups: Sequence[StanceGroup],
    quotes: Mapping[tuple[str, str], str],
    *,
    quoted: int = QUOTED_ANSWERS,
    named: int = NAMED_SILENT,
) -> tuple[QuestionView, ...]:
    """Each question's page: every article's answer, stance by stance, newest first, with
    the text of its paragraph (`quotes`, by slug and paragraph id)."""
    positions = positions_by_article(groups)
    views = []
    for question in questions:
        stances = []
        for group in groups:
            answers: list[Answered] = []
            silent: list[Entry] = []
            for entry in group.entries:
                position = positions[entry.article.slug].get(question.key)
                if position is None:
                    silent.append(entry)
                else:
                    quote = quotes[entry.article.slug, position.para]
                    answers.append(Answered(entry, position, quote))
            counts = tuple(
                sum(a.position.answer.value == answer for a in answers) for answer in ANSWERS
            )
            stance = QuestionStance(
                group.stance,
                tuple(answers[:quoted]),
                tuple(answers[quoted:]),
                tuple(silent[:named]),
                len(silent),
                counts,
            )
            stances.append(stance)
        views.append(QuestionView(question, question_path(question.key), tuple(stances)))
    return tuple(views)


def plan_matrix(
    questions: Sequence[Question], groups: Sequence[StanceGroup], *, rows: int = MATRIX_ROWS
) -> tuple[MatrixGroup, ...]:
    """The matrix of answers: the `rows` newest articles of each stance, a cell per question."""
    if not questions:
        return ()
    matrix = []
    for group in groups:
        shown = []
        for entry in group.entries[:rows]:
            mine = {p.question: p for p in entry.article.positions}
            shown.append(MatrixRow(entry, tuple(mine.get(q.key) for q in questions)))
        matrix.append(MatrixGroup(group.stance, tuple(shown), len(group.entries)))
    return tuple(matrix)


def article_positions(
    positions: Sequence[Position], questions: Sequence[Question]
) -> tuple[ArticlePosition, ...]:
    """Every question, with the article's position on it where it takes one."""
    mine = {p.question: p for p in positions}
    return tuple(ArticlePosition(q, question_path(q.key), mine.get(q.key)) for q in questions)
