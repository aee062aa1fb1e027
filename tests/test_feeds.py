"""Feeds, sitemap, robots.txt, Open Graph, JSON-LD and citations, read back with real parsers."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import feedparser
import pybtex.database
import pytest
from hypothesis import given
from hypothesis import strategies as st

from html_tree import Element, parse_html
from reader.build import build
from reader.citation import bibtex_key, escape_tex, format_bibtex, format_reference
from reader.content import load_project
from reader.metadata import NO_BASE_URL_WARNING, script_json
from reader.model import Article, Author, PartialDate

if TYPE_CHECKING:
    from conftest import MakeProject

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://example.org/reader/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")
PROJECT = load_project(ROOT)
ARTICLES = {a.slug: a for a in PROJECT.articles if not a.draft}
STANCES = {s.key: s for s in PROJECT.stances}


def _page_url(slug: str) -> str:
    return f"{BASE}articles/{slug}/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    report = build(ROOT, out, base_url=BASE)
    assert report.warnings == ()
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Element]:
    return {
        p.relative_to(site).as_posix(): parse_html(p.read_text(encoding="utf-8"))
        for p in site.rglob("*.html")
    }


def _canonical(page: Element) -> str | None:
    links = [e for e in page.find_all("link") if e.attrs.get("rel") == "canonical"]
    return links[0].attrs["href"] if links else None


def _meta_properties(page: Element) -> list[tuple[str, str]]:
    return [
        (e.attrs["property"], e.attrs["content"])
        for e in page.find_all("meta")
        if "property" in e.attrs
    ]


def _json_ld(page: Element) -> list[Any]:
    scripts = [s for s in page.find_all("script") if s.attrs.get("type") == "application/ld+json"]
    return [json.loads("".join(str(c) for c in s.children)) for s in scripts]


# --- Atom feeds ------------------------------------------------------------------------------


def _check_atom(site: Path, name: str) -> ET.Element:
    """Check the RFC 4287 rules a feed reader relies on; return the parsed feed."""
    path = site / name
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{required}")) == 1, (path, required)
        assert RFC3339.fullmatch(element.findtext(f"{ATOM}updated") or ""), path
        assert urlsplit(element.findtext(f"{ATOM}id") or "").scheme == "https"
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.findall(f"{ATOM}author/{ATOM}name"), "every entry names its authors"
        links = entry.findall(f"{ATOM}link")
        alternate = [link for link in links if link.get("rel") == "alternate"]
        assert len(alternate) == 1
    links = feed.findall(f"{ATOM}link")
    self_links = [link.get("href") for link in links if link.get("rel") == "self"]
    assert self_links == [BASE + name]
    return feed


def test_the_feed_of_all_articles_parses_and_lists_every_article_newest_first(site: Path) -> None:
    _check_atom(site, "feed.xml")
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Dealing with the Taliban: all articles"
    assert parsed.feed.language == "en"
    newest_first = sorted(ARTICLES.values(), key=lambda a: a.sort_key, reverse=True)
    assert [e.link for e in parsed.entries] == [_page_url(a.slug) for a in newest_first]
    for entry, article in zip(parsed.entries, newest_first, strict=True):
        assert entry.id == _page_url(article.slug)
        assert entry.title == article.title
        assert [a.name for a in entry.authors] == [a.name for a in article.authors]
        assert entry.summary == article.summary
        assert entry.tags[0].term == article.stance
        assert [t.term for t in entry.tags[1:]] == list(article.topics)
        # Atom needs a full timestamp: the last day the date can stand for...
        assert entry.published.startswith(article.published.latest.isoformat())
        # ...and the content gives the date as precisely as it is known, no more.
        assert article.published.label in entry.content[0].value


def test_each_stance_has_a_feed_of_exactly_its_articles(site: Path) -> None:
    for key, stance in STANCES.items():
        path = site / "feeds" / f"{key}.xml"
        _check_atom(site, f"feeds/{key}.xml")
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0
        assert parsed.feed.title == f"Dealing with the Taliban: {stance.label} articles"
        expected = sorted(
            (a for a in ARTICLES.values() if a.stance == key), key=lambda a: a.sort_key
        )
        assert [e.link for e in parsed.entries] == [_page_url(a.slug) for a in reversed(expected)]
        assert parsed.feed.link == f"{BASE}#stance-{key}"


def test_a_month_date_is_written_as_the_end_of_its_month(site: Path) -> None:
    parsed = feedparser.parse((site / "feeds" / "engage.xml").read_bytes())
    entry = next(
        e for e in parsed.entries if e.link.endswith("/unpalatable-necessity-of-engaging/")
    )
    assert entry.published == "2023-07-31T00:00:00Z"
    assert "July 2023" in entry.content[0].value
    assert "31 July" not in entry.content[0].value


def test_pages_link_their_feeds_with_absolute_addresses(pages: dict[str, Element]) -> None:
    def feeds(path: str) -> list[str]:
        return [
            e.attrs["href"]
            for e in pages[path].find_all("link")
            if e.attrs.get("type") == "application/atom+xml"
        ]

    assert feeds("index.html") == [BASE + "feed.xml"] + [
        f"{BASE}feeds/{key}.xml" for key in STANCES
    ]
    assert feeds("articles/support-the-resistance/index.html") == [
        BASE + "feed.xml",
        BASE + "feeds/resist.xml",
    ]
    assert feeds("timeline/index.html") == [BASE + "feed.xml"]
    assert feeds("404.html") == []


def test_characters_xml_cannot_carry_do_not_break_the_feed(make_project: MakeProject) -> None:
    project = make_project()
    article = project / "content" / "articles" / "engage-now.md"
    text = article.read_text(encoding="utf-8").replace(
        "title: Engaging now is the only way", 'title: "Engaging \\x0b now & <then> \\x1f end"'
    )
    article.write_text(text, encoding="utf-8")
    build(project, project / "site", base_url=BASE)
    parsed = feedparser.parse((project / "site" / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    titles = [e.title for e in parsed.entries]
    assert "Engaging \ufffd now & <then> \ufffd end" in titles


# --- sitemap.xml and robots.txt --------------------------------------------------------------


def test_the_sitemap_lists_every_canonical_page_and_nothing_else(
    site: Path, pages: dict[str, Element]
) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    canonical = {path: _canonical(page) for path, page in pages.items()}
    expected = {url for path, url in canonical.items() if path != "search/index.html"}
    assert None in expected  # the 404 page has no canonical address...
    assert set(locs) == expected - {None}  # ...and is not listed, nor is the search page
    assert len(locs) == len(set(locs))
    assert all(url.startswith(BASE) for url in locs if url)


def test_robots_txt_names_the_sitemap_and_says_where_it_must_live(site: Path) -> None:
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    rules = [line for line in lines if line and not line.startswith("#")]
    assert rules == ["User-agent: *", "Disallow:", f"Sitemap: {BASE}sitemap.xml"]
    assert any("https://example.org/robots.txt" in line for line in lines if line.startswith("#"))


def test_robots_txt_at_a_hosts_root_has_no_note(make_project: MakeProject) -> None:
    project = make_project()
    build(project, project / "site", base_url="https://example.org")
    text = (project / "site" / "robots.txt").read_text(encoding="utf-8")
    assert text == "User-agent: *\nDisallow:\n\nSitemap: https://example.org/sitemap.xml\n"


# --- Open Graph and JSON-LD ------------------------------------------------------------------


def test_open_graph_names_the_canonical_address_and_the_date_at_its_precision(
    pages: dict[str, Element],
) -> None:
    for path, page in pages.items():
        tags = dict(_meta_properties(page))
        if path == "404.html":
            assert tags == {}
            continue
        assert tags["og:url"] == _canonical(page)
        assert tags["og:site_name"] == "Dealing with the Taliban"
        assert tags["og:type"] == ("article" if path.startswith("articles/") else "website")
    deals = dict(_meta_properties(pages["articles/making-deals-with-the-taliban/index.html"]))
    assert deals["article:published_time"] == "2021-08"
    assert deals["article:section"] == "Engage"


def test_each_article_page_has_one_schema_org_article_at_the_dates_precision(
    pages: dict[str, Element],
) -> None:
    for slug, article in ARTICLES.items():
        page = pages[f"articles/{slug}/index.html"]
        (data,) = _json_ld(page)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Article"
        assert data["headline"] == article.title
        assert data["datePublished"] == article.published.iso
        assert [a["name"] for a in data["author"]] == [a.name for a in article.authors]
        assert all(a["@type"] == "Person" for a in data["author"])
        assert data["publisher"] == {"@type": "Organization", "name": article.publication}
        assert data["url"] == data["mainEntityOfPage"] == _canonical(page)
        assert data.get("sameAs") == article.source_url
    dated = {
        slug: _json_ld(pages[f"articles/{slug}/index.html"])[0]["datePublished"]
        for slug in ("unpalatable-necessity-of-engaging", "support-the-resistance")
    }
    assert dated == {
        "unpalatable-necessity-of-engaging": "2023-07",
        "support-the-resistance": "2024",
    }
    for path, page in pages.items():
        if not path.startswith("articles/"):
            assert _json_ld(page) == [], path


def test_a_title_cannot_break_out_of_the_json_ld_script(make_project: MakeProject) -> None:
    hostile = "</script><script>alert(1)</script><!-- & \u2028 -->"
    project = make_project()
    article = project / "content" / "articles" / "engage-now.md"
    text = article.read_text(encoding="utf-8").replace(
        "title: Engaging now is the only way", f"title: {json.dumps(hostile)}"
    )
    article.write_text(text, encoding="utf-8")
    build(project, project / "site", base_url=BASE)
    page = parse_html(
        (project / "site" / "articles" / "engage-now" / "index.html").read_text(encoding="utf-8")
    )
    scripts = page.find_all("script")
    assert [s.attrs for s in scripts] == [{"type": "application/ld+json"}]
    assert _json_ld(page)[0]["headline"] == hostile


@given(st.text())
def test_script_json_reads_back_unchanged_and_never_contains_a_tag_opener(text: str) -> None:
    encoded = script_json({"headline": text})
    assert json.loads(encoded) == {"headline": text}
    assert "<" not in encoded
    assert encoded.isascii()


def test_without_a_base_url_nothing_is_written_with_a_guessed_host_and_the_build_says_so_once(
    make_project: MakeProject,
) -> None:
    project = make_project()
    report = build(project, project / "site")
    assert report.warnings == (NO_BASE_URL_WARNING,)
    site = project / "site"
    for name in ("feed.xml", "feeds", "sitemap.xml", "robots.txt"):
        assert not (site / name).exists(), name
    for path in site.rglob("*.html"):
        page = parse_html(path.read_text(encoding="utf-8"))
        assert _meta_properties(page) == [], path
        assert _json_ld(page) == [], path
        assert _canonical(page) is None, path
        # The only absolute addresses left are the articles' sources (and the SVG namespace).
        values = [v for e in page.iter() for k, v in e.attrs.items() if k != "xmlns"]
        absolute = {v for v in values if v.startswith(("http://", "https://"))}
        assert absolute <= {"https://example.org/engage-now"}, path


# --- citations -------------------------------------------------------------------------------


def _article(**changes: Any) -> Article:
    fields: dict[str, Any] = {
        "slug": "engage-now",
        "path": "content/articles/engage-now.md",
        "title": "Engaging now is the only way",
        "authors": (Author("Ada Lovelace"), Author("Alan Turing")),
        "publication": "The Test Review",
        "published": PartialDate(2021, 8, 20),
        "date_note": None,
        "source_url": "https://example.org/engage-now",
        "stance": "engage",
        "stance_note": "n",
        "summary": "s",
        "topics": (),
        "seed": None,
        "curator_note": None,
        "draft": False,
        "body": "",
        "body_line": 1,
    }
    fields.update(changes)
    return Article(**fields)


def _bibtex_fields(entry: str) -> dict[str, str]:
    """Parse one entry with pybtex, a BibTeX-compatible parser; return its fields and key."""
    data = pybtex.database.parse_string(entry, "bibtex")
    ((key, parsed),) = data.entries.items()
    fields = {name.lower(): value for name, value in parsed.fields.items()}
    fields["key"] = key
    fields["type"] = parsed.type
    fields["authors"] = " | ".join(str(p) for p in parsed.persons.get("author", []))
    return fields


def test_the_citation_block_gives_a_reference_and_bibtex_on_every_article_page(
    pages: dict[str, Element],
) -> None:
    for slug, article in ARTICLES.items():
        page = pages[f"articles/{slug}/index.html"]
        section = page.by_id("citation")
        assert section is not None, slug
        reference = section.find("p", cls="citation__reference").text
        assert article.title in reference
        assert article.publication in reference
        assert (article.source_url or "") in reference
        fields = _bibtex_fields(section.find("pre", cls="citation__bibtex").text)
        assert fields["year"] == str(article.published.year)
        assert fields["journal"] == article.publication


def test_the_reference_gives_the_date_at_its_precision_and_brackets_an_inferred_one() -> None:
    day = _article()
    assert format_reference(day, url=day.source_url) == (
        "Ada Lovelace and Alan Turing. “Engaging now is the only way.” The Test Review, "
        "20 August 2021. https://example.org/engage-now"
    )
    inferred = _article(published=PartialDate(2021, 8), date_note="Inferred: from the text.")
    assert "The Test Review, [August 2021]." in format_reference(inferred, url=None)
    asked = _article(title="Reel or return?", published=PartialDate(2024))
    assert "“Reel or return?” The Test Review, 2024." in format_reference(asked, url=None)


def test_bibtex_has_a_month_only_when_it_is_known_and_never_a_day() -> None:
    day = _bibtex_fields(format_bibtex(_article(), key="k", url=None))
    assert (day["year"], day["month"]) == ("2021", "August")
    assert "day" not in day
    month = _bibtex_fields(
        format_bibtex(_article(published=PartialDate(2023, 7)), key="k", url=None)
    )
    assert (month["year"], month["month"]) == ("2023", "July")
    year = _bibtex_fields(format_bibtex(_article(published=PartialDate(2024)), key="k", url=None))
    assert year["year"] == "2024"
    assert "month" not in year


def test_bibtex_keeps_every_author_whole() -> None:
    authors = (Author("Ada Lovelace"), Author("Smith, Jones and Partners"), Author("Zia"))
    fields = _bibtex_fields(format_bibtex(_article(authors=authors), key="k", url=None))
    assert fields["authors"] == "Lovelace, Ada | {Smith, Jones and Partners} | Zia"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Ada Lovelace", "lovelace2021-engage-now"),
        ("Jürgen Müller", "muller2021-engage-now"),
        ("Conor O'Brien", "obrien2021-engage-now"),
        ("محبوبه سراج", "srj2021-engage-now"),  # Dari: spelled in Latin letters, not left out
        ("Олег Сидоров", "sidorov2021-engage-now"),
    ],
)
def test_a_bibtex_key_spells_the_first_authors_surname_in_latin_letters(
    name: str, key: str
) -> None:
    assert bibtex_key(_article(authors=(Author(name),))) == key


_TEX_DECODE = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
_TEX_DECODE_RE = re.compile("|".join(re.escape(k) for k in _TEX_DECODE))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_any_title_escapes_to_bibtex_that_parses_and_reads_back_as_the_title(title: str) -> None:
    if not title.strip():
        return
    entry = format_bibtex(_article(title=title, publication=title), key="k", url=None)
    fields = _bibtex_fields(entry)
    # The title is wrapped once more in braces to keep its capitals.
    assert fields["title"][0] + fields["title"][-1] == "{}"
    decoded = _TEX_DECODE_RE.sub(lambda m: _TEX_DECODE[m.group()], fields["title"][1:-1])
    assert decoded == " ".join(title.split())
    assert _TEX_DECODE_RE.sub(lambda m: _TEX_DECODE[m.group()], fields["journal"]) == decoded


def test_tex_specials_become_commands_that_keep_braces_balanced() -> None:
    assert escape_tex("50% of {x} & $y_1^2 ~ #3 \\ok") == (
        r"50\% of \textbraceleft{}x\textbraceright{} \& \$y\_1\textasciicircum{}2 "
        r"\textasciitilde{} \#3 \textbackslash{}ok"
    )
    assert escape_tex("a } b {") == r"a \textbraceright{} b \textbraceleft{}"
