"""The questions page from phone to desktop: the matrix of answers scrolls within its own
labelled region on a phone, keeps the articles' titles in view, fits a desktop screen, and
shows every answer as a word; screenshots saved to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browserkit import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

QUESTIONS = "questions/index.html"
QUESTION = "questions/direct-talks/index.html"
MEASURE = """() => {
    const region = document.querySelector('.matrix-scroll');
    const box = element => element.getBoundingClientRect();
    return {
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        scroll: region.scrollWidth - region.clientWidth,
        role: region.getAttribute('role'),
        tabindex: region.getAttribute('tabindex'),
        label: document.getElementById(region.getAttribute('aria-labelledby')).textContent,
        cells: [...region.querySelectorAll('tbody td')].map(td => td.innerText.trim()),
        marks: [...region.querySelectorAll('.answer__mark')]
            .map(mark => mark.getAttribute('aria-hidden')),
        regionLeft: box(region).left,
        titleLeft: box(region.querySelector('tbody th[scope=row]')).left,
        stanceLeft: box(region.querySelector('.matrix__stance-label')).left,
    };
}"""
WORDS = {"Yes", "No", "Conditional", "Mixed", "Not addressed"}


@pytest.mark.parametrize("width", [360, 390])
def test_on_a_phone_the_matrix_scrolls_in_its_own_region_with_titles_in_view(
    browser: Browser, server: str, width: int
) -> None:
    page = open_page(browser, width=width)
    page.goto(server + QUESTIONS)
    before = page.evaluate(MEASURE)
    assert before["page"] <= 0, f"the page scrolls sideways by {before['page']}px"
    assert before["scroll"] > 0, "the matrix should scroll within its region"
    assert before["role"] == "region"
    assert before["tabindex"] == "0"
    assert before["label"] == "Each article’s answers, by stance"
    page.evaluate("() => { document.querySelector('.matrix-scroll').scrollLeft = 10000 }")
    after = page.evaluate(MEASURE)
    # Scrolled to the last question, the titles and the stances' names stay where they were.
    assert abs(after["titleLeft"] - after["regionLeft"]) <= 1
    assert abs(after["stanceLeft"] - before["stanceLeft"]) <= 1
    page.context.close()


def test_on_a_desktop_the_matrix_fits_and_every_answer_is_a_word(
    browser: Browser, server: str
) -> None:
    page = open_page(browser, width=1280)
    page.goto(server + QUESTIONS)
    measured = page.evaluate(MEASURE)
    assert measured["page"] <= 0
    assert measured["scroll"] <= 0, f"the matrix scrolls by {measured['scroll']}px at 1280px"
    words = {" ".join(cell.lstrip("✓✗◐±").split()) for cell in measured["cells"]}
    assert words == WORDS  # the sample gives every answer, and leaves questions out
    assert set(measured["marks"]) == {"true"}  # the marks repeat the words, for the eye only
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_questions_page_and_a_question(
    browser: Browser, server: str, artifacts: Path, width: int, scheme: str
) -> None:
    page = open_page(browser, width=width, color_scheme=scheme)  # type: ignore[arg-type]
    for name, path in (("questions", QUESTIONS), ("question", QUESTION)):
        page.goto(server + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"
        target = artifacts / f"{name}-{width}-{scheme}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    page.context.close()
