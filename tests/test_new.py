"""`reader new`: a draft with the whole schema, today's date as a marked placeholder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from html_tree import parse_html
from reader.content import load_project
from reader.scaffold import find_placeholders, slugify
from reader.slugs import SLUG_CHARS, SLUG_WORDS, STOP_WORDS, title_hash
from reader.yamlnodes import is_slug

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader

SCHEMA_KEYS = {
    "title",
    "authors",
    "publication",
    "published",
    "date_note",
    "source_url",
    "stance",
    "stance_note",
    "summary",
    "topics",
    "draft",
}


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.removeprefix("---\n").split("\n---\n", 1)[0])
    assert isinstance(data, dict)
    return data


def test_new_writes_a_draft_with_every_key_and_todays_date_marked(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project()
    before = dt.date.today()
    result = run_reader("new", "The case for talks", "--stance", "engage", cwd=project)
    after = dt.date.today()
    assert result.returncode == 0, result.stderr
    path = project / "content" / "articles" / "case-for-talks.md"
    assert result.stdout.startswith("reader: wrote content/articles/case-for-talks.md, a draft")
    data = front_matter(path)
    assert set(data) == SCHEMA_KEYS
    assert data["title"] == "The case for talks"
    assert data["stance"] == "engage"
    assert data["draft"] is True
    assert data["published"] in {before.isoformat(), after.isoformat()}
    text = path.read_text(encoding="utf-8")
    published = next(line for line in text.split("\n") if line.startswith("published:"))
    assert "TODO" in published
    assert "placeholder" in published
    for optional in ("seed", "curator_note"):
        assert f"# {optional}:" in text  # shown, commented out, for the curator to fill
    lines = text.split("\n")
    marked = {lines[n - 1].split(":", 1)[0].strip() for n in find_placeholders(text)}
    assert {"- name", "about", "publication", "published", "date_note"} <= marked
    assert "title" not in marked  # given on the command line, not guessed
    assert {"source_url", "stance_note", "summary"} <= marked


def test_a_new_draft_is_valid_content_and_builds_only_with_drafts(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project()
    assert run_reader("new", "Isolation works", "--stance", "pressure", cwd=project).returncode == 0
    article = next(a for a in load_project(project).articles if a.slug == "isolation-works")
    assert article.draft
    plain = run_reader("build", "--project", project)
    assert plain.returncode == 0, plain.stderr
    assert not (project / "site" / "articles" / "isolation-works").exists()
    with_drafts = run_reader("build", "--project", project, "--drafts")
    assert with_drafts.returncode == 0, with_drafts.stderr
    page = project / "site" / "articles" / "isolation-works" / "index.html"
    assert parse_html(page.read_text(encoding="utf-8")).find("h1").text == "Isolation works"


def test_new_never_overwrites_an_article(make_project: MakeProject, run_reader: RunReader) -> None:
    project = make_project()
    existing = project / "content" / "articles" / "pressure-works.md"
    before = existing.read_bytes()
    result = run_reader("new", "Pressure works", "--stance", "pressure", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/articles/pressure-works.md: already exists; reader never overwrites an "
        "article: choose another --slug"
    )
    assert existing.read_bytes() == before


def test_new_needs_a_stance_the_project_defines(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project()
    missing = run_reader("new", "A title", cwd=project)
    assert missing.returncode == 2
    assert "--stance" in missing.stderr
    wrong = run_reader("new", "A title", "--stance", "resistance", cwd=project)
    assert wrong.returncode == 1
    assert wrong.stderr.splitlines()[0] == (
        "--stance: 'resistance' is not one of engage, pressure, resist (did you mean 'resist'?)"
    )
    assert not (project / "content" / "articles" / "a-title.md").exists()


@pytest.mark.parametrize(
    "title",
    [
        'Talks: "yes" # or no?',
        "Kabul\u2019s choice — ça va?",
        "- a dash, then [brackets] and {braces}",
        "yes",
        "2024-02-07",
    ],
)
def test_any_title_reads_back_exactly(
    make_project: MakeProject, run_reader: RunReader, title: str
) -> None:
    project = make_project()
    result = run_reader("new", title, "--stance", "resist", "--slug", "the-draft", cwd=project)
    assert result.returncode == 0, result.stderr
    article = next(a for a in load_project(project).articles if a.slug == "the-draft")
    assert article.title == title


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        # The curated articles' headlines: the slug a curator chose, but for the last one
        # (taliban-reel-or-return-to-negotiations), which no rule would find.
        (
            "Making deals with the Taliban may be our only hope moving forward in Afghanistan",
            "making-deals-with-the-taliban",
        ),
        (
            "MARK ALMOND: Making deals with the Taliban may be our only hope moving forward in "
            "Afghanistan",
            "making-deals-with-the-taliban",
        ),
        ("The Taliban and International Diplomacy", "taliban-and-international-diplomacy"),
        (
            "The unpalatable necessity of engaging with the Taliban",
            "unpalatable-necessity-of-engaging",
        ),
        (
            "Taliban either Reel from Heavy Casualties or Return to Negotiating Table",
            "taliban-either-reel-from-heavy-casualties",
        ),
        # A colon, a question mark or a dash between words ends the first phrase.
        (
            "Afghanistan three years on: why the world should stop looking away from Kabul",
            "afghanistan-three-years",
        ),
        (
            "Is the West ready to talk? Kabul's rulers say they are, but the record says otherwise",
            "is-the-west-ready-to-talk",
        ),
        (
            "Isolation has failed \u2013 it is time to talk to Kabul's rulers, and to listen",
            "isolation-has-failed",
        ),
        (
            "Sanctions relief for Kabul - what the donors want in return for the money",
            "sanctions-relief-for-kabul",
        ),
        # ... but not after a phrase too short to name the article.
        (
            "Opinion: the case for talking to the Taliban government without any conditions",
            "opinion-the-case-for-talking-to-the-taliban",
        ),
        # A short title is kept whole.
        ("Kabul\u2019s choice \u2014 \u00e7a va?", "kabuls-choice-ca-va"),
        ("Why engage?", "why-engage"),
        ("The Taliban's view", "talibans-view"),
        # The last resort: a character cap, at a word boundary.
        (
            "Counterinsurgency, reconstruction, institution-building, accountability",
            "counterinsurgency-reconstruction-institution",
        ),
        (
            "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2,
            ("pneumonoultramicroscopicsilicovolcanoconiosis" * 2)[:48],
        ),
        # Other scripts are spelled in Latin letters; a title with none to spell, by a hash.
        ("Как миру быть с талибами", "kak-miru-byt-s-talibami"),
        ("؟!", title_hash("؟!")),
    ],
)
def test_a_slug_names_the_title_by_its_first_phrase(title: str, slug: str) -> None:
    assert slugify(title) == slug


# Stop words, a few others, the marks that end a phrase, and a byline.
_VOCABULARY = (
    "the a of to and with in on for may be our only is why what Taliban Kabul talks engage "
    "sanctions West world hope aid talks: Kabul? : ? \u2013 \u2014 - MARK ALMOND ALMOND:"
)
_TITLE_WORDS = st.sampled_from(_VOCABULARY.split())


@given(st.one_of(st.lists(_TITLE_WORDS, min_size=1, max_size=30).map(" ".join), st.text()))
def test_a_slug_is_short_and_never_ends_on_a_stop_word(title: str) -> None:
    slug = slugify(title)
    assert is_slug(slug)
    assert len(slug) <= SLUG_CHARS
    words = slug.split("-")
    significant = [word for word in words if word not in STOP_WORDS]
    assert len(significant) <= SLUG_WORDS
    if significant:
        assert words[-1] not in STOP_WORDS
        assert words[0] not in {"a", "an", "the"}


def test_a_title_without_letters_is_named_by_a_hash_and_says_so(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project()
    result = run_reader("new", "?!", "--stance", "engage", cwd=project)
    assert result.returncode == 0, result.stderr
    slug = title_hash("?!")
    assert (project / "content" / "articles" / f"{slug}.md").is_file()
    assert (
        f"reader: slug: {slug} (from a hash of the title, which has no letters or digits; "
        "use --slug to choose another)"
    ) in result.stdout.splitlines()


def test_an_empty_title_is_refused(make_project: MakeProject, run_reader: RunReader) -> None:
    project = make_project()
    result = run_reader("new", "  ", "--stance", "engage", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "TITLE: is empty: give the article's title"


# Titles in the languages of the texts this reader collects, and the slugs they give.
OTHER_SCRIPTS = {
    "طالبان و جامعه جهانی": "tlbn-w-jmh-jhny",  # Dari
    "د طالبانو سره خبرې اترې": "d-tlbnw-srh-khbr-tr",  # Pashto
    "Как миру быть с талибами": "kak-miru-byt-s-talibami",  # Russian
    "كيف يتعامل العالم مع طالبان": "kyf-ytml-llm-m-tlbn",  # Arabic
}


@pytest.mark.parametrize(("title", "slug"), OTHER_SCRIPTS.items())
def test_a_title_in_another_script_gets_a_latin_slug_that_builds(
    make_project: MakeProject, run_reader: RunReader, title: str, slug: str
) -> None:
    project = make_project()
    result = run_reader("new", title, "--stance", "resist", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"reader: slug: {slug} (from the title; use --slug to choose another)" in (
        result.stdout.splitlines()
    )
    article = next(a for a in load_project(project).articles if a.slug == slug)
    assert article.title == title
    built = run_reader("build", "--project", project, "--drafts")
    assert built.returncode == 0, built.stderr
    page = project / "site" / "articles" / slug / "index.html"
    assert parse_html(page.read_text(encoding="utf-8")).find("h1").text == title
