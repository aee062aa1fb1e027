"""Helpers for the browser tests (fixtures live in conftest.py)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


def vnu_errors(
    vnu_command: list[str], files: Sequence[Path], *, root: Path | None = None
) -> list[str]:
    """The Nu Html Checker's errors on `files`, one line each (paths shown from `root`)."""
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    # vnu names files as file:/path, not as file:///path.
    prefix = f"file:{root}/" if root is not None else ""
    errors = [
        f"{m.get('url', '?').removeprefix(prefix)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    if not errors and result.returncode != 0:
        errors.append(f"vnu exited with {result.returncode}: {result.stderr[-500:]}")
    return errors


def axe_violations(page: Page, axe_source: str, *, label: str) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, one line each
    (the page must bypass the site's CSP, which rightly forbids the injected script)."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["passes"], f"axe ran no check on {label}"
    return [
        f"{label}: {violation['id']}: {violation['help']}: "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]
