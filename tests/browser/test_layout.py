"""Layout from phone to desktop: no sideways scroll, text of 16 px or more, a readable measure."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browserkit import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

WIDTHS = [320, 390, 768, 1280]
SMALLEST_TEXT = """() => {
    let smallest = Infinity, where = '';
    for (const element of document.querySelectorAll('body *')) {
        const own = [...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || element.getClientRects().length === 0) continue;
        const size = parseFloat(getComputedStyle(element).fontSize);
        if (size < smallest) { smallest = size; where = element.outerHTML.slice(0, 80); }
    }
    return [smallest, where];
}"""
# Characters per line of the longest paragraph: where each character's box starts a new line.
CHARACTERS_PER_LINE = """() => {
    const paragraphs = [...document.querySelectorAll('.prose p')];
    const p = paragraphs.sort((a, b) => b.textContent.length - a.textContent.length)[0];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const lines = [];
    let top = null, count = 0;
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        for (let i = 0; i < text.length; i++) {
            range.setStart(text, i); range.setEnd(text, i + 1);
            const box = range.getClientRects()[0];
            if (!box) continue;
            if (top !== null && box.top > top + 2) { lines.push(count); count = 0; }
            top = box.top; count++;
        }
    }
    return lines;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_and_text_is_at_least_16px(
    browser: Browser, server: str, pages: list[str], width: int
) -> None:
    page = open_page(browser, width=width)
    for path in pages:
        page.goto(server + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"
        smallest, where = page.evaluate(SMALLEST_TEXT)
        assert smallest >= 16, f"{path} at {width}px has {smallest}px text: {where}"
    page.context.close()


def test_article_lines_keep_a_readable_length_on_wide_screens(
    browser: Browser, server: str, pages: list[str]
) -> None:
    page = open_page(browser, width=1280)
    for path in (p for p in pages if p.startswith("articles/")):
        page.goto(server + path)
        lines = page.evaluate(CHARACTERS_PER_LINE)
        assert len(lines) >= 3, path
        average = sum(lines) / len(lines)
        assert 55 <= average <= 85, f"{path}: {average:.0f} characters a line"
    page.context.close()
