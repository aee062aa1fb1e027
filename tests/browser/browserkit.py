"""Helpers for the browser tests (fixtures live in conftest.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page


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


def is_page_error(message: ConsoleMessage) -> bool:
    """Whether a console message is an error of the page's own making.

    A page that names no icon makes Chromium fetch /favicon.ico from the root of the host by
    itself; under a sub-path that is outside the site, the test server has none, and Chromium
    logs the 404 as an error. That request is the browser's, not the page's.
    """
    if message.type != "error":
        return False
    return urlsplit(message.location.get("url", "")).path != "/favicon.ico"
