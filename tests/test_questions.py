"""Questions and positions: questions.yaml and each article's `positions` read, the paragraphs
quoted, the questions page, each question's page and each article's positions box built, and
`reader check` warning about a question nobody answers. (Bad input: test_errors.py.)"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from html_tree import Element, parse_html
from reader.answers import plan_matrix, view_questions
from reader.bodies import render_bodies
from reader.build import build
from reader.check import check_project
from reader.content import load_project
from reader.entries import Entry, group_by_stance
from reader.markdown import Quote, make_parser, render_article
from reader.model import Answer, Position, Question
from reader.site import ArticlePage, Site, assemble_site
from sample_entries import make_entry
from synthetic import article_text, write_project

if TYPE_CHECKING:
    from conftest import MakeProject

QUESTIONS_YAML = """\
- key: talks
  question: Talk to them?
  description: Negotiation, held directly or not.
- key: aid
  question: Keep aid flowing?
- key: sanctions
  question: Keep sanctions on their leaders?
"""
ENGAGE_NOW = "content/articles/engage-now.md"
RESIST_TOGETHER = "content/articles/resist-together.md"
# Every article on the timeline, so that `reader check` finds nothing else to say.
TIMELINE_YAML = """\
- date: "2021-08-15"
  title: The capital falls
  articles: [engage-now, pressure-works, resist-together]
"""
# engage-now's body: para-1, a heading, para-2.
ENGAGE_POSITIONS = """\
positions:
  aid:
    answer: conditional
    para: para-1
  talks:
    answer: yes
    para: para-2
    note: The only lever left.
"""
RESIST_POSITIONS = """\
positions:
  talks: {answer: no, para: para-1, note: "Support the <opposition> instead."}
"""


def _with_positions(make_project: MakeProject, **extra: str) -> Path:
    """The valid project with questions.yaml, positions in two of its articles, and `extra`
    files."""
    files = {"content/questions.yaml": QUESTIONS_YAML, "content/timeline.yaml": TIMELINE_YAML}
    project = make_project({**files, **extra})
    for path, block in ((ENGAGE_NOW, ENGAGE_POSITIONS), (RESIST_TOGETHER, RESIST_POSITIONS)):
        file = project / path
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace("---\n\n", block + "---\n\n", 1), encoding="utf-8")
    return project


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return _with_positions(make_project)


@pytest.fixture
def site(project: Path) -> Path:
    build(project, project / "site", search=False, cache=False)
    return project / "site"


def _page(site: Path, path: str) -> Element:
    return parse_html((site / path).read_text(encoding="utf-8"))


# --- reading -------------------------------------------------------------------------------


def test_questions_and_positions_are_read_in_the_questions_order(project: Path) -> None:
    loaded = load_project(project)
    assert loaded.questions == (
        Question("talks", "Talk to them?", "Negotiation, held directly or not."),
        Question("aid", "Keep aid flowing?"),
        Question("sanctions", "Keep sanctions on their leaders?"),
    )
    engage = next(a for a in loaded.articles if a.slug == "engage-now")
    # Front matter gave aid first; the questions' order wins. A bare yes is the word, not true.
    assert engage.positions == (
        Position("talks", Answer.YES, "para-2", "The only lever left.", 21),
        Position("aid", Answer.CONDITIONAL, "para-1", None, 18),
    )
    assert engage.positions[0].number == 2
    resist = next(a for a in loaded.articles if a.slug == "resist-together")
    assert [p.answer for p in resist.positions] == [Answer.NO]


def test_a_project_without_questions_has_no_questions_at_all(make_project: MakeProject) -> None:
    loaded = load_project(make_project())
    assert loaded.questions == ()
    assert all(article.positions == () for article in loaded.articles)


# --- rendering -----------------------------------------------------------------------------


def test_the_paragraphs_positions_name_are_quoted_as_plain_text() -> None:
    body = (
        'Intro.\n\n## A heading\n\n"Talks" are the [only lever](https://example.org) left,\n'
        "they say.[^1]\n\n- a list item\n\n> A quotation.\n\n[^1]: A note.\n"
    )
    positions = tuple(
        Position("q", Answer.YES, para, None, 2) for para in ("para-2", "para-3", "para-4")
    )
    article = replace(make_entry("x", "engage", "2021").article, body=body, positions=positions)
    rendered = render_article(article, parser=make_parser())
    # The footnote's own paragraph counts too: it is a paragraph of the page.
    assert rendered.paragraphs == 5
    assert rendered.quotes == (
        Quote("para-2", "“Talks” are the only lever left, they say."),
        Quote("para-3", "a list item"),
        Quote("para-4", "A quotation."),
    )


def test_an_article_without_positions_keeps_no_quotes() -> None:
    rendered = render_article(make_entry("x", "engage", "2021").article, parser=make_parser())
    assert rendered.quotes == ()
    assert rendered.paragraphs >= 1


# --- the site graph ------------------------------------------------------------------------


def test_each_question_lists_every_answer_stance_by_stance_and_who_is_silent(
    project: Path,
) -> None:
    loaded = load_project(project)
    rendered = render_bodies(loaded, actor_links={}, cache=None, workers=1)
    site = assemble_site(loaded, rendered.content, drafts=False)
    talks, aid, sanctions = site.questions
    assert [s.stance.key for s in talks.stances] == ["engage", "pressure", "resist"]
    engage, pressure, resist = talks.stances
    assert [(a.entry.article.slug, a.position.answer, a.quote) for a in engage.quoted] == [
        ("engage-now", Answer.YES, "Talking is not approving. It is the only lever left.")
    ]
    assert [e.article.slug for e in pressure.silent] == ["pressure-works"]
    assert resist.counts == (0, 1, 0, 0)  # yes, no, conditional, mixed
    assert (talks.answered, talks.articles) == (2, 3)
    assert sanctions.answered == 0
    assert aid.path == "questions/aid/index.html"
    assert [(p.question.key, p.position is not None) for p in _article_view(site).positions] == [
        ("talks", True),
        ("aid", True),
        ("sanctions", False),
    ]
    assert site.nav[1] == ("questions/index.html", "Questions")


def _article_view(site: Site) -> ArticlePage:
    page = next(p for p in site.pages if p.path == "articles/engage-now/index.html")
    assert page.article is not None
    return page.article


def _entries(count: int, questions: tuple[str, ...]) -> list[Entry]:
    """`count` articles of one stance, each answering every one of `questions` on para-1."""
    made = []
    for number in range(count):
        base = make_entry(
            f"a-{number:04d}", "engage", f"{2000 + number % 20}-{1 + number % 12:02d}"
        )
        positions = tuple(Position(q, Answer.MIXED, "para-1", None, 2) for q in questions)
        made.append(replace(base, article=replace(base.article, positions=positions)))
    return made


def test_the_matrix_and_the_question_pages_stay_bounded_at_scale() -> None:
    entries = _entries(1000, ("talks",))
    stances = (entries[0].stance,)
    groups = group_by_stance(stances, sorted(entries, key=lambda e: e.article.sort_key))
    questions = (Question("talks", "Talk?"), Question("aid", "Aid?"))
    matrix = plan_matrix(questions, groups, rows=40)
    assert len(matrix[0].rows) == 40
    assert matrix[0].more == 960
    assert matrix[0].rows[0].cells[0] is not None
    assert matrix[0].rows[0].cells[1] is None
    quotes = {(e.article.slug, "para-1"): "Quoted." for e in entries}
    talks, aid = view_questions(questions, groups, quotes, quoted=30, named=30)
    assert (len(talks.stances[0].quoted), len(talks.stances[0].listed)) == (30, 970)
    assert (len(aid.stances[0].silent), aid.stances[0].silent_more) == (30, 970)
    assert talks.stances[0].quoted[0].entry == groups[0].entries[0]  # newest first


def test_no_questions_means_no_matrix_and_the_usual_nav(make_project: MakeProject) -> None:
    loaded = load_project(make_project())
    rendered = render_bodies(loaded, actor_links={}, cache=None, workers=1)
    site = assemble_site(loaded, rendered.content, drafts=False)
    assert site.questions == ()
    assert site.matrix == ()
    assert [label for _, label in site.nav] == [
        "Stances",
        "Timeline",
        "Actors",
        "Topics",
        "About",
        "Search",
    ]


# --- the pages -----------------------------------------------------------------------------


def test_the_questions_page_is_in_the_nav_of_every_page(site: Path) -> None:
    for path in ("index.html", "questions/index.html", "articles/engage-now/index.html"):
        nav = _page(site, path).find("nav", cls="site-nav")
        labels = [a.text for a in nav.find_all("a")]
        assert labels[:2] == ["Stances", "Questions"], path
    links = _page(site, "questions/index.html").find("nav", cls="site-nav").find_all("a")
    assert [a.attrs.get("aria-current") for a in links][1] == "page"


def test_the_matrix_has_a_row_per_article_a_column_per_question_and_words(site: Path) -> None:
    page = _page(site, "questions/index.html")
    region = page.find("div", cls="matrix-scroll")
    assert region.attrs["role"] == "region"
    assert region.attrs["tabindex"] == "0"
    assert "data-pagefind-ignore" in region.attrs
    table = region.find("table")
    assert table.find("caption").attrs["id"] == region.attrs["aria-labelledby"]
    heads = table.find("thead").find_all("th")
    assert [th.attrs["scope"] for th in heads] == ["col"] * 4
    assert [th.text for th in heads[1:]] == [
        "Talk to them?",
        "Keep aid flowing?",
        "Keep sanctions on their leaders?",
    ]
    groups = table.find_all("tbody")
    assert [g.find("th").text for g in groups] == ["Engage", "Pressure", "Resist"]
    rows = {
        tr.find("th").text: [td.text for td in tr.find_all("td")]
        for group in groups
        for tr in group.find_all("tr")[1:]
    }
    assert rows == {
        "Engaging now is the only way": ["✓ Yes", "◐ Conditional", "Not addressed"],
        "Pressure works": ["Not addressed"] * 3,
        "Support those who resist": ["✗ No", "Not addressed", "Not addressed"],
    }
    yes = groups[0].find("a", cls="answer--yes")
    assert yes.attrs["href"] == "../articles/engage-now/index.html#para-2"
    mark = yes.find("span", cls="answer__mark")
    assert mark.attrs["aria-hidden"] == "true"  # the word says it; the mark only repeats it


def test_a_question_page_quotes_each_answer_and_names_the_silent(site: Path) -> None:
    page = _page(site, "questions/talks/index.html")
    assert page.find("h1").text == "Talk to them?"
    assert page.find("p", cls="lede").text == "Negotiation, held directly or not."
    positions = page.find_all("article", cls="position")
    assert len(positions) == 2
    engage = positions[0]
    assert engage.find("h3").text == "Engaging now is the only way"
    assert engage.find("p", cls="position__answer").text == "✓ Yes The only lever left."
    assert engage.find("blockquote").text == (
        "Talking is not approving. It is the only lever left."
    )
    source = engage.find("p", cls="position__source").find("a")
    assert source.attrs["href"] == "../../articles/engage-now/index.html#para-2"
    assert source.text == "In context: paragraph 2"
    note = positions[1].find("span", cls="position__note")
    assert note.text == "Support the <opposition> instead."  # escaped, shown as written
    pressure = page.by_id("answers-pressure").parent
    assert [a.text for a in pressure.find("ul").find_all("a")] == ["Pressure works"]
    tally = page.find("table", cls="tally")
    assert [td.text for td in tally.find("tbody").find_all("tr")[2].find_all("td")] == [
        "0",
        "1",
        "0",
        "0",
        "0",
    ]


def test_an_article_page_shows_its_positions_and_what_it_leaves_out(site: Path) -> None:
    page = _page(site, "articles/engage-now/index.html")
    box = page.by_id("positions")
    assert box is not None
    assert "data-pagefind-ignore" in box.attrs
    items = box.find("dl").find_all("div")
    assert [item.find("dt").text for item in items] == ["Talk to them?", "Keep aid flowing?"]
    first = items[0].find("dd")
    assert first.text == "✓ Yes The only lever left. Paragraph 2"
    assert first.find("a").attrs["href"] == "#para-2"
    assert page.by_id("para-2") is not None
    silent = box.find("ul", cls="positions__silent").find_all("a")
    assert [(a.text, a.attrs["href"]) for a in silent] == [
        ("Keep sanctions on their leaders?", "../../questions/sanctions/index.html")
    ]
    plain = _page(site, "articles/pressure-works/index.html").by_id("positions")
    assert plain is not None
    assert "takes up none of the" in plain.text


def test_a_project_without_questions_builds_as_before(
    make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project()
    build(project, project / "site", search=False, cache=False)
    site = project / "site"
    assert not (site / "questions").exists()
    page = _page(site, "articles/engage-now/index.html")
    assert page.by_id("positions") is None
    nav = [a.text for a in page.find("nav", cls="site-nav").find_all("a")]
    assert "Questions" not in nav


def test_every_link_on_the_questions_pages_resolves(project: Path) -> None:
    report = check_project(project)
    assert report.errors == ()


# --- reader check --------------------------------------------------------------------------


def test_check_warns_about_a_question_no_published_article_answers(project: Path) -> None:
    report = check_project(project)
    assert [str(w) for w in report.warnings] == [
        "content/questions.yaml:6: no published article answers the question 'sanctions': "
        "give it in the positions of the articles that do, or leave the question out"
    ]


def test_check_is_quiet_when_every_question_is_answered(make_project: MakeProject) -> None:
    answered = QUESTIONS_YAML.split("- key: sanctions")[0]
    project = _with_positions(make_project, **{"content/questions.yaml": answered})
    assert check_project(project).warnings == ()


# --- at scale and warm --------------------------------------------------------------------


def test_a_synthetic_reader_answers_its_questions(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=60)
    build(project, project / "site", search=False, cache=False)
    page = _page(project / "site", "questions/talks/index.html")
    quotes = page.find_all("blockquote")
    assert quotes
    assert all(q.text for q in quotes)
    text = article_text(0, rng=random.Random(7))
    assert "positions:" in text


def test_editing_a_position_changes_its_quote_in_a_warm_build(project: Path) -> None:
    build(project, project / "site", search=False)
    file = project / ENGAGE_NOW
    file.write_text(file.read_text().replace("para: para-2", "para: para-1"), encoding="utf-8")
    report = build(project, project / "site", search=False)
    assert report.bodies_rendered == 1
    page = _page(project / "site", "questions/talks/index.html")
    quote = page.find_all("article", cls="position")[0].find("blockquote")
    assert quote.text == "The retreat is almost over. Now the question is whether to talk."
