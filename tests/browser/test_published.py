"""Pages built with a public address (feeds, Open Graph, JSON-LD, citations) are valid HTML too."""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import vnu_errors

from reader.build import build

REPO = Path(__file__).resolve().parents[2]


def test_every_page_built_with_a_base_url_is_valid_html(
    vnu_command: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = tmp_path_factory.mktemp("published") / "site"
    build(REPO, site, base_url="https://example.org/reader/")
    files = sorted(site.rglob("*.html"))
    assert len(files) > 5
    assert vnu_errors(vnu_command, files, root=site) == []
