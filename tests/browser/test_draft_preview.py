"""A draft in a preview, in the browser: its banner and marked placeholders are valid HTML,
accessible in light and dark, and look like what they are."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browserkit import axe_violations, open_page, vnu_errors

from reader.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[2]
DRAFT = "articles/case-for-patience/index.html"


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample reader with a draft made by `reader new`, built with --drafts."""
    root = tmp_path_factory.mktemp("drafts") / "project"
    for name in ("content", "templates", "seeds"):
        shutil.copytree(REPO / name, root / name)
    subprocess.run(
        [sys.executable, "-m", "reader", "new", "The case for patience", "--stance", "engage"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    build(root, root / "site", drafts=True, cache=False, search=False)
    return root / "site"


def test_a_draft_page_is_valid_html(draft_site: Path, vnu_command: list[str]) -> None:
    files = [draft_site / DRAFT, draft_site / "index.html"]
    assert vnu_errors(vnu_command, files, root=draft_site) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_draft_page_is_accessible_and_marked(
    draft_site: Path, browser: Browser, axe_source: str, artifacts: Path, scheme: str, width: int
) -> None:
    page = open_page(browser, width=width, color_scheme=scheme, bypass_csp=True)  # type: ignore[arg-type]
    try:
        page.goto((draft_site / DRAFT).as_uri())
        banner = page.locator(".draft-banner")
        assert banner.is_visible()
        assert banner.bounding_box()["width"] <= width  # type: ignore[index]
        assert page.locator("mark.placeholder").count() >= 4
        page.screenshot(path=str(artifacts / f"draft-{width}-{scheme}.png"), full_page=False)
        assert axe_violations(page, axe_source, label=f"{DRAFT} ({scheme}, {width})") == []
        page.goto((draft_site / "index.html").as_uri())
        assert page.locator(".card .draft-label").count() == 1
        assert axe_violations(page, axe_source, label=f"index.html ({scheme}, {width})") == []
    finally:
        page.context.close()
