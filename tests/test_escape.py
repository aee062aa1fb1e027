"""Escaping an imported paragraph: only what Markdown would change, and nothing else.

The reference is the full escaping, a backslash before every ASCII punctuation character,
which CommonMark renders as the text itself. An imported paragraph must render to the same
HTML, with one accepted difference: the typographer may curl a straight quote (' or ") that
the full escaping keeps straight, as it does in every curated article.
"""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from html_tree import parse_html
from reader.cleaner import escape_markdown
from reader.markdown import make_parser

PARSER = make_parser()
# What the typographer may put in place of each straight quote.
CURLED = {'"': "\u201c\u201d", "'": "\u2018\u2019"}


def escape_everything(text: str) -> str:
    """A backslash before every ASCII punctuation character: the text, literally."""
    return "".join(f"\\{ch}" if ch in string.punctuation else ch for ch in text)


def render(text: str, *, heading: bool) -> str:
    return str(PARSER.render(f"## {text}" if heading else text))


def same_but_curled(html: str, reference: str) -> bool:
    """Whether `html` is `reference`, but for straight quotes curled, character for character.

    A double quote is written `&quot;` in HTML text, so both are read with it as one character.
    """
    html, reference = html.replace("&quot;", '"'), reference.replace("&quot;", '"')
    return len(html) == len(reference) and all(
        got == want or got in CURLED.get(want, "")
        for got, want in zip(html, reference, strict=True)
    )


def escapes(markdown: str) -> list[int]:
    """Where each backslash escape of `markdown` starts."""
    found: list[int] = []
    index = 0
    while index < len(markdown):
        if markdown[index] == "\\" and markdown[index + 1 : index + 2] in set(string.punctuation):
            found.append(index)
            index += 2
        else:
            index += 1
    return found


_ANY = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u00a0\u2028"
)
# Markdown's and the typographer's punctuation, with a few letters, digits and spaces between.
_MARKUP = st.sampled_from(list(string.punctuation + "ab1 \u2019\u201c"))
ONE_LINE = st.text(alphabet=st.one_of(_ANY, _MARKUP), min_size=1, max_size=60).map(
    lambda text: " ".join(text.split())
)
MARKUP_HEAVY = st.text(alphabet=_MARKUP, min_size=1, max_size=40).map(
    lambda text: " ".join(text.split())
)
LINES = st.one_of(ONE_LINE, MARKUP_HEAVY)
# Escaping renders a line once per escape it tries, so an example takes longer than usual.
RENDERS_OFTEN = settings(deadline=None)


@RENDERS_OFTEN
@given(LINES, st.booleans())
def test_the_escaped_text_renders_as_the_fully_escaped_text(text: str, heading: bool) -> None:
    escaped = escape_markdown(text, heading=heading, parser=PARSER)
    html = render(escaped, heading=heading)
    assert same_but_curled(html, render(escape_everything(text), heading=heading)), escaped


@RENDERS_OFTEN
@given(LINES, st.booleans())
def test_every_escape_left_is_needed(text: str, heading: bool) -> None:
    escaped = escape_markdown(text, heading=heading, parser=PARSER)
    html = render(escaped, heading=heading)
    for index in escapes(escaped):
        without = escaped[:index] + escaped[index + 1 :]
        assert render(without, heading=heading) != html, (escaped, index)


@RENDERS_OFTEN
@given(LINES)
def test_an_escaped_paragraph_reads_as_its_text(text: str) -> None:
    paragraphs = parse_html(render(escape_markdown(text, parser=PARSER), heading=False)).find_all(
        "p"
    )
    if not text:
        assert paragraphs == []
        return
    assert len(paragraphs) == 1
    assert same_but_curled(paragraphs[0].text, text)


_WORD = st.text(alphabet=string.ascii_letters, min_size=1, max_size=8)
_PROSE_WORD = st.one_of(
    _WORD,
    st.builds(lambda a, b: f"{a}'{b}", _WORD, _WORD),  # the Taliban's, don't
    st.builds(lambda word: f'"{word}"', _WORD),
    st.builds(lambda word: f"'{word}'", _WORD),
    st.builds(lambda word, mark: word + mark, _WORD, st.sampled_from(list(".,;:?!"))),
    st.builds(
        lambda word: f"({word})", _WORD.filter(lambda w: w.lower() not in {"c", "r", "tm", "p"})
    ),
)


@given(st.lists(_PROSE_WORD, min_size=1, max_size=20).map(" ".join))
def test_plain_prose_needs_no_escapes(text: str) -> None:
    assert escape_markdown(text, parser=PARSER) == text


def test_only_what_markdown_would_change_is_escaped() -> None:
    examples = {
        "the Taliban's view": "the Taliban's view",
        'the "calibrated engagement" of envoys': 'the "calibrated engagement" of envoys',
        "#KabulNow trended; *nothing* changed_at_all.": (
            "#KabulNow trended; \\*nothing* changed_at_all."
        ),
        "# 1 problem": "\\# 1 problem",
        "1. Aid first (c) 2023": "1\\. Aid first \\(c) 2023",
        "- a list? No.": "\\- a list? No.",
        "> a quote": "\\> a quote",
        "AT&amp;T and AT&T": "AT\\&amp;T and AT&T",
        "a -- b ... c +- d": "a \\-- b .\\.. c \\+- d",
        "see [1] and [the text](x) or <http://x.org>": (
            "see [1] and \\[the text](x) or \\<http://x.org>"
        ),
        "~~gone~~ and `code`": "\\~~gone~~ and \\`code`",
        "a | b": "a | b",
    }
    assert {text: escape_markdown(text, parser=PARSER) for text in examples} == examples


def test_a_heading_escapes_what_only_a_heading_would_change() -> None:
    assert escape_markdown("What comes next #", parser=PARSER) == "What comes next #"
    assert escape_markdown("What comes next #", heading=True, parser=PARSER) == (
        "What comes next \\#"
    )


@RENDERS_OFTEN
@given(st.lists(LINES.filter(bool), min_size=2, max_size=4))
def test_escaped_paragraphs_render_together_as_they_do_alone(lines: list[str]) -> None:
    escaped = [escape_markdown(line, parser=PARSER) for line in lines]
    alone = "".join(render(markdown, heading=False) for markdown in escaped)
    assert render("\n\n".join(escaped), heading=False) == alone


def test_a_definition_stays_escaped_so_no_other_paragraph_can_use_it() -> None:
    lines = ["See [^1] and [the source].", "[^1]: A note.", "[the source]: https://example.org"]
    escaped = [escape_markdown(line, parser=PARSER) for line in lines]
    assert escaped == [
        "See [^1] and [the source].",
        "\\[^1]: A note.",
        "\\[the source]: https://example.org",
    ]
    tree = parse_html(render("\n\n".join(escaped), heading=False))
    assert [p.text for p in tree.find_all("p")] == lines
