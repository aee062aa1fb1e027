"""Helpers for the browser tests (fixtures live in conftest.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def open_page(
    browser: Browser,
    *,
    width: int = 1280,
    height: int = 900,
    color_scheme: Literal["light", "dark"] = "light",
    bypass_csp: bool = False,
) -> Page:
    """A page in a fresh context of the given viewport and colour scheme."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=color_scheme,
        bypass_csp=bypass_csp,
    )
    return context.new_page()
