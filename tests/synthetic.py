"""A deterministic synthetic project: many valid articles, for robustness tests."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STANCES = ("engage", "pressure", "resist")
WORDS = [
    "talks",
    "aid",
    "sanctions",
    "recognition",
    "envoys",
    "border",
    "refugees",
    "women",
    "schools",
    "courts",
    "province",
    "council",
    "ceasefire",
    "militia",
    "budget",
    "drought",
    "harvest",
    "embassy",
    "donors",
    "mission",
    "report",
]

SITE_YAML = """\
title: Synthetic reader
description: How should a synthetic question be answered?
language: en
"""
STANCES_YAML = "".join(
    f"- key: {key}\n  label: {key.title()}\n  definition: The {key} position, for tests.\n"
    for key in STANCES
)
QUESTIONS = ("talks", "aid", "sanctions")
QUESTIONS_YAML = "".join(
    f"- key: {key}\n  question: What of {key}?\n  description: The {key} question, for tests.\n"
    for key in QUESTIONS
)
ANSWERS = ("yes", "no", "conditional", "mixed")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, paragraphs: int) -> str:
    blocks = []
    for number in range(paragraphs):
        if number and number % 5 == 0:
            blocks.append(f"## Part {number // 5}")
        blocks.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 5))))
    return "\n\n".join(blocks) + "\n"


def _positions(number: int, paragraphs: int) -> str:
    """Answers to some of the questions, on paragraphs the article has; most articles answer
    'talks', a third 'aid', a fifth 'sanctions'."""
    lines = []
    for key, every in (("talks", 1), ("aid", 3), ("sanctions", 5)):
        if number % every == 0 and (key != "talks" or number % 4 != 3):
            answer = ANSWERS[(number // every) % len(ANSWERS)]
            para = 1 + (number + len(key)) % paragraphs
            lines.append(f"  {key}:\n    answer: {answer}\n    para: para-{para}\n")
            if number % 2:
                lines.append(f"    note: Gloss {number} on {key}.\n")
    return "positions:\n" + "".join(lines) if lines else ""


def article_text(number: int, *, rng: random.Random, paragraphs: int = 8) -> str:
    """One valid article file; dates spread over ten years at mixed precision, and positions
    on the questions of QUESTIONS_YAML."""
    year = 2015 + number % 10
    month = 1 + number % 12
    day = 1 + number % 28
    published, note = [
        (f"{year}-{month:02d}-{day:02d}", ""),
        (f"{year}-{month:02d}", "date_note: Inferred from the text.\n"),
        (f"{year}", "date_note: Only the year is known.\n"),
    ][number % 3]
    return (
        "---\n"
        f"title: Synthetic article number {number}\n"
        f"authors:\n  - name: Author {number % 17}\n    about: Institute {number % 5}\n"
        f"publication: Journal {number % 7}\n"
        f'published: "{published}"\n{note}'
        f"stance: {STANCES[number % 3]}\n"
        "stance_note: Chosen by the generator.\n"
        f"summary: Synthetic summary {number}.\n"
        "topics: [aid, talks]\n"
        + _positions(number, paragraphs)
        + "---\n\n"
        + _body(rng, paragraphs)
    )


def write_project(
    root: Path, *, articles: int, order: Iterable[int] | None = None, seed: int = 7
) -> Path:
    """Write a complete project with `articles` articles, created in `order` (default: 0..n-1)."""
    rng = random.Random(seed)
    texts = {n: article_text(n, rng=rng) for n in range(articles)}
    (root / "content" / "articles").mkdir(parents=True)
    (root / "seeds").mkdir()
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "content" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (root / "content" / "stances.yaml").write_text(STANCES_YAML, encoding="utf-8")
    (root / "content" / "questions.yaml").write_text(QUESTIONS_YAML, encoding="utf-8")
    events = "".join(
        f'- date: "{2015 + n}-06-01"\n  title: Event of {2015 + n}\n  articles: [article-{n:05d}]\n'
        for n in range(min(articles, 10))
    )
    (root / "content" / "timeline.yaml").write_text(events or "[]\n", encoding="utf-8")
    for number in order if order is not None else range(articles):
        path = root / "content" / "articles" / f"article-{number:05d}.md"
        path.write_text(texts[number], encoding="utf-8")
    return root
