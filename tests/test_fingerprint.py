"""Pages are rendered again exactly when what they show changed: fingerprints never keep a
stale page, and do keep the others."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from reader.build import build
from reader.fingerprint import Digester, NotDigestible
from reader.model import PartialDate, Precision
from snapshots import clean_build, snapshot
from synthetic import write_project


@dataclass(frozen=True, slots=True)
class Box:
    label: str
    items: tuple[object, ...]


_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=8),
    st.binary(max_size=8),
    st.dates(),
    st.sampled_from(list(Precision)),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=4), inner, max_size=3),
        st.builds(Box, st.text(max_size=4), st.lists(inner, max_size=3).map(tuple)),
    ),
    max_leaves=12,
)


@given(_VALUES, _VALUES)
def test_equal_values_digest_alike_and_different_values_apart(a: object, b: object) -> None:
    assert Digester()(a) == Digester()(a)
    if repr(a) != repr(b) or type(a) is not type(b):
        assert Digester()(a) != Digester()(b)


def test_digests_tell_apart_what_renders_apart() -> None:
    digest = Digester()
    assert digest("<b>") != digest(Markup("<b>"))  # escaped, and not escaped
    assert digest(1) != digest("1")
    assert digest(True) != digest(1)
    assert digest(("ab", "c")) != digest(("a", "bc"))
    assert digest(PartialDate(2021, 6, None)) != digest(PartialDate(2021, None, None))
    assert digest(dt.date(2021, 6, 1)) != digest("2021-06-01")


def test_an_unknown_value_cannot_be_fingerprinted() -> None:
    with pytest.raises(NotDigestible):
        Digester()((1, object()))


def _edit_body(project: Path, number: int) -> None:
    article = project / "content" / "articles" / f"article-{number:05d}.md"
    article.write_text(article.read_text() + f"\nAnother sentence ({number}).\n")


def test_an_edited_body_renders_few_pages_again(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=20)
    first = build(project, project / "site", search=False)
    assert first.pages_kept == 0
    _edit_body(project, 7)
    second = build(project, project / "site", search=False)
    assert 0 < second.pages_kept < second.pages
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean", search=False)


def test_a_template_that_reads_the_whole_site_is_rendered_every_time(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=12)
    template = project / "templates" / "article.html"
    template.write_text(
        template.read_text().replace(
            "{% block main %}", "{% block main %}<p>{{ site.chronology | length }} in all</p>", 1
        )
    )
    build(project, project / "site", search=False)
    added = project / "content" / "articles" / "added.md"
    added.write_text((project / "content" / "articles" / "article-00003.md").read_text())
    build(project, project / "site", search=False)
    pages = list((project / "site" / "articles").glob("*/index.html"))
    assert len(pages) == 13
    assert all("<p>13 in all</p>" in page.read_text() for page in pages)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean", search=False)


def test_a_page_changed_by_hand_in_the_output_is_not_trusted(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=12)
    build(project, project / "site", search=False)
    page = project / "site" / "articles" / "article-00002" / "index.html"
    page.write_text("tampered")
    _edit_body(project, 5)
    report = build(project, project / "site", search=False)
    assert report.pages_kept == 0  # the output is not as the last build left it
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean", search=False)


def test_without_the_cache_every_page_is_rendered(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=12)
    build(project, project / "site", search=False)
    _edit_body(project, 5)
    assert build(project, project / "site", search=False, cache=False).pages_kept == 0


def test_templates_reading_the_site_are_found_through_what_they_use() -> None:
    from reader.templates import _reading_site, compile_templates

    environment = compile_templates(
        {
            "base.html": "{% block main %}{% endblock %}",
            "partials/list.html": "{% macro items() %}{{ site.groups }}{% endmacro %}",
            "partials/plain.html": "{% macro name(x) %}{{ x }}{% endmacro %}",
            "uses-list.html": '{% extends "base.html" %}{% import "partials/list.html" as l %}',
            "uses-plain.html": (
                '{% extends "base.html" %}{% from "partials/plain.html" import name %}'
            ),
            "dynamic.html": "{% include page.part %}",
            "sets-it.html": "{% set site = 1 %}{{ site }}",
        }
    )
    found = _reading_site(environment.loader)  # type: ignore[arg-type]
    assert found == {"partials/list.html", "uses-list.html", "dynamic.html", "sets-it.html"}
