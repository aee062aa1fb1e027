"""Markdown rendering: typography, footnotes, tables, heading ids, code, and safety.

Every check on HTML parses it (html.parser): a test asks which elements and attributes exist,
never whether some substring happens to appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.markdown import WORDS_PER_MINUTE, make_parser, render_article, render_markdown
from reader.model import Article, Author, PartialDate

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col"})


@dataclass
class Element:
    """One element of the parsed HTML, with all the text inside it."""

    tag: str
    attrs: dict[str, str | None]
    ancestors: tuple[str, ...]
    text: str = ""
    children: list[Element] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.text = ""
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), tuple(e.tag for e in self._open))
        if self._open:
            self._open[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID_TAGS:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        self.text += data
        for element in self._open:
            element.text += data


@dataclass
class Html:
    elements: list[Element]
    text: str

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def one(self, tag: str) -> Element:
        found = self.all(tag)
        assert len(found) == 1, f"expected one <{tag}>, found {len(found)}"
        return found[0]


def parse(html: str) -> Html:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return Html(builder.elements, builder.text)


def render(source: str) -> Html:
    return parse(render_markdown(source))


def article_with(body: str) -> Article:
    return Article(
        slug="test",
        path="content/articles/test.md",
        title="Test",
        authors=(Author("Ada Lovelace"),),
        publication="The Test Review",
        published=PartialDate(2024, 2, 7),
        date_note=None,
        source_url=None,
        stance="engage",
        stance_note="A note.",
        summary="A summary.",
        topics=(),
        seed=None,
        curator_note=None,
        draft=False,
        body=body,
        body_line=12,
    )


# --- typography, footnotes, tables ---------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"Quoted," she said.', "\u201cQuoted,\u201d she said."),
        ("It's the 'inner' quote.", "It\u2019s the \u2018inner\u2019 quote."),
        ("Wait... then -- and then --- done.", "Wait\u2026 then \u2013 and then \u2014 done."),
    ],
)
def test_typographer_makes_smart_quotes_dashes_and_ellipses(source: str, expected: str) -> None:
    assert render(source).one("p").text == expected


def test_footnote_reference_links_to_its_note_and_back() -> None:
    html = render("A claim.[^1]\n\n[^1]: The source of the claim.\n")
    ref = html.one("sup")
    (ref_link,) = ref.children
    assert ref_link.tag == "a"
    assert ref_link.attrs["href"] == "#fn1"
    note = next(e for e in html.all("li") if e.attrs.get("id") == "fn1")
    assert "The source of the claim." in note.text
    backref = next(e for e in html.all("a") if "li" in e.ancestors)
    assert backref.attrs["href"] == f"#{ref_link.attrs['id']}"


def test_pipe_table_becomes_a_table_with_header_and_body_cells() -> None:
    html = render("| Stance | Articles |\n|---|---:|\n| Engage | 3 |\n| Resist | 1 |\n")
    table = html.one("table")
    assert [e.text for e in html.all("th")] == ["Stance", "Articles"]
    assert [e.text for e in html.all("td")] == ["Engage", "3", "Resist", "1"]
    assert all("table" in e.ancestors for e in html.all("td"))
    assert table.text.split() == ["Stance", "Articles", "Engage", "3", "Resist", "1"]


# --- heading ids ---------------------------------------------------------------------------


def test_subheadings_get_readable_unique_ids() -> None:
    html = render("## What is at stake\n\ntext\n\n### The 2021 deal\n\n## What is at stake\n")
    ids = [e.attrs.get("id") for e in html.elements if e.tag in ("h2", "h3")]
    assert ids == ["what-is-at-stake", "the-2021-deal", "what-is-at-stake-1"]


def test_heading_called_main_does_not_take_the_pages_main_id() -> None:
    html = render("## Main\n\ntext\n\n## Top\n")
    ids = [e.attrs.get("id") for e in html.all("h2")]
    assert "main" not in ids
    assert "top" not in ids
    assert all(ids)
    assert len(set(ids)) == len(ids)


def _static_template_ids() -> list[str]:
    """Every literal id="..." in the page templates (ids with Jinja expressions are skipped).

    Not the print templates': the pack prefixes every id of a body with its article's slug."""
    found: set[str] = set()
    for path in TEMPLATES_DIR.rglob("*.html"):
        if path.relative_to(TEMPLATES_DIR).parts[0] == "print":
            continue
        found.update(re.findall(r'\bid="([a-z0-9-]+)"', path.read_text(encoding="utf-8")))
    return sorted(found)


@pytest.mark.parametrize("template_id", _static_template_ids())
def test_no_heading_can_take_an_id_the_page_templates_use(template_id: str) -> None:
    heading = template_id.replace("-", " ").capitalize()
    html = render(f"## {heading}\n\n### {heading}\n\n#### {heading}\n")
    ids = [e.attrs.get("id") for e in html.elements if e.tag in ("h2", "h3", "h4")]
    assert len(ids) == 3
    assert template_id not in ids


def test_heading_named_like_a_footnote_does_not_take_the_footnotes_id() -> None:
    html = render("## fn1\n\n## fnref1\n\nA claim.[^1]\n\n[^1]: The source.\n")
    ids = [e.attrs.get("id") for e in html.elements if e.attrs.get("id")]
    assert {"fn1", "fnref1"} <= set(ids)
    assert len(ids) == len(set(ids)), ids


# --- raw HTML ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "script"),
        ("Text <script>alert(1)</script> inline.", "script"),
        ('<iframe src="https://example.org" onload="alert(1)"></iframe>', "iframe"),
        ("Inline <iframe onload=alert(1)></iframe> here.", "iframe"),
        ("<img src=x onerror=alert(1)>", "img"),
        ("An <img src=x onerror=alert(1)> inline.", "img"),
        ('<div onclick="alert(1)">block</div>', "div"),
        ("<style>body { display: none }</style>", "style"),
    ],
)
def test_raw_html_is_shown_as_text_never_as_elements(source: str, forbidden: str) -> None:
    html = render(source)
    assert html.all(forbidden) == []
    assert not [e for e in html.elements if any(name.startswith("on") for name in e.attrs)]
    assert [e.tag for e in html.elements] == ["p"]
    assert f"<{forbidden}" in html.one("p").text  # the markup is shown, as text


# --- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](java\nscript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](java&#10;script:alert(1))",
        "[x](java%09script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x]( javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    ],
)
def test_dangerous_link_is_not_rendered_as_a_link(source: str) -> None:
    html = render(source)
    assert html.all("a") == []
    assert html.all("img") == []
    assert [e for e in html.elements if "href" in e.attrs or "src" in e.attrs] == []


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[x](http://example.org/a)", "http://example.org/a"),
        ("[x](https://example.org/a?b=c#d)", "https://example.org/a?b=c#d"),
        ("[x](HTTPS://EXAMPLE.ORG/)", "HTTPS://EXAMPLE.ORG/"),
        ("[x](mailto:editor@example.org)", "mailto:editor@example.org"),
        ("[x](../timeline/)", "../timeline/"),
        ("[x](other-article/)", "other-article/"),
        ("[x](#fn1)", "#fn1"),
        ("<https://example.org/auto>", "https://example.org/auto"),
        ("[x][ref]\n\n[ref]: https://example.org/ref", "https://example.org/ref"),
    ],
)
def test_safe_link_is_kept_as_written(source: str, href: str) -> None:
    link = render(source).one("a")
    assert link.attrs["href"] == href


# --- images --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    ["https://example.org/photo.jpg", "http://example.org/photo.jpg", "//example.org/photo.jpg"],
)
def test_remote_image_becomes_a_link_not_an_image(src: str) -> None:
    html = render(f"Before ![A photo]({src}) after.")
    assert html.all("img") == []
    link = html.one("a")
    assert link.attrs["href"] == src
    assert link.text == "Image: A photo"


@pytest.mark.parametrize(
    "source",
    [
        "[^1] text\n\n[^1]: See ![chart](https://example.org/chart.png).",
        "| a |\n|---|\n| ![chart](https://example.org/chart.png) |",
        "- ![chart](https://example.org/chart.png)",
    ],
)
def test_remote_image_in_footnote_table_or_list_becomes_a_link(source: str) -> None:
    html = render(source)
    assert html.all("img") == []
    assert [a.text for a in html.all("a") if a.attrs["href"] == "https://example.org/chart.png"]


def test_remote_image_inside_a_link_leaves_one_link_not_nested_links() -> None:
    html = render("[![Chart](https://example.org/chart.png)](https://example.org/report)")
    assert html.all("img") == []
    link = html.one("a")
    assert link.attrs["href"] == "https://example.org/report"
    assert link.text == "Image: Chart"


@pytest.mark.parametrize("src", ["images/map.png", "../static/map.png", "/static/map.png"])
def test_local_image_stays_an_image(src: str) -> None:
    image = render(f"![A map]({src})").one("img")
    assert image.attrs["src"] == src
    assert image.attrs["alt"] == "A map"


# --- code ----------------------------------------------------------------------------------


def test_fenced_code_with_a_known_language_is_highlighted() -> None:
    code_text = "def greet(name):\n    return f'<b>{name}</b>'\n"
    html = render(f"```python\n{code_text}```\n")
    code = html.one("code")
    assert code.ancestors[-1] == "pre"
    assert "language-python" in (code.attrs.get("class") or "").split()
    spans = [e for e in html.all("span") if "code" in e.ancestors]
    classes = {e.attrs.get("class") for e in spans}
    assert "k" in classes  # Pygments' class for a keyword: 'def', 'return'
    assert code.text == code_text
    assert html.all("b") == []


@pytest.mark.parametrize("language", ["nosuchlanguage", "", '"><script>alert(1)</script>'])
def test_fenced_code_in_an_unknown_language_is_escaped_plain_text(language: str) -> None:
    code_text = "<script>alert(1)</script>\n<b>bold?</b>\n"
    html = render(f"```{language}\n{code_text}```\n")
    code = html.one("code")
    assert code.children == []
    assert code.text == code_text
    assert [e.tag for e in html.elements] == ["pre", "code"]


# --- word counts ---------------------------------------------------------------------------

# "A retreat is over": the first word is a compound joined by a zero-width non-joiner.
PERSIAN = (
    "\u0639\u0642\u0628\u200c\u0646\u0634\u06cc\u0646\u06cc \u062a\u0645\u0627\u0645 \u0634\u062f."
)
# "The boy wrote", with vowel signs (combining marks) on every letter.
ARABIC_WITH_VOWELS = (
    "\u0643\u064e\u062a\u064e\u0628\u064e \u0627\u0644\u0648\u064e\u0644\u064e\u062f\u064f"
)
# "Hindi language": vowel signs and a virama inside each word.
HINDI = "\u0939\u093f\u0928\u094d\u0926\u0940 \u092d\u093e\u0937\u093e"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("One two three.", 3),
        ("It's a well-known fact, they say.", 6),
        ("It\u2019s one \u2014 or two.", 4),
        ("## A heading\n\nA *short* paragraph with **bold** words.", 8),
        ("[two words](https://example.org/many/words/in/the/address)", 2),
        ("- one\n- two\n\n1. three\n2. four", 4),
        pytest.param(PERSIAN, 3, id="persian-compound-with-zwnj"),
        pytest.param(ARABIC_WITH_VOWELS, 2, id="arabic-with-vowel-signs"),
        pytest.param(HINDI, 2, id="hindi-with-vowel-signs"),
        ("In 2021 the 15 August fall.", 6),
        ("", 0),
    ],
)
def test_word_count_counts_the_words_a_reader_reads(body: str, words: int) -> None:
    rendered = render_article(article_with(body), parser=make_parser())
    assert rendered.words == words


@pytest.mark.parametrize(
    ("words", "minutes"),
    [(0, 1), (1, 1), (WORDS_PER_MINUTE, 1), (WORDS_PER_MINUTE + 1, 2), (WORDS_PER_MINUTE * 5, 5)],
)
def test_reading_time_rounds_up_to_whole_minutes(words: int, minutes: int) -> None:
    rendered = render_article(article_with("word " * words), parser=make_parser())
    assert rendered.words == words
    assert rendered.minutes == minutes
