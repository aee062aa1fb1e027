"""The pages of a split timeline (an overview of years, a page per year), which the five-article
site is too small to have, are valid HTML with no axe violation, light or dark."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest
from browserkit import axe_violations, open_page, vnu_errors

from reader import site as site_module
from reader.build import build
from synthetic import write_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser


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
    assert vnu_errors(vnu_command, split_pages) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_split_timeline_pages(
    browser: Browser, split_pages: list[Path], axe_source: str, scheme: Literal["light", "dark"]
) -> None:
    page = open_page(browser, color_scheme=scheme, bypass_csp=True)
    failures = []
    for path in split_pages:
        label = f"{path.parent.name}/{path.name} [{scheme}]"
        page.goto(path.as_uri())
        failures += axe_violations(page, axe_source, label=label)
    page.context.close()
    assert failures == []
