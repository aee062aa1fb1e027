"""Drafts in a preview: marked as drafts, their placeholders highlighted; never in a published
build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from html_tree import Element, parse_html
from reader.build import build
from serving import Server, launch

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader

DRAFT = "articles/case-for-patience/index.html"


@pytest.fixture
def project(make_project: MakeProject, run_reader: RunReader) -> Path:
    root = make_project()
    made = run_reader("new", "The case for patience", "--stance", "engage", "--project", root)
    assert made.returncode == 0, made.stderr
    return root


def _page(site: Path, path: str) -> Element:
    return parse_html((site / path).read_text(encoding="utf-8"))


def _placeholders(page: Element) -> list[str]:
    return [mark.text for mark in page.find_all("mark", cls="placeholder")]


def test_a_draft_in_a_preview_says_so_and_marks_its_placeholders(project: Path) -> None:
    build(project, project / "site", drafts=True, search=False)
    page = _page(project / "site", DRAFT)
    banner = page.find("p", cls="draft-banner")
    assert banner.text.startswith("Draft, not published.")
    marked = _placeholders(page)
    assert "TODO: where the article appeared" in marked  # publication
    assert "TODO: one sentence on why it takes this stance" in marked  # stance_note
    assert "TODO: one to three sentences in your own words" in marked  # summary
    assert any(text.startswith("TODO: the article’s text") for text in marked)  # the body
    card = next(
        c
        for c in _page(project / "site", "index.html").find_all("article", cls="card")
        if "The case for patience" in c.text
    )
    assert card.find("span", cls="draft-label").text == "Draft"
    assert _placeholders(card) == ["TODO: one to three sentences in your own words"]


def test_published_pages_carry_no_draft_marks(project: Path) -> None:
    build(project, project / "site", drafts=True, search=False)
    page = _page(project / "site", "articles/engage-now/index.html")
    assert page.find_all("p", cls="draft-banner") == []
    assert _placeholders(page) == []


def test_a_build_without_drafts_has_no_draft_anywhere(project: Path) -> None:
    build(project, project / "site", search=False)
    assert not (project / "site" / DRAFT).exists()
    for path in (project / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "draft-banner" not in text, path
        assert "draft-label" not in text, path
        assert 'class="placeholder"' not in text, path


def test_placeholders_are_marked_only_where_check_finds_them(project: Path) -> None:
    # In a body, only a line that starts with the marker is a placeholder: an author may
    # write "TODO:" in a sentence.
    path = project / "content/articles/case-for-patience.md"
    text = path.read_text(encoding="utf-8").replace(
        "TODO: the article's text", "The memo said: TODO: nothing.\nTODO: the article's text"
    )
    path.write_text(text, encoding="utf-8")
    build(project, project / "site", drafts=True, search=False)
    body = _page(project / "site", DRAFT).by_id("article-body")
    assert body is not None
    assert [m.text[:24] for m in body.find_all("mark")] == ["TODO: the article’s text"]


@pytest.fixture
def served(project: Path, tmp_path: Path) -> Iterator[Server]:
    server = launch(project, tmp_path / "serve", "--drafts")
    yield server
    server.stop()


def test_serve_with_drafts_shows_the_banner(served: Server) -> None:
    page = served.page("/" + DRAFT.removesuffix("index.html"))
    assert page.find("p", cls="draft-banner").text.startswith("Draft, not published.")
