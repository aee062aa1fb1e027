"""`reader pack`: the whole reader as one PDF, read back with pypdf.

The sample reader's PDF is made once for the module (and once more, to compare bytes); the
error cases use the small valid project of conftest.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PageObject, PdfReader

from reader.answers import plan_matrix
from reader.bodies import render_bodies
from reader.build import load_inputs
from reader.cli import main
from reader.content import load_project
from reader.markdown import make_parser, quote_paragraphs
from reader.pack import load_print_stylesheet, pack, plan_pack, render_pack, scope_body
from reader.site import assemble_site
from synthetic import write_project

if TYPE_CHECKING:
    from conftest import MakeProject

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("Contents", "The stances", "About this reader", "Engage", "Pressure", "Resist")
PARTS = ("Questions and answers", "Timeline")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "reader.pdf"
    pack(ROOT, out)
    return out


@pytest.fixture(scope="module")
def reader(sample_pdf: Path) -> PdfReader:
    return PdfReader(sample_pdf)


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


# Running headers and page numbers stand this close to the paper's edges, the text further in.
MARGIN_BOXES = 40  # points


def _text(page: PageObject, *, margins: bool) -> str:
    """The text of the page's body, or (`margins`) of its running header and page number."""
    height = float(page.mediabox.height)
    parts: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        y = cm[5] + tm[5] * cm[3]
        if (MARGIN_BOXES < y < height - MARGIN_BOXES) != margins:
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(parts)


def _squeezed(text: str) -> str:
    """Text without any whitespace: a PDF's lines break anywhere between words, or after a
    hyphen of a word such as 'hard-line'."""
    return "".join(text.split())


def _outline_titles(outline: list[Any]) -> list[str]:
    titles: list[str] = []
    for item in outline:
        titles += _outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def _links(reader: PdfReader, page: int) -> list[Any]:
    annotations = reader.pages[page].get("/Annots") or []
    return [a.get_object() for a in annotations if a.get_object()["/Subtype"] == "/Link"]


def test_sample_pack_has_a_plausible_number_of_pages(reader: PdfReader) -> None:
    assert 15 <= len(reader.pages) <= 40


def test_bookmarks_list_the_parts_and_every_article(reader: PdfReader) -> None:
    titles = _outline_titles(reader.outline)
    articles = [a.title for a in load_project(ROOT).articles]
    assert [t for t in titles if t in SECTIONS + PARTS] == [*SECTIONS, *PARTS]
    assert sorted(t for t in titles if t in articles) == sorted(articles)


def test_contents_page_lists_every_article_with_its_page(
    reader: PdfReader, pages: list[str]
) -> None:
    contents = _text(reader.pages[1], margins=False)
    assert contents.startswith("Contents")
    for article in load_project(ROOT).articles:
        assert _squeezed(article.title) in _squeezed(contents)
    for section in ("The stances", "About this reader", *PARTS):
        assert re.search(rf"{section}\s*\.+\s*\d+", contents), section
    # Each entry links to its place in the document, not to a file or a site.
    internal = [link for link in _links(reader, 1) if "/Dest" in link or "/A" in link]
    assert len(internal) >= 3 + 5 + 2
    assert all("/URI" not in link.get("/A", {}) for link in internal)


def test_every_article_is_there_in_full(reader: PdfReader) -> None:
    # A list's bullets are drawn after the page's text: they may fall inside a paragraph that
    # runs on to the next page.
    body = " ".join(_text(page, margins=False) for page in reader.pages)
    text = _squeezed(body.replace("•", ""))
    parser = make_parser()
    for article in load_project(ROOT).articles:
        tokens = parser.parse(article.body, {})
        last = sum(token.type == "paragraph_open" for token in tokens)
        quotes = {q.paragraph: q.text for q in quote_paragraphs(tokens, {"para-1", f"para-{last}"})}
        assert _squeezed(article.title) in text
        assert _squeezed(quotes["para-1"]) in text, f"{article.slug}: first paragraph"
        assert _squeezed(quotes[f"para-{last}"]) in text, f"{article.slug}: last paragraph"


def test_cover_has_the_question_and_the_date(reader: PdfReader, pages: list[str]) -> None:
    cover = " ".join(pages[0].split())
    assert "How should the world deal with the Taliban?" in cover
    # The newest date of the sample's content: an article known only to its year.
    assert "As of 2024" in cover
    metadata = reader.metadata
    assert metadata is not None
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20241231"
    assert metadata.title == "Dealing with the Taliban"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_source_urls_are_links_to_the_originals(reader: PdfReader) -> None:
    uris = {
        link["/A"]["/URI"]
        for page in range(len(reader.pages))
        for link in _links(reader, page)
        if "/URI" in link.get("/A", {})
    }
    sources = {a.source_url for a in load_project(ROOT).articles if a.source_url}
    assert sources
    assert sources <= uris
    assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in uris)


def test_pages_have_running_headers_and_numbers(reader: PdfReader, pages: list[str]) -> None:
    margins = [_text(page, margins=True).strip() for page in reader.pages]
    total = len(margins)
    assert margins[0] == ""  # the cover has none
    for number, text in enumerate(margins[1:], start=2):
        assert text.startswith("Dealing with the Taliban"), number
        assert text.endswith(f"Page {number} of {total}"), number
    assert "Contents" in margins[1]
    # An article's pages are headed with its title, from its first page on.
    title = "The unpalatable necessity of engaging with the Taliban"
    first = next(i for i, text in enumerate(pages) if i > 2 and title in text)
    assert title in margins[first]
    assert title in margins[first + 1]


def test_matrix_of_answers_is_on_a_page_turned_sideways(
    reader: PdfReader, pages: list[str]
) -> None:
    index = next(i for i, text in enumerate(pages) if "The answers side by side" in text)
    box = reader.pages[index].mediabox
    assert box.width > box.height
    text = _squeezed(pages[index])
    assert _squeezed("Back the armed and political opposition?") in text  # the last column
    assert "✓Yes" in text
    assert "✗No" in text
    assert "◐Conditional" in text


def test_same_input_gives_the_same_bytes(sample_pdf: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    pack(ROOT, again)
    assert again.read_bytes() == sample_pdf.read_bytes()


def test_date_and_paper_are_chosen_on_the_command_line(make_project: MakeProject) -> None:
    project = make_project()
    out = project / "out" / "handout.pdf"
    argv = ["pack", "--project", str(project), "--out", str(out)]
    assert main([*argv, "--date", "2025-03-04", "--paper", "letter"]) == 0
    reader = PdfReader(out)
    assert "4 March 2025" in reader.pages[0].extract_text()
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20250304"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_content_error_names_file_and_line_and_keeps_the_old_pdf(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()
    out = project / "reader.pdf"
    assert main(["pack", "--project", str(project)]) == 0
    before = out.read_bytes()
    article = project / "content/articles/engage-now.md"
    article.write_text(article.read_text().replace("stance: engage", "stance: engagement"))
    capsys.readouterr()
    assert main(["pack", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("content/articles/engage-now.md:10: stance: 'engagement'")
    assert "Traceback" not in err
    assert "the PDF was left as it was" in err
    assert out.read_bytes() == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".reader.pdf")] == []


@pytest.mark.parametrize("folder", ["content", "templates", "seeds"])
def test_pack_is_never_written_into_the_sources(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    project = make_project()
    out = project / folder / "reader.pdf"
    assert main(["pack", "--project", str(project), "--out", str(out)]) == 1
    assert f"refusing to write the pack inside {folder}/" in capsys.readouterr().err
    assert not out.exists()


def test_missing_weasyprint_says_what_to_install(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    assert main(["pack", "--project", str(project)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("reader pack: reader pack needs WeasyPrint and the Pango library")
    assert "libpango" in lines[0]
    assert len(lines) == 2
    assert not (project / "reader.pdf").exists()


def test_a_body_is_made_part_of_one_document() -> None:
    html = (
        '<p id="para-1">See <a href="#fn1" id="fnref1">1</a>, '
        '<a href="../other/index.html">another article</a> and '
        '<a href="https://example.org/">a site</a>.</p>\n'
        '<h2 id="what-is-at-stake">What is at stake</h2>\n'
        '<li id="fn1">A note. <a href="#fnref1">back</a></li>'
    )
    assert scope_body(html, "x--") == (
        '<p id="x--para-1">See <a href="#x--fn1" id="x--fnref1">1</a>, another article and '
        '<a href="https://example.org/">a site</a>.</p>\n'
        '<h2 id="x--what-is-at-stake">What is at stake</h2>\n'
        '<li id="x--fn1">A note. <a href="#x--fnref1">back</a></li>'
    )


def test_today_is_used_only_when_asked(make_project: MakeProject) -> None:
    project = make_project()
    out = project / "reader.pdf"
    assert main(["pack", "--project", str(project), "--date", "today"]) == 0
    label = dt.date.today()
    assert f"{label.day} {label:%B} {label.year}" in PdfReader(out).pages[0].extract_text()


def test_the_curator_s_account_is_in_the_pack(reader: PdfReader) -> None:
    """content/about.md: how the reader was put together, its links to site pages as text."""
    body = _squeezed(" ".join(_text(page, margins=False) for page in reader.pages))
    assert _squeezed("About this reader Why these five") in body
    assert _squeezed("The questions page breaks the big question into eight") in body


def test_a_capped_matrix_says_how_many_articles_it_leaves_out(tmp_path: Path) -> None:
    """At 1,000 articles the matrix shows the newest of each stance, as on the site, and says
    how many it leaves to the articles' own pages (here capped at 2 rows, on 9 articles)."""
    root = write_project(tmp_path / "project", articles=9)
    project, environment, _ = load_inputs(root, base_url=None)
    site = assemble_site(
        project, render_bodies(project, actor_links={}, cache=None).content, drafts=False
    )
    capped = dataclasses.replace(site, matrix=plan_matrix(project.questions, site.groups, rows=2))
    plan = plan_pack(capped, date=None, paper="A4")
    html = render_pack(environment, plan, stylesheet=load_print_stylesheet(root))
    more = re.findall(r'class="matrix__more">([^<]*)<', html)
    assert len(more) == 3
    left = r"And 1 earlier \w+ article, left out of this table: its answers are with the article\."
    assert all(re.fullmatch(left, m) for m in more), more
