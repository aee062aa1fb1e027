"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page, light or dark."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import pytest
from browserkit import axe_violations, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page(
    browser: Browser,
    server: str,
    pages: list[str],
    axe_source: str,
    scheme: Literal["light", "dark"],
) -> None:
    # axe is injected as a script, which the site's own CSP rightly forbids.
    page = open_page(browser, color_scheme=scheme, bypass_csp=True)
    failures = []
    for path in pages:
        page.goto(server + path)
        failures += axe_violations(page, axe_source, label=f"{path} [{scheme}]")
    page.context.close()
    assert failures == []


def test_dark_mode_is_a_palette_not_a_filter(browser: Browser, server: str) -> None:
    styles = {}
    for scheme in ("light", "dark"):
        page = open_page(browser, color_scheme=scheme)
        page.goto(server + "index.html")
        styles[scheme] = page.evaluate(
            """() => ({
                background: getComputedStyle(document.body).backgroundColor,
                color: getComputedStyle(document.body).color,
                filters: [document.documentElement, document.body, document.querySelector('main')]
                    .map(e => getComputedStyle(e).filter),
            })"""
        )
        page.context.close()
    assert styles["light"]["background"] != styles["dark"]["background"]
    assert styles["light"]["color"] != styles["dark"]["color"]
    assert styles["dark"]["filters"] == ["none", "none", "none"]
