"""Portable and self-contained: from disk or under a sub-path, every internal link and fragment
leads somewhere, nothing is requested from another origin, and nothing logs an error."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag

import pytest
from browserkit import is_page_error, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# getAttribute, not .href: an SVG link's href is an object, not a string.
HREFS = """() => [...document.querySelectorAll('a[href], link[href]')]
    .map(a => new URL(a.getAttribute('href'), document.baseURI).href)"""
IDS = "() => [...document.querySelectorAll('[id]')].map(e => e.id)"


def _crawl(page: Page, start: list[str], base: str) -> tuple[dict[str, list[str]], list[str]]:
    """Visit every page reachable from `start` inside `base`; return ids per page and problems."""
    ids: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}
    problems: list[str] = []
    queue = list(start)
    while queue:
        url = queue.pop()
        if url in ids:
            continue
        response = page.goto(url)
        if response is not None and not response.ok:
            problems.append(f"{url}: HTTP {response.status}")
        ids[url] = page.evaluate(IDS)
        links[url] = page.evaluate(HREFS)
        for href in links[url]:
            target, _ = urldefrag(href)
            if target.startswith(base) and target.endswith(".html") and target not in ids:
                queue.append(target)
    for url, hrefs in links.items():
        for href in hrefs:
            target, fragment = urldefrag(href)
            if not target.startswith(base):
                continue
            if target.endswith(".css"):
                continue
            if target not in ids:
                problems.append(f"{url}: link to {href} leads to no page")
            elif fragment and fragment not in ids[target]:
                problems.append(f"{url}: link to {href} has no #{fragment} there")
    return ids, problems


def _watch(page: Page, allowed: str) -> tuple[list[str], list[str]]:
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(allowed) else foreign.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if is_page_error(m) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    return foreign, errors


@pytest.mark.parametrize("where", ["file", "sub-path"])
def test_every_internal_link_resolves_and_nothing_leaves_the_site(
    browser: Browser, server: str, site_dir: Path, pages: list[str], where: str
) -> None:
    base = site_dir.as_uri() + "/" if where == "file" else server
    page = open_page(browser)
    foreign, errors = _watch(page, base)
    ids, problems = _crawl(page, [base + "index.html", base + "404.html"], base)
    page.context.close()
    assert problems == []
    assert sorted(url.removeprefix(base) for url in ids) == pages
    assert foreign == []
    assert errors == []


def test_stylesheets_load_from_disk(browser: Browser, site_dir: Path) -> None:
    page = open_page(browser)
    page.goto((site_dir / "index.html").as_uri())
    # From file:// the rules cannot be read back; their effects can.
    applied = page.evaluate(
        """() => ({
            sheets: document.styleSheets.length,
            skipLink: getComputedStyle(document.querySelector('.skip-link')).position,
            cards: getComputedStyle(document.querySelector('.cards')).display,
        })"""
    )
    page.context.close()
    assert applied == {"sheets": 2, "skipLink": "absolute", "cards": "grid"}
