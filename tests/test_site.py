"""The real five-article build, read back with an HTML parser."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from html_tree import Element, parse_html
from reader.build import build
from reader.search import SEARCH

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = {
    "unpalatable-necessity-of-engaging": "engage",
    "taliban-and-international-diplomacy": "engage",
    "making-deals-with-the-taliban": "engage",
    "taliban-reel-or-return-to-negotiations": "pressure",
    "support-the-resistance": "resist",
}
NEWEST_FIRST = {
    "engage": [
        "taliban-and-international-diplomacy",
        "unpalatable-necessity-of-engaging",
        "making-deals-with-the-taliban",
    ],
    "pressure": ["taliban-reel-or-return-to-negotiations"],
    "resist": ["support-the-resistance"],
}
ACTORS = [actor["key"] for actor in yaml.safe_load((ROOT / "content" / "actors.yaml").read_text())]
TOPICS = [topic["key"] for topic in yaml.safe_load((ROOT / "content" / "topics.yaml").read_text())]
QUESTIONS = [q["key"] for q in yaml.safe_load((ROOT / "content" / "questions.yaml").read_text())]
PAGES = [
    "index.html",
    "timeline/index.html",
    "actors/index.html",
    "topics/index.html",
    "about/index.html",
    "404.html",
    "search/index.html",
    *(f"articles/{slug}/index.html" for slug in ARTICLES),
    *(f"actors/{key}/index.html" for key in ACTORS),
    *(f"topics/{key}/index.html" for key in TOPICS),
    "questions/index.html",
    *(f"questions/{key}/index.html" for key in QUESTIONS),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    build(ROOT, out, cache=False)
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Element]:
    return {
        path.relative_to(site).as_posix(): parse_html(path.read_text(encoding="utf-8"))
        for path in site.rglob("*.html")
    }


def test_every_page_is_written(site: Path) -> None:
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert written == sorted(PAGES)
    assert (site / "static" / "style.css").is_file()
    assert (site / "static" / "code.css").is_file()


def test_index_lists_each_article_under_its_stance_newest_first(pages: dict[str, Element]) -> None:
    index = pages["index.html"]
    sections = index.find_all("section", cls="stance")
    assert [s.attrs["id"] for s in sections] == [
        "stance-engage",
        "stance-pressure",
        "stance-resist",
    ]
    for section in sections:
        stance = section.attrs["id"].removeprefix("stance-")
        links = [
            a.attrs["href"] for card in section.find_all("article") for a in card.find_all("a")
        ]
        assert links == [f"articles/{slug}/index.html" for slug in NEWEST_FIRST[stance]]


def test_index_cards_show_dates_at_their_true_precision(pages: dict[str, Element]) -> None:
    cards = {
        card.find("a").attrs["href"].split("/")[1]: card
        for card in pages["index.html"].find_all("article", cls="card")
    }
    expected = {
        "taliban-and-international-diplomacy": ("2024-02-07", "7 February 2024"),
        "unpalatable-necessity-of-engaging": ("2023-07", "July 2023 (day not known)"),
        "making-deals-with-the-taliban": ("2021-08", "August 2021 (inferred)"),
        "taliban-reel-or-return-to-negotiations": ("2021-06", "June 2021 (inferred)"),
        "support-the-resistance": ("2024", "2024 (inferred)"),
    }
    for slug, (iso, label) in expected.items():
        time = cards[slug].find("time")
        assert time.attrs["datetime"] == iso
        assert label in cards[slug].find("p", cls="card__meta").text


def test_every_page_has_one_h1_landmarks_and_a_skip_link(pages: dict[str, Element]) -> None:
    for path, page in pages.items():
        assert page.find("html").attrs["lang"] == "en", path
        assert len(page.find_all("h1")) == 1, path
        for landmark in ("header", "nav", "main", "footer"):
            assert page.find_all(landmark), f"{path} has no <{landmark}>"
        first_link = page.find("body").find("a")
        assert first_link.attrs["href"] == "#main", path
        assert page.by_id("main") is not None


def test_every_page_carries_a_content_security_policy(pages: dict[str, Element]) -> None:
    for path, page in pages.items():
        metas = [
            m
            for m in page.find_all("meta")
            if m.attrs.get("http-equiv") == "Content-Security-Policy"
        ]
        assert len(metas) == 1, path
        assert "default-src 'none'" in metas[0].attrs["content"]


def _internal_links(page: Element) -> list[str]:
    links = [a.attrs["href"] for a in page.find_all("a") if "href" in a.attrs]
    links += [
        link.attrs["href"]
        for link in page.find_all("link")
        if link.attrs.get("rel") == "stylesheet"
    ]
    return [href for href in links if not urlsplit(href).scheme]


def test_every_internal_link_and_fragment_resolves(site: Path, pages: dict[str, Element]) -> None:
    checked = 0
    for path, page in pages.items():
        for href in _internal_links(page):
            target, _, fragment = href.partition("#")
            resolved = (
                posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
                if target
                else path
            )
            assert not resolved.startswith(".."), f"{path}: {href} leaves the site"
            assert (site / resolved).is_file(), f"{path}: {href} -> {resolved} does not exist"
            if fragment:
                assert pages[resolved].by_id(fragment) is not None, (
                    f"{path}: {href} has no #{fragment}"
                )
            checked += 1
    assert checked > 100


def test_no_page_loads_anything_from_another_site(pages: dict[str, Element]) -> None:
    for path, page in pages.items():
        scripts = [s.attrs for s in page.find_all("script")]
        assert scripts == ([{"src": "../static/search.js"}] if path == SEARCH else []), path
        for element in page.iter():
            for attr in ("src", "srcset"):
                assert attr not in element.attrs or not urlsplit(element.attrs[attr]).scheme, path
        for link in page.find_all("link"):
            assert link.attrs.get("rel") == "canonical" or not urlsplit(link.attrs["href"]).netloc


def _timeline_items(pages: dict[str, Element]) -> list[Element]:
    return pages["timeline/index.html"].find_all("li", cls="timeline__item")


def test_timeline_is_in_date_order(pages: dict[str, Element]) -> None:
    keys = []
    for item in _timeline_items(pages):
        iso = item.find("time").attrs["datetime"]
        is_article = "timeline__item--article" in item.classes
        parts = [int(p) for p in iso.split("-")]
        # An event stands at the start of its period, an article at the end.
        filler = (12, 31) if is_article else (1, 1)
        keys.append((parts + list(filler[len(parts) - 1 :]))[:3])
    assert keys == sorted(keys)
    years = [s.find("h2").text for s in pages["timeline/index.html"].find_all("section")]
    assert years == sorted(years)


def test_timeline_places_each_article_after_the_events_it_reports(
    pages: dict[str, Element],
) -> None:
    order = [item.attrs["id"] for item in _timeline_items(pages)]
    assert order.index("article-taliban-reel-or-return-to-negotiations") > order.index(
        "event-2021-06-25-biden-receives-ghani-and-abdullah-in-washington"
    )
    assert order[-1] == "article-support-the-resistance"
    assert {f"article-{slug}" for slug in ARTICLES} <= set(order)


def test_timeline_events_link_to_the_articles_that_refer_to_them(pages: dict[str, Element]) -> None:
    kabul = pages["timeline/index.html"].by_id("event-2021-08-15-taliban-take-kabul")
    assert kabul is not None
    linked = {
        a.attrs["href"].split("/")[2] for a in kabul.find("p", cls="timeline__refs").find_all("a")
    }
    assert linked == {
        "unpalatable-necessity-of-engaging",
        "taliban-and-international-diplomacy",
        "making-deals-with-the-taliban",
        "support-the-resistance",
    }


def test_article_page_shows_metadata_body_and_provenance(pages: dict[str, Element]) -> None:
    page = pages["articles/making-deals-with-the-taliban/index.html"]
    header = page.find("header", cls="article__header")
    assert header.find("h1").text.startswith("Making deals with the Taliban")
    badge = header.find("a", cls="badge")
    assert badge.attrs["href"] == "../../index.html#stance-engage"
    facts = header.find("dl").text
    assert "Mark Almond, director of The Crisis Research Institute, Oxford" in facts
    assert "Daily Mail (probable)" in facts
    assert "August 2021 (inferred)" in facts
    assert "Inferred:" in facts
    assert "whatsnew2day.com" in page.find("a", cls="source-link").attrs["href"]
    assert "republished copy" in page.find("section", cls="stance-panel").text
    body = page.by_id("article-body")
    assert body is not None
    assert body.text.startswith("The retreat is almost over, the humiliation complete.")
    assert "seeds/003_324b0c2c04b31d4b.txt" in page.find("section", cls="provenance").text


def test_article_page_links_earlier_and_later_articles_in_time(pages: dict[str, Element]) -> None:
    page = pages["articles/making-deals-with-the-taliban/index.html"]
    pager = page.find("nav", cls="pager")
    rels = {a.attrs["rel"]: a.attrs["href"] for a in pager.find_all("a")}
    assert rels == {
        "prev": "../taliban-reel-or-return-to-negotiations/index.html",
        "next": "../unpalatable-necessity-of-engaging/index.html",
    }
    first = pages["articles/taliban-reel-or-return-to-negotiations/index.html"].find(
        "nav", cls="pager"
    )
    assert [a.attrs["rel"] for a in first.find_all("a")] == ["next"]


def test_other_perspectives_list_every_article_of_the_other_stances(
    pages: dict[str, Element],
) -> None:
    for slug, stance in ARTICLES.items():
        section = pages[f"articles/{slug}/index.html"].by_id("perspectives")
        assert section is not None
        linked = {
            a.attrs["href"].split("/")[1] for a in section.find_all("a") if "badge" not in a.classes
        }
        assert linked == {s for s, st in ARTICLES.items() if st != stance}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    build(ROOT, first, cache=False)
    build(ROOT, second, cache=False)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_hostile_metadata_is_escaped(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "tests"))
    article = project / "content" / "articles" / "support-the-resistance.md"
    text = article.read_text(encoding="utf-8")
    text = text.replace(
        "title: Time to Support", "title: <script>alert(1)</script> Time to Support", 1
    )
    text = text.replace(
        "publication: Polemics Magazine", 'publication: "<img src=x onerror=alert(1)> Polemics"', 1
    )
    article.write_text(text, encoding="utf-8")
    build(project, project / "site")
    for path in (project / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        page = parse_html(html)
        scripts = [s.attrs for s in page.find_all("script")]
        assert scripts == ([{"src": "../static/search.js"}] if path.parent.name == "search" else [])
        assert not [img for img in page.find_all("img") if "onerror" in img.attrs], path
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Time to Support" in html


def test_every_article_takes_positions_and_each_quote_is_its_paragraph(
    pages: dict[str, Element],
) -> None:
    for slug in ARTICLES:
        box = pages[f"articles/{slug}/index.html"].by_id("positions")
        assert box is not None, slug
        assert box.find("dl").find_all("dd"), f"{slug} answers no question"
    quoted = 0
    for key in QUESTIONS:
        path = f"questions/{key}/index.html"
        for position in pages[path].find_all("article", cls="position"):
            href = position.find("p", cls="position__source").find("a").attrs["href"]
            target, _, paragraph = href.partition("#")
            article = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            source = pages[article].by_id(paragraph)
            assert source is not None, href
            assert position.find("blockquote").text == source.text, href
            quoted += 1
    assert quoted == sum(
        len(p.find("dl").find_all("dd"))
        for p in (pages[f"articles/{slug}/index.html"].by_id("positions") for slug in ARTICLES)
        if p is not None
    )


def test_the_matrix_has_a_row_per_article_and_a_column_per_question(
    pages: dict[str, Element],
) -> None:
    table = pages["questions/index.html"].find("table", cls="matrix")
    assert len(table.find("thead").find_all("th")) == len(QUESTIONS) + 1
    rows = [tr for body in table.find_all("tbody") for tr in body.find_all("tr")[1:]]
    assert len(rows) == len(ARTICLES)
    for row in rows:
        assert len(row.find_all("td")) == len(QUESTIONS)
