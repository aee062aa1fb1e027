"""The picture of the debate fits a phone: no sideways scroll, in the page or inside the figure;
every article and event has a mark in view, with text of 11 px or more, focus that shows, and no
axe violation, light or dark; a large reader's figure too. Screenshots of the figure go to
test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest
from browserkit import axe_violations, open_page

from reader.build import build
from reader.figure import MAX_SINGLE_MARKS
from synthetic import write_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PAGES = {"index": "index.html", "timeline": "timeline/index.html"}
SMALLEST_READABLE = 11  # CSS px, as drawn: an SVG's text shrinks with the SVG
# Geometry of the figure as drawn. Links are compared as absolute URLs; a text's size is its
# computed size times the scale its SVG is drawn at.
FIGURE = """() => {
    const figure = document.querySelector('figure.debate');
    const box = figure.getBoundingClientRect();
    const href = a => new URL(a.getAttribute('href'), document.baseURI).href;
    const links = [...figure.querySelectorAll('a[href]')];
    const shown = links.filter(a => a.checkVisibility()).map(a => {
        const r = a.getBoundingClientRect();
        return {href: href(a), left: r.left, right: r.right, width: r.width, height: r.height};
    });
    const texts = [...figure.querySelectorAll('text, figcaption')]
        .filter(e => e.checkVisibility() && e.textContent.trim())
        .map(e => {
            const m = e instanceof SVGGraphicsElement ? e.getScreenCTM() : null;
            const scale = m ? Math.hypot(m.a, m.b) : 1;
            return [parseFloat(getComputedStyle(e).fontSize) * scale, e.textContent.trim()];
        });
    const scrollers = [figure, ...figure.querySelectorAll('*')]
        .filter(e => e.scrollWidth > e.clientWidth + 1
            && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .map(e => e.className.baseVal ?? e.className);
    return {
        left: box.left,
        right: box.right,
        svgs: [...figure.querySelectorAll('svg')].filter(s => s.checkVisibility()).length,
        every: [...new Set(links.map(href))],
        shown: shown,
        texts: texts,
        scrollers: scrollers,
        pageWidth: document.scrollingElement.scrollWidth,
        viewport: window.innerWidth,
    };
}"""
FOCUSED = """() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    return {
        inFigure: !!e.closest('figure.debate'),
        tag: e.tagName.toLowerCase(),
        href: e.getAttribute('href'),
        left: r.left,
        right: r.right,
        outline: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
    };
}"""


def _articles(pages: list[str]) -> list[str]:
    return [p for p in pages if p.startswith("articles/") and p.endswith("/index.html")]


def assert_figure_fits(page: Page, width: int, articles: set[str], *, where: str) -> set[str]:
    """One drawing shown, wholly in view: no sideways scroll, a mark for every link of the
    figure and every one of `articles` (absolute URLs), no text under 11 px. Return the links
    in view."""
    figure = dict(page.evaluate(FIGURE))
    assert figure["svgs"] == 1, f"{where}: {figure['svgs']} drawings shown, not one"
    assert figure["pageWidth"] <= width, f"{where}: the page is {figure['pageWidth']}px wide"
    assert figure["left"] >= 0, f"{where}: the figure overflows"
    assert figure["right"] <= width, f"{where}: the figure overflows"
    outside = [
        s["href"]
        for s in figure["shown"]
        if s["left"] < 0 or s["right"] > width or not (s["width"] and s["height"])
    ]
    assert outside == [], f"{where}: marks not in view: {outside}"
    in_view = {s["href"] for s in figure["shown"]}
    assert set(figure["every"]) <= in_view, f"{where}: links of the figure not shown"
    missing = articles - in_view
    assert not missing, f"{where}: articles without a mark: {sorted(missing)}"
    assert figure["scrollers"] == [], f"{where}: scrolls sideways inside {figure['scrollers']}"
    size, text = min(figure["texts"])
    assert size >= SMALLEST_READABLE, f"{where}: {size:.1f}px text: {text[:40]!r}"
    return in_view


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_figure_fits_the_screen_with_every_mark_in_view(
    browser: Browser,
    server: str,
    pages: list[str],
    artifacts: Path,
    width: int,
    scheme: Literal["light", "dark"],
) -> None:
    page = open_page(browser, width=width, color_scheme=scheme)
    articles = {server + a for a in _articles(pages)}
    for name, path in PAGES.items():
        page.goto(server + path)
        page.locator("figure.debate").screenshot(
            path=str(artifacts / f"figure-{name}-{width}-{scheme}.png")
        )
        assert_figure_fits(page, width, articles, where=f"{path} at {width}px")
    page.context.close()


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reader whose every stance has too many articles for a mark each, and whose timeline is
    split into years."""
    project = write_project(
        tmp_path_factory.mktemp("large") / "project", articles=3 * (MAX_SINGLE_MARKS + 10)
    )
    build(project, project / "site", search=False, cache=False)
    assert (project / "site" / "timeline" / "2020" / "index.html").is_file()
    return project / "site"


@pytest.mark.parametrize("width", [390, 1280])
def test_a_large_readers_figure_fits_the_screen_too(
    browser: Browser, large_site: Path, artifacts: Path, width: int
) -> None:
    page = open_page(browser, width=width)
    years = {p.parent.as_uri() + "/" for p in (large_site / "timeline").glob("*/index.html")}
    for name, path in PAGES.items():
        page.goto((large_site / path).as_uri())
        page.locator("figure.debate").screenshot(
            path=str(artifacts / f"figure-large-{name}-{width}.png")
        )
        in_view = assert_figure_fits(page, width, set(), where=f"large {path} at {width}px")
        # Each mark stands for a stance's articles of a month or a year, linked to the year.
        linked = {h.partition("index.html#year-")[0] for h in in_view if "#year-" in h}
        assert linked == years, f"large {path} at {width}px"
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_every_mark_of_the_figure_takes_focus_in_view_and_shows_it(
    browser: Browser, server: str, width: int
) -> None:
    page = open_page(browser, width=width)
    for path in PAGES.values():
        page.goto(server + path)
        expected = [s["href"] for s in page.evaluate(FIGURE)["shown"]]
        reached: list[str] = []
        for _ in range(500):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["tag"] in ("body", "html"):
                break
            if not focused["inFigure"]:
                if reached:
                    break  # past the figure
                continue
            where = f"{path} at {width}px: {focused['href']}"
            assert focused["outline"] != "none", f"{where} shows no focus"
            assert focused["outlineWidth"] >= 2, f"{where}: focus too thin"
            assert focused["left"] >= 0, f"{where} is out of view"
            assert focused["right"] <= width, f"{where} is out of view"
            reached.append(str(focused["href"]))
        absolute = [page.evaluate("h => new URL(h, document.baseURI).href", h) for h in reached]
        assert absolute == expected, path
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_figure_pages_of_a_phone(
    browser: Browser, server: str, axe_source: str, scheme: Literal["light", "dark"]
) -> None:
    page = open_page(browser, width=390, color_scheme=scheme, bypass_csp=True)
    failures = []
    for path in PAGES.values():
        page.goto(server + path)
        failures += axe_violations(page, axe_source, label=f"{path} at 390px [{scheme}]")
    page.context.close()
    assert failures == []
