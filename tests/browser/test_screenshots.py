"""Screenshots of the main pages at phone and desktop widths, saved to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browserkit import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PAGES = {
    "index": "index.html",
    "article": "articles/unpalatable-necessity-of-engaging/index.html",
    "timeline": "timeline/index.html",
}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_index_article_and_timeline(
    browser: Browser, server: str, artifacts: Path, width: int, scheme: str
) -> None:
    page = open_page(browser, width=width, color_scheme=scheme)  # type: ignore[arg-type]
    for name, path in PAGES.items():
        page.goto(server + path)
        target = artifacts / f"{name}-{width}-{scheme}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    page.context.close()
