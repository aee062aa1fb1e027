"""`reader serve` in a real browser: the reload script runs under the page's policy, an open
page reloads by itself after an edit, and a bad edit shows over the page until it is fixed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from serving import WAIT_SECONDS, launch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage

    from conftest import MakeProject

ENGAGE_NOW = "content/articles/engage-now.md"


def _edit(project: Path, old: str, new: str) -> None:
    path = project / ENGAGE_NOW
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _note_error(message: ConsoleMessage, errors: list[str]) -> None:
    # The site has no favicon: the browser's own request for one is not the page's error.
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        errors.append(message.text)


def test_an_open_page_follows_every_edit(
    browser: Browser, make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project()
    server = launch(project, tmp_path / "serve-tmp")
    page = browser.new_page()
    page.set_default_timeout(WAIT_SECONDS * 1000)
    errors: list[str] = []
    page.on("console", lambda m: _note_error(m, errors))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server.url + "articles/engage-now/")
        assert page.text_content("h1") == "Engaging now is the only way"
        page.evaluate("window.notReloaded = true")

        _edit(project, "title: Engaging now is the only way", "title: Talk now")
        page.wait_for_function(
            "() => !window.notReloaded && document.querySelector('h1').textContent === 'Talk now'"
        )

        _edit(project, "stance: engage", "stance: engagement")
        problems = page.wait_for_selector("#reader-serve-problems", state="visible")
        assert problems is not None
        assert "content/articles/engage-now.md:10: stance: 'engagement'" in (
            problems.text_content() or ""
        )
        assert page.text_content("h1") == "Talk now"  # the last good build, under the overlay

        _edit(project, "stance: engagement", "stance: engage")
        page.wait_for_selector("#reader-serve-problems", state="detached")
        assert errors == []  # nothing refused by the Content-Security-Policy, no script error
    finally:
        page.close()
        server.stop()
