"""The Nu Html Checker reports no error on any page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path


def test_every_page_is_valid_html(vnu_command: list[str], site_dir: Path, pages: list[str]) -> None:
    files = [str(site_dir / page) for page in pages]
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    prefix = site_dir.as_uri() + "/"
    errors = [
        f"{m.get('url', '?').removeprefix(prefix)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
    assert result.returncode == 0, result.stderr
