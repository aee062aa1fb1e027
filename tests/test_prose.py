"""The site's prose names its counts, so adding an article does not leave the front page wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from html_tree import parse_html
from reader.build import build
from reader.prose import fill_prose, prose_problem

if TYPE_CHECKING:
    from conftest import MakeProject

COUNTS = {"articles": 5, "stances": 3, "events": 21, "first_year": 2021, "last_year": 2024}


@pytest.mark.parametrize(
    ("text", "english", "filled"),
    [
        ("{articles} analyses", True, "5 analyses"),
        (
            "{articles:Words} analyses, {stances:words} answers",
            True,
            "Five analyses, three answers",
        ),
        ("{articles:words} analyses", False, "5 analyses"),
        ("{events:words} events", True, "21 events"),  # beyond twenty: digits
        ("From {first_year} to {last_year}", True, "From 2021 to 2024"),
        ("{{braces}} and {articles}", True, "{braces} and 5"),
        ("No placeholder at all", True, "No placeholder at all"),
    ],
)
def test_placeholders_are_filled(text: str, english: bool, filled: str) -> None:
    assert prose_problem(text) is None
    assert fill_prose(text, COUNTS, english=english) == filled


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "{article} analyses",
            "unknown placeholder '{article}' (did you mean 'articles'?); the prose may use "
            "{articles}, {stances}, {events}, {first_year}, {last_year}",
        ),
        (
            "{articles:roman}",
            "'{articles:roman}': ':roman' is not a format; use ':words' or ':Words'",
        ),
        (
            "a lone { brace",
            "a lone '{': write '{{' for a brace, or use {articles}, {stances}, {events}, "
            "{first_year}, {last_year}",
        ),
        (
            "{0.__class__}",
            "a lone '{': write '{{' for a brace, or use {articles}, {stances}, "
            "{events}, {first_year}, {last_year}",
        ),
    ],
)
def test_a_wrong_placeholder_is_named(text: str, problem: str) -> None:
    assert prose_problem(text) == problem


@given(st.text(alphabet="ab {}:x_", max_size=30))
def test_text_without_problems_fills_without_error(text: str) -> None:
    if prose_problem(text) is None:
        fill_prose(text, COUNTS, english=True)


def test_the_front_page_counts_the_articles_it_has(make_project: MakeProject) -> None:
    site_yaml = (
        "title: A test reader\n"
        "tagline: '{articles:Words} short texts, {stances:words} answers'\n"
        "description: How should the world deal with a test?\n"
        "intro: Written from {first_year} to {last_year}; {events} events.\n"
        "language: en\n"
    )
    project = make_project({"content/site.yaml": site_yaml})
    build(project, project / "site", search=False)

    def intro() -> list[str]:
        page = parse_html((project / "site" / "index.html").read_text(encoding="utf-8"))
        _eyebrow, *prose = page.find("div", cls="intro").find_all("p")
        return [p.text for p in prose]

    assert intro() == ["Three short texts, three answers", "Written from 2021 to 2024; 2 events."]
    extra = (project / "content/articles/engage-now.md").read_text(encoding="utf-8")
    (project / "content/articles/engage-later.md").write_text(
        extra.replace('"2021-08-20"', '"2025-01-10"'), encoding="utf-8"
    )
    build(project, project / "site", search=False)
    assert intro() == ["Four short texts, three answers", "Written from 2021 to 2025; 2 events."]
