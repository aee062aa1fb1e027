"""Keyboard use: the skip link comes first and works; every link is reachable and shows focus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from browserkit import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

FOCUSED = """() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return {
        tag: e.tagName.toLowerCase(),
        id: e.id,
        href: e.getAttribute('href'),
        classes: e.className,
        outline: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
    };
}"""
LINKS = """() => [...document.querySelectorAll('a[href]')]
    .filter(a => a.checkVisibility() || a.classList.contains('skip-link'))
    .map(a => a.getAttribute('href'))"""


def _tab(page: Page) -> dict[str, str | float]:
    page.keyboard.press("Tab")
    return dict(page.evaluate(FOCUSED))


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    browser: Browser, server: str, pages: list[str]
) -> None:
    page = open_page(browser)
    for path in pages:
        page.goto(server + path)
        first = _tab(page)
        assert first["href"] == "#main", path
        assert "skip-link" in str(first["classes"]), path
        assert (
            page.evaluate("() => document.querySelector('.skip-link').getBoundingClientRect().top")
            >= 0
        )
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main", path
    page.context.close()


def test_every_link_is_reachable_by_tab_and_shows_focus(
    browser: Browser, server: str, pages: list[str]
) -> None:
    page = open_page(browser)
    for path in pages:
        page.goto(server + path)
        expected = page.evaluate(LINKS)
        reached: list[str] = []
        for _ in range(len(expected) + 10):
            focused = _tab(page)
            if focused["tag"] in ("body", "html") or (reached and focused["href"] == reached[0]):
                break  # left the page, or wrapped round to the skip link
            if focused["tag"] != "a":
                continue  # another tab stop, such as a scrollable region
            assert focused["outline"] != "none", f"{path}: {focused['href']} shows no focus"
            assert float(focused["outlineWidth"]) >= 2, f"{path}: {focused['href']} focus too thin"
            reached.append(str(focused["href"]))
        assert reached == expected, path
    page.context.close()
