"""The questions the debate turns on (content/questions.yaml) and each article's positions on
them (its `positions` front matter): read and checked.

Whether a position's paragraph exists is known only once the body is rendered, which numbers
the paragraphs; `paragraph_problems` checks it then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from yaml.nodes import MappingNode, Node

from .errors import Problem, ReaderError
from .model import ANSWERS, Answer, Article, Position, Question
from .sources import is_present, read_text
from .yamlnodes import NodeReader, compose_yaml, did_you_mean, required

QUESTIONS_FILE = "content/questions.yaml"
QUESTION_KEYS = ("key", "question", "description")
POSITION_KEYS = ("answer", "para", "note")
_PARA_RE = re.compile(r"para-[1-9][0-9]*")


def load_questions(root: Path) -> tuple[Question, ...]:
    """Read content/questions.yaml (optional): the questions in display order."""
    path = root / QUESTIONS_FILE
    if not is_present(path):
        return ()
    text = read_text(path, shown=QUESTIONS_FILE, root=root)
    reader = NodeReader(QUESTIONS_FILE, first_line=1)
    node = compose_yaml(text, path=QUESTIONS_FILE, first_line=1)
    items = reader.sequence(node, "questions.yaml") if node is not None else []
    questions: list[Question] = []
    for item in items or ():
        fields = reader.mapping(item, allowed=QUESTION_KEYS, what="question")
        if fields is None or not required(
            reader, fields, ("key", "question"), line=reader.line(item)
        ):
            continue
        key = reader.slug(fields["key"][1], "key")
        question = reader.text(fields["question"][1], "question")
        description = (
            reader.text(fields["description"][1], "description")
            if "description" in fields
            else None
        )
        if key is not None and any(q.key == key for q in questions):
            reader.problem(fields["key"][1], f"key: question '{key}' is defined twice")
        elif key is not None and question is not None:
            questions.append(Question(key, question, description))
    if reader.problems:
        raise ReaderError(reader.problems)
    return tuple(questions)


def read_positions(
    reader: NodeReader, node: Node, questions: Sequence[str] | None
) -> tuple[Position, ...] | None:
    """An article's `positions`: question key -> {answer, para, note?}, in the questions'
    order. `questions` are the keys of questions.yaml (empty when there is none); None when
    that file is broken, and its own problems are enough."""
    if not isinstance(node, MappingNode):
        reader.problem(node, "positions: expected a mapping of question keys to answers")
        return None
    positions: list[Position] = []
    first: dict[str, int] = {}
    for key_node, value in node.value:
        key = reader.slug(key_node, "positions")
        if key is None:
            continue
        if key in first:
            reader.problem(
                key_node, f"positions: duplicate key '{key}' (first given at line {first[key]})"
            )
            continue
        first[key] = reader.line(key_node)
        if questions is not None and key not in questions:
            hint = did_you_mean(key, questions) or (
                "" if questions else " (there is no such file: list the questions there first)"
            )
            reader.problem(key_node, f"positions: '{key}' is not in {QUESTIONS_FILE}{hint}")
            continue
        position = _read_position(reader, key, value, line=first[key])
        if position is not None:
            positions.append(position)
    if questions:
        positions.sort(key=lambda p: questions.index(p.question))
    return tuple(positions)


def _read_position(reader: NodeReader, key: str, node: Node, *, line: int) -> Position | None:
    """The position given under the question `key`, on `line`."""
    what = f"positions: {key}"
    fields = reader.mapping(node, allowed=POSITION_KEYS, what=what)
    if fields is None or not required(reader, fields, ("answer", "para"), line=line):
        return None
    answer = reader.choice(fields["answer"][1], f"{what}: answer", ANSWERS)
    para = _read_para(reader, fields["para"][1], what)
    note = reader.text(fields["note"][1], f"{what}: note") if "note" in fields else None
    if answer is None or para is None or ("note" in fields and note is None):
        return None
    return Position(key, Answer(answer), para, note, reader.line(fields["para"][1]))


def _read_para(reader: NodeReader, node: Node, what: str) -> str | None:
    """A paragraph's id as the built page gives it: para-N."""
    value = reader.text(node, f"{what}: para")
    if value is None or _PARA_RE.fullmatch(value):
        return value
    example = f"para-{int(value)}" if value.isdigit() and int(value) > 0 else "para-3"
    reader.problem(
        node,
        f"{what}: para: '{value}' is not a paragraph's id; write 'para-' and the "
        f"paragraph's number, e.g. '{example}'",
    )
    return None


def paragraph_problems(articles: Iterable[Article], paragraphs: Mapping[str, int]) -> list[Problem]:
    """A problem for each position whose paragraph its article does not have; `paragraphs`
    counts each rendered article's paragraphs, by slug (an article missing from it is not
    checked)."""
    problems: list[Problem] = []
    for article in articles:
        count = paragraphs.get(article.slug)
        if count is None:
            continue
        for position in article.positions:
            if position.number <= count:
                continue
            message = (
                f"positions: {position.question}: para: '{position.para}' is not in the "
                f"article, which {_paragraphs(count)}; paragraphs are counted from the top "
                "of the body, list items and quotations included, headings not"
            )
            problems.append(Problem(article.path, position.line, message))
    return problems


def _paragraphs(count: int) -> str:
    if count == 0:
        return "has no paragraph"
    if count == 1:
        return "has one paragraph, para-1"
    return f"has {count} paragraphs, para-1 to para-{count}"
