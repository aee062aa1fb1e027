"""Search in a real browser: served under a sub-path it finds articles and the stance filter
narrows them; from disk or without JavaScript it says why it cannot run, and logs no error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest
from browserkit import axe_violations, is_page_error, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SEARCH = "search/index.html"
ARTICLE_STANCES = {
    "articles/making-deals-with-the-taliban/index.html": "engage",
    "articles/taliban-and-international-diplomacy/index.html": "engage",
    "articles/unpalatable-necessity-of-engaging/index.html": "engage",
    "articles/taliban-reel-or-return-to-negotiations/index.html": "pressure",
    "articles/support-the-resistance/index.html": "resist",
}
# A phrase found in one article only, and a word found in articles of two stances.
PHRASE = "23 active armed groups resisting"
PHRASE_ARTICLE = "articles/support-the-resistance/index.html"
SHARED_WORD = "Pakistan"
RESULTS = "() => [...document.querySelectorAll('.search-result a')].map(a => a.href)"
TIMEOUT_MS = 10_000


def _watch(page: Page, allowed: str) -> tuple[list[str], list[str]]:
    """Record requests that leave `allowed` and every error the page reports."""
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(allowed) else foreign.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if is_page_error(m) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    return foreign, errors


def _status(page: Page) -> str:
    return page.locator("#search-status").inner_text()


def _search(page: Page, words: str, *, stance: str = "") -> list[str]:
    """Type `words`, choose `stance`, submit; return the result links once they are shown."""
    page.fill("#search-input", words)
    page.check(f"input[name=stance][value='{stance}']")
    page.press("#search-input", "Enter")
    _wait_for_answer(page)
    links: list[str] = page.evaluate(RESULTS)
    return links


def _wait_for_answer(page: Page) -> None:
    """Wait until the status reports what was found (or that nothing was).

    Playwright's expect polls from its own world, so the page's CSP stays in force.
    """
    from playwright.sync_api import expect

    expect(page.locator("#search-status")).to_have_text(re.compile("found"), timeout=TIMEOUT_MS)


def test_a_phrase_from_one_article_finds_that_article_first(browser: Browser, server: str) -> None:
    page = open_page(browser)
    foreign, errors = _watch(page, server)
    page.goto(server + SEARCH)
    links = _search(page, PHRASE)
    page.context.close()
    assert links, "the search found nothing"
    assert links[0] == server + PHRASE_ARTICLE
    assert foreign == []
    assert errors == []


def test_the_stance_filter_narrows_the_results_to_that_stance(
    browser: Browser, server: str
) -> None:
    page = open_page(browser)
    foreign, errors = _watch(page, server)
    page.goto(server + SEARCH)
    everything = _search(page, SHARED_WORD)
    engage = _search(page, SHARED_WORD, stance="engage")
    resist = _search(page, SHARED_WORD, stance="resist")
    status = _status(page)
    page.context.close()
    found = {
        ARTICLE_STANCES[link.removeprefix(server)]
        for link in everything
        if link.removeprefix(server) in ARTICLE_STANCES
    }
    assert {"engage", "pressure"} <= found, everything
    assert engage, "the engage articles that name the word are found"
    assert set(engage) < set(everything)
    assert {ARTICLE_STANCES[link.removeprefix(server)] for link in engage} == {"engage"}
    assert resist == []
    assert status.startswith("Nothing found")
    assert foreign == []
    assert errors == []


def test_a_search_can_be_linked_to_and_a_stance_alone_lists_its_articles(
    browser: Browser, server: str
) -> None:
    page = open_page(browser)
    _, errors = _watch(page, server)
    page.goto(f"{server}{SEARCH}?stance=pressure")
    _wait_for_answer(page)
    links = page.evaluate(RESULTS)
    page.goto(f"{server}{SEARCH}?q=Doha&stance=resist")
    _wait_for_answer(page)
    linked = page.evaluate(RESULTS)
    field = page.input_value("#search-input")
    page.context.close()
    pressure = [p for p, s in ARTICLE_STANCES.items() if s == "pressure"]
    assert [link.removeprefix(server) for link in links] == pressure
    assert [link.removeprefix(server) for link in linked] == [PHRASE_ARTICLE]
    assert field == "Doha"
    assert errors == []


def test_opened_from_disk_the_search_page_says_why_it_cannot_search(
    browser: Browser, site_dir: Path
) -> None:
    page = open_page(browser)
    base = site_dir.as_uri() + "/"
    foreign, errors = _watch(page, base)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # With a query in the address, the page would search at once if it tried.
    page.goto(base + SEARCH + "?q=Taliban")
    page.wait_for_timeout(500)  # give a failing import the time to fail, were one tried
    status = _status(page)
    form_hidden = page.locator("#search-form").is_hidden()
    page.context.close()
    assert "does not work on pages opened from a file" in status
    assert "web server" in status
    assert form_hidden
    assert not [url for url in requests if "/pagefind/" in url]
    assert foreign == []
    assert errors == []


def test_without_javascript_the_page_says_search_needs_it(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + SEARCH)
    status = _status(page)
    form_hidden = page.locator("#search-form").is_hidden()
    context.close()
    assert "JavaScript is off or blocked" in status
    assert form_hidden


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_are_accessible_and_fit_a_phone(
    browser: Browser, server: str, axe_source: str, scheme: Literal["light", "dark"]
) -> None:
    # axe is injected as a script, which the page's own CSP rightly forbids.
    page = open_page(browser, width=320, color_scheme=scheme, bypass_csp=True)
    page.goto(server + SEARCH)
    assert _search(page, "Taliban")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    violations = axe_violations(page, axe_source, label=f"search results [{scheme}]")
    page.context.close()
    assert overflow <= 0
    assert violations == []
