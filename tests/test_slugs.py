"""Slugs and event ids from titles in any script: Latin letters, never empty, never changing."""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from html_tree import parse_html
from reader.build import build
from reader.slugs import event_id, make_slug, slug_words, title_hash
from reader.yamlnodes import is_slug

if TYPE_CHECKING:
    from conftest import MakeProject

DARI = "طالبان و جامعه جهانی"
PASHTO = "د طالبانو سره خبرې اترې"
RUSSIAN = "Как миру быть с талибами"
ARABIC = "كيف يتعامل العالم مع طالبان"


@pytest.mark.parametrize(
    ("title", "words"),
    [
        (DARI, ["tlbn", "w", "jmh", "jhny"]),
        (PASHTO, ["d", "tlbnw", "srh", "khbr", "tr"]),
        (RUSSIAN, ["kak", "miru", "byt", "s", "talibami"]),
        (ARABIC, ["kyf", "ytml", "llm", "m", "tlbn"]),
        # A Persian compound stays one word across its zero-width non-joiner, and Arabic
        # vowel signs belong to their word.
        ("می\u200cخواهند", ["mykhwhnd"]),
        ("كَتَبَ", ["kataba"]),
        # Letters with accents, and those without an ASCII base letter.
        ("Ça va, Straße, Łódź, Ørsted", ["ca", "va", "strasse", "lodz", "orsted"]),
        ("1,095 civilian deaths", ["1", "095", "civilian", "deaths"]),
        ("?! \u2014 \U0001f54a", []),
    ],
)
def test_words_are_spelled_in_latin_letters(title: str, words: list[str]) -> None:
    assert slug_words(title) == words


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (DARI, "tlbn-w-jmh-jhny"),
        (PASHTO, "d-tlbnw-srh-khbr-tr"),
        (RUSSIAN, "kak-miru-byt-s-talibami"),
        (ARABIC, "kyf-ytml-llm-m-tlbn"),
    ],
)
def test_a_title_in_another_script_gives_a_stable_url_safe_slug(title: str, slug: str) -> None:
    assert make_slug(title) == slug
    assert re.fullmatch(r"[a-z0-9-]+", slug)
    assert is_slug(slug)


def test_a_title_that_spells_nothing_is_named_by_a_short_hash_of_its_text() -> None:
    assert make_slug("؟!") == title_hash("؟!")
    assert re.fullmatch(r"[0-9a-f]{8}", title_hash("؟!"))
    assert title_hash("؟!") != title_hash("?!")
    assert title_hash(" \U0001f54a  \u2605 ") == title_hash("\U0001f54a \u2605")
    dove = "\U0001f54a"
    assert event_id("2021-08-15", dove) == f"event-2021-08-15-{title_hash(dove)}"


def test_events_on_one_date_with_titles_in_other_scripts_get_ids_of_their_own() -> None:
    ids = [event_id("2021-08-15", title) for title in (DARI, PASHTO, RUSSIAN, ARABIC)]
    assert ids == [
        "event-2021-08-15-tlbn-w-jmh-jhny",
        "event-2021-08-15-d-tlbnw-srh-khbr-tr",
        "event-2021-08-15-kak-miru-byt-s-talibami",
        "event-2021-08-15-kyf-ytml-llm-m-tlbn",
    ]


# ASCII, with the typographic punctuation that titles use.
_TITLES = st.text(alphabet=string.printable + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026")


@given(_TITLES)
def test_an_ascii_title_keeps_the_event_id_it_always_had(title: str) -> None:
    # The rule before titles were transliterated: each run of other characters is a hyphen.
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if words:
        assert event_id("2021-08-15", title) == f"event-2021-08-15-{words}"[:80].rstrip("-")


@given(st.text())
def test_any_title_gives_a_slug_and_an_event_id(title: str) -> None:
    slug = make_slug(title)
    assert is_slug(slug)
    assert make_slug(title) == slug
    anchor = event_id("2021-08-15", title)
    assert re.fullmatch(r"event-2021-08-15-[a-z0-9]+(?:-[a-z0-9]+)*", anchor)
    assert len(anchor) <= 80


def test_two_events_on_one_date_with_titles_in_other_scripts_both_build(
    make_project: MakeProject,
) -> None:
    timeline = (
        f'- date: "2021-08-15"\n  title: {DARI}\n  articles: [engage-now]\n'
        f'- date: "2021-08-15"\n  title: {PASHTO}\n  articles: [resist-together]\n'
    )
    project = make_project({"content/timeline.yaml": timeline})
    build(project, project / "site", search=False)
    page = parse_html((project / "site" / "timeline" / "index.html").read_text(encoding="utf-8"))
    for title, anchor in (
        (DARI, "event-2021-08-15-tlbn-w-jmh-jhny"),
        (PASHTO, "event-2021-08-15-d-tlbnw-srh-khbr-tr"),
    ):
        item = page.by_id(anchor)
        assert item is not None
        assert title in item.text
