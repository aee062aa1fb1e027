"""The automaton that finds mentions finds exactly what one regular expression of every alias
found: the same whole words, the same case rules (re's, with its Kelvin sign and long s), the
longest alias first, never overlapping."""

from __future__ import annotations

import _sre
import pickle
from re import _casefix

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.mentions import (
    AUTOMATON_FROM,
    _fold_char,
    compile_matcher,
    compile_regex_matcher,
    find_regex_spans,
    find_spans,
)
from reader.model import Actor, Alias

# Letters re takes for others when ignoring case (K and the Kelvin sign, s and long s, i, İ and
# dotless ı, ß and ẞ, the three sigmas, µ and μ), a cased letter outside the BMP (Deseret),
# marks and joiners that are word characters, and ones that are not.
_TRICKY = (
    "aAkKsSiI\u212a\u017f\u0130\u0131ß\u1e9e\u03c3\u03c2\u03a3\u00b5\u03bc\U00010400\U00010428"
)
_ALIAS_CHARS = st.sampled_from(list(_TRICKY + "é\u064e_1-. '"))
_GLUE = st.sampled_from(["", " ", "  ", "-", ".", ",", "’", "_", "x", "é", "1", "\u064e", "\n"])


def _actors(aliases: list[tuple[str, bool, int]]) -> list[Actor]:
    owners: dict[int, list[Alias]] = {}
    for text, ignore_case, owner in aliases:
        owners.setdefault(owner, []).append(Alias(text, ignore_case=ignore_case))
    return [Actor(f"a{n}", f"A{n}", "kind", "description", tuple(a)) for n, a in owners.items()]


def _same_as_regex(actors: list[Actor], text: str) -> None:
    expected = list(find_regex_spans(text, compile_regex_matcher(actors)))
    assert list(find_spans(text, compile_matcher(actors, automaton_from=0))) == expected


@st.composite
def _aliases(draw: st.DrawFn) -> list[tuple[str, bool, int]]:
    """Aliases, some of them prefixes or extensions of others, some the same text twice."""
    texts = draw(st.lists(st.text(_ALIAS_CHARS, min_size=1, max_size=5), min_size=1, max_size=6))
    for _ in range(draw(st.integers(0, 4))):
        base = draw(st.sampled_from(texts))
        cut = draw(st.integers(1, len(base)))
        texts.append(draw(st.sampled_from([base[:cut], base + draw(st.text(_ALIAS_CHARS))])))
    return [(t, draw(st.booleans()), draw(st.integers(0, 3))) for t in texts]


@st.composite
def _aliases_and_text(draw: st.DrawFn) -> tuple[list[tuple[str, bool, int]], str]:
    """Aliases, and a text of them (some in another case) between word and other characters."""
    aliases = draw(_aliases())
    pieces = [draw(_GLUE)]
    for _ in range(draw(st.integers(0, 12))):
        text = draw(st.sampled_from([t for t, _, _ in aliases]))
        change = draw(st.sampled_from([str, str.upper, str.lower, str.swapcase, str.casefold]))
        pieces += [change(text), draw(_GLUE)]
    return aliases, "".join(pieces)


@settings(max_examples=500, deadline=None)
@given(_aliases_and_text())
def test_the_automaton_finds_what_the_regex_finds(
    case: tuple[list[tuple[str, bool, int]], str],
) -> None:
    aliases, text = case
    _same_as_regex(_actors(aliases), text)


@settings(max_examples=300, deadline=None)
@given(_aliases(), st.text(_ALIAS_CHARS, max_size=40))
def test_the_automaton_finds_what_the_regex_finds_in_any_text(
    aliases: list[tuple[str, bool, int]], text: str
) -> None:
    _same_as_regex(_actors(aliases), text)


@pytest.mark.parametrize(
    ("alias", "text"),
    [
        (Alias("Kabul", ignore_case=True), "\u212aABUL and kabul, ka\u212aul"),
        (Alias("ISIS", ignore_case=True), "I\u017fI\u017f and i\u0131\u0130s, \u0130SIS"),
        (Alias("Straße", ignore_case=True), "STRASSE, STRAẞE, straße"),
        (Alias("Σσ", ignore_case=True), "σς ΣΣ ςσ"),
        (Alias("\U00010400x", ignore_case=True), "\U00010428X, \U00010400x"),
        (Alias("Kabul"), "\u212aabul, Kabul"),
    ],
)
def test_letters_that_re_takes_for_others_are_taken_exactly_as_re_takes_them(
    alias: Alias, text: str
) -> None:
    _same_as_regex([Actor("a", "A", "kind", "description", (alias,))], text)


def test_the_longest_alias_wins_then_the_first_by_text() -> None:
    actors = [
        Actor("short", "S", "kind", "description", (Alias("UN"),)),
        Actor("long", "L", "kind", "description", (Alias("UN Mission"),)),
        Actor("any", "A", "kind", "description", (Alias("un mission", ignore_case=True),)),
    ]
    text = "the UN Mission, the un mission, the Un Mission, the UN Missions"
    spans = list(find_spans(text, compile_matcher(actors, automaton_from=0)))
    assert [(s.actor, text[s.start : s.end]) for s in spans] == [
        ("long", "UN Mission"),
        ("any", "un mission"),
        ("any", "Un Mission"),
        ("short", "UN"),
    ]
    _same_as_regex(actors, text)


def test_an_alias_beginning_with_a_cased_letter_beyond_the_bmp_is_found_as_re_found_it() -> None:
    """re's quirk that the regex matcher's lookahead has, and that the automaton keeps."""
    deseret = Alias("\U00010400x", ignore_case=True)
    alone = [Actor("a", "A", "kind", "description", (deseret,))]
    beside = [Actor("a", "A", "kind", "description", (deseret, Alias("y", ignore_case=True)))]
    text = "\U00010400x y"
    assert [
        text[s.start : s.end] for s in find_spans(text, compile_matcher(alone, automaton_from=0))
    ] == ["\U00010400x"]
    assert [
        text[s.start : s.end] for s in find_spans(text, compile_matcher(beside, automaton_from=0))
    ] == ["y"]
    _same_as_regex(alone, text)
    _same_as_regex(beside, text)


def test_places_are_counted_in_characters_beyond_the_bmp() -> None:
    actors = [Actor("a", "A", "kind", "description", (Alias("Taliban"),))]
    text = "\U0001f600 the Taliban \U0001f600\U0001f600 Taliban"
    spans = list(find_spans(text, compile_matcher(actors, automaton_from=0)))
    assert [text[s.start : s.end] for s in spans] == ["Taliban", "Taliban"]
    _same_as_regex(actors, text)


def test_no_actors_find_nothing() -> None:
    assert list(find_spans("UN and US", compile_matcher([], automaton_from=0))) == []


def test_a_matcher_pickled_and_back_finds_the_same() -> None:
    actors = [
        Actor(
            "un", "UN", "kind", "description", (Alias("UN"), Alias("un mission", ignore_case=True))
        ),
    ]
    matcher = compile_matcher(actors, automaton_from=0)
    text = "the UN Mission and the UN"
    again = pickle.loads(pickle.dumps(matcher))
    assert list(find_spans(text, again)) == list(find_spans(text, matcher))


def test_folding_keeps_together_every_pair_of_letters_re_takes_for_each_other() -> None:
    """re, ignoring case, takes b for a when b's simple lowercase is a's, or is in a's group
    of extra cases: both must fold to the same character, or the automaton would miss them."""
    for code in range(0x110000):
        char = chr(code)
        lowered = chr(_sre.unicode_tolower(code))
        assert _fold_char(char) == _fold_char(lowered), hex(code)
    for lower, others in _casefix._EXTRA_CASES.items():
        for other in others:
            assert _fold_char(chr(lower)) == _fold_char(chr(other)), (hex(lower), hex(other))


def test_few_aliases_take_one_expression_and_many_the_automaton() -> None:
    def actors(count: int) -> list[Actor]:
        return [Actor(f"a{n}", f"A{n}", "group", "d", (Alias(f"Name{n}"),)) for n in range(count)]

    few, many = compile_matcher(actors(AUTOMATON_FROM - 1)), compile_matcher(actors(AUTOMATON_FROM))
    assert (few.regex is not None, few.automaton is None) == (True, True)
    assert (many.regex is None, many.automaton is not None) == (True, True)
    text = "Name1 met Name39, not Name390."
    assert list(find_spans(text, few)) == list(
        find_spans(text, compile_matcher(actors(39), automaton_from=0))
    )
    assert [text[s.start : s.end] for s in find_spans(text, many)] == ["Name1", "Name39"]
