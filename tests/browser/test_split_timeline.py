"""The pages of a split timeline (an overview of years, a page per year), which the five-article
site is too small to have, are valid HTML with no axe violation, light or dark."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest
from browserkit import open_page

from reader import site as site_module
from reader.build import build
from synthetic import write_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def split_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    project = write_project(tmp_path_factory.mktemp("split") / "project", articles=30)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_module, "TIMELINE_SPLIT_FROM", 12)
        build(project, project / "site", search=False, cache=False)
    timeline = project / "site" / "timeline"
    years = sorted(timeline.glob("*/index.html"))
    assert len(years) > 1
    return [timeline / "index.html", years[0], years[-1]]


def test_split_timeline_pages_are_valid_html(
    vnu_command: list[str], split_pages: list[Path]
) -> None:
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *map(str, split_pages)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '?')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_split_timeline_pages(
    browser: Browser, split_pages: list[Path], axe_source: str, scheme: Literal["light", "dark"]
) -> None:
    page = open_page(browser, color_scheme=scheme, bypass_csp=True)
    failures = []
    for path in split_pages:
        page.goto(path.as_uri())
        page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        assert result["passes"], f"axe ran no check on {path}"
        for violation in result["violations"]:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            failures.append(f"{path.name} [{scheme}]: {violation['id']}: {targets}")
    page.context.close()
    assert failures == []
