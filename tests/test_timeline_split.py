"""A timeline too long for one page becomes an overview of years, each year on its own page,
and every link to a row of the timeline (from articles, the figure, the overview) finds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from html_tree import parse_html
from reader import site as site_module
from reader.build import build
from reader.check import read_built_pages
from reader.links import find_broken_links
from synthetic import write_project


@pytest.fixture
def split_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(site_module, "TIMELINE_SPLIT_FROM", 12)
    project = write_project(tmp_path / "project", articles=30)
    build(project, project / "site", search=False, cache=False)
    return project / "site"


def _ids(html: str) -> set[str]:
    return set(re.findall(r' id="([^"]+)"', html))


def test_each_year_has_a_page_and_the_overview_links_them_all(split_site: Path) -> None:
    overview = (split_site / "timeline" / "index.html").read_text(encoding="utf-8")
    years = sorted(p.parent.name for p in (split_site / "timeline").glob("*/index.html"))
    assert len(years) > 1
    linked = re.findall(r'<a href="(\d{4})/index.html">\1</a>', overview)
    assert linked == years
    assert 'class="timeline__item' not in overview  # the rows are on the year pages
    rows: list[str] = []
    for year in years:
        page = (split_site / "timeline" / year / "index.html").read_text(encoding="utf-8")
        tree = parse_html(page)
        assert [h.text for h in tree.find_all("h1")] == [year]
        rows += re.findall(r'<li class="timeline__item[^"]*" id="([^"]+)"', page)
    articles = sorted(p.parent.name for p in (split_site / "articles").glob("*/index.html"))
    assert len(rows) == len(set(rows))  # every row on exactly one page
    assert sorted(r.removeprefix("article-") for r in rows if r.startswith("article-")) == articles


def test_every_link_into_the_split_timeline_resolves(split_site: Path) -> None:
    pages = read_built_pages(split_site)
    files = [p.relative_to(split_site).as_posix() for p in split_site.rglob("*") if p.is_file()]
    assert find_broken_links(pages, files) == []
    article = next((split_site / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    on_timeline = re.search(r'<a href="([^"]+)">See it on the timeline</a>', article)
    assert on_timeline is not None
    assert re.fullmatch(r"\.\./\.\./timeline/\d{4}/index\.html#article-.+", on_timeline.group(1))


def test_years_link_to_the_years_before_and_after(split_site: Path) -> None:
    years = sorted(p.parent.name for p in (split_site / "timeline").glob("*/index.html"))
    first = (split_site / "timeline" / years[0] / "index.html").read_text(encoding="utf-8")
    last = (split_site / "timeline" / years[-1] / "index.html").read_text(encoding="utf-8")
    assert 'rel="prev"' not in first
    assert f'href="../{years[1]}/index.html" rel="next"' in first
    assert f'href="../{years[-2]}/index.html" rel="prev"' in last
    assert 'rel="next"' not in last


def test_a_short_timeline_stays_one_page(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=30)
    build(project, project / "site", search=False, cache=False)
    assert not list((project / "site" / "timeline").glob("*/index.html"))
    page = (project / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<li class="timeline__item timeline__item--article', page)) == 30
    assert "article-article-00007" in _ids(page)
