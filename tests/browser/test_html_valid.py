"""The Nu Html Checker reports no error on any page."""

from __future__ import annotations

from pathlib import Path

from browserkit import vnu_errors


def test_every_page_is_valid_html(vnu_command: list[str], site_dir: Path, pages: list[str]) -> None:
    files = [site_dir / page for page in pages]
    assert vnu_errors(vnu_command, files, root=site_dir) == []
