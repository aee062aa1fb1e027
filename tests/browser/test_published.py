"""Pages built with a public address (feeds, Open Graph, JSON-LD, citations) are valid HTML too."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browserkit import is_page_error, open_page, vnu_errors

from pages_host import pages_host
from reader import starter
from reader.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage

REPO = Path(__file__).resolve().parents[2]


def test_every_page_built_with_a_base_url_is_valid_html(
    vnu_command: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = tmp_path_factory.mktemp("published") / "site"
    build(REPO, site, base_url="https://example.org/reader/")
    files = sorted(site.rglob("*.html"))
    assert len(files) > 5
    assert vnu_errors(vnu_command, files, root=site) == []


def test_a_reader_published_as_github_pages_does_works_under_its_sub_path(
    browser: Browser, tmp_path: Path
) -> None:
    """`reader init --example`, built by the workflow's build command with the address GitHub
    gives a project site, served as GitHub Pages serves it: click through, search, and a
    missing address deep inside the site gets a styled 404 page whose links work."""
    from playwright.sync_api import expect

    project = tmp_path / "taliban-reader"
    starter.write_project(project, starter.example_files())
    with pages_host("taliban-reader") as (host, served):
        command = ["reader", "build", "--base-url", host.base_url]
        result = subprocess.run(
            command,
            cwd=project,
            env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        served.append(project / "site")
        page = open_page(browser)
        errors: list[str] = []
        missing = host.base_url + "articles/gone/and/deeper/"

        def console(message: ConsoleMessage) -> None:
            # The one 404 asked for on purpose is logged too: only others are errors.
            if is_page_error(message) and message.location.get("url") != missing:
                errors.append(f"{message.location.get('url')}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda e: errors.append(str(e)))
        # A load cut short by the next click (net::ERR_ABORTED) is the test's doing; every
        # answer the host gives is checked instead.
        page.on(
            "response",
            lambda r: (
                errors.append(f"{r.status}: {r.url}")
                if r.status >= 400 and r.url != missing
                else None
            ),
        )
        page.goto(host.base_url)
        page.locator("article a, .card a").first.click()
        assert "/taliban-reader/articles/" in page.url
        article = page.url
        page.get_by_role("navigation", name="Site").get_by_role("link", name="Timeline").click()
        assert page.url == host.base_url + "timeline/index.html"
        page.go_back()
        assert page.url == article
        page.go_back()
        assert page.url == host.base_url

        page.goto(host.base_url + "search/index.html?q=Pakistan")
        expect(page.locator("#search-status")).to_have_text(re.compile("found"), timeout=10_000)
        assert page.locator(".search-result a").count() >= 2

        answer = page.goto(missing)
        assert answer is not None
        assert answer.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        styled = "getComputedStyle(document.documentElement).getPropertyValue('--serif')"
        assert page.evaluate(styled).strip()  # the site's stylesheet was found and applies
        page.get_by_role("link", name="The timeline").click()
        assert page.url == host.base_url + "timeline/index.html"
        page.context.close()
    assert errors == []
