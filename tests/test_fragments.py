"""Fragments rendered once a build and reused change nothing: the pages are byte for byte those
of rendering every fragment on every page."""

from __future__ import annotations

from pathlib import Path

import markupsafe
import pytest

from reader import templates
from reader.templates import Fragments
from snapshots import clean_build
from synthetic import write_project

REPO = Path(__file__).resolve().parent.parent


def test_a_fragment_is_rendered_once_per_key() -> None:
    fragments = Fragments()
    calls: list[str] = []

    def render(text: str) -> str:
        calls.append(text)
        return f"<p>{text}</p>"

    assert fragments(("a", 1), render, "x") == markupsafe.Markup("<p>x</p>")
    assert fragments(("a", 1), render, "y") == markupsafe.Markup("<p>x</p>")  # the key decides
    assert fragments(("a", 2), render, "y") == markupsafe.Markup("<p>y</p>")
    assert calls == ["x", "y"]


@pytest.mark.parametrize("project", ["sample", "synthetic"])
def test_reused_fragments_give_the_pages_rendering_every_fragment_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project: str
) -> None:
    root = REPO if project == "sample" else write_project(tmp_path / "project", articles=60)
    reused = clean_build(root, tmp_path / "reused", search=False, drafts=True)

    def every_time(self: Fragments, key: object, render: object, *arguments: object) -> str:
        return markupsafe.Markup(render(*arguments))  # type: ignore[operator]

    monkeypatch.setattr(templates.Fragments, "__call__", every_time)
    assert clean_build(root, tmp_path / "every-time", search=False, drafts=True) == reused
