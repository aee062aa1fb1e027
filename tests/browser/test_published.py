"""Pages built with a public address (feeds, Open Graph, JSON-LD, citations) are valid HTML too."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from reader.build import build

REPO = Path(__file__).resolve().parents[2]


def test_every_page_built_with_a_base_url_is_valid_html(
    vnu_command: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = tmp_path_factory.mktemp("published") / "site"
    build(REPO, site, base_url="https://example.org/reader/")
    files = sorted(str(p) for p in site.rglob("*.html"))
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *files],
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
    assert len(files) > 5
    assert errors == []
    assert result.returncode == 0, result.stderr
