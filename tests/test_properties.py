"""Property tests: any text in front matter or body builds, or fails with a clean ReaderError,
and never produces a script element."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from html_tree import parse_html
from reader.build import build
from reader.errors import ReaderError
from reader.search import SEARCH
from synthetic import write_project

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<iframe src=javascript:alert(1)></iframe>",
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<svg onload=alert(1)>",
        "</title><script>alert(1)</script>",
        '"><script>alert(1)</script>',
        "{{ config }}{% raw %}",
        "\u202e\u0627\u0644\u0637\u0627\u0644\u0628\u0627\u0646",
    ]
)
TEXT = st.one_of(st.text(min_size=0, max_size=80), HOSTILE)
BODY = st.lists(st.one_of(st.text(max_size=200), HOSTILE), min_size=0, max_size=6).map("\n\n".join)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def template_project() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield write_project(Path(folder) / "project", articles=2)


def _assert_builds_safely_or_fails_cleanly(project: Path) -> None:
    out = project / "site"
    failure: ReaderError | None = None
    try:
        build(project, out)
    except ReaderError as exc:
        failure = exc
    if failure is not None:
        assert failure.problems, "a ReaderError must name at least one problem"
        for problem in failure.problems:
            assert "\n" not in str(problem)
            assert str(problem).startswith(problem.path)
        return
    for page in out.rglob("*.html"):
        tree = parse_html(page.read_text(encoding="utf-8"))
        # The search page's own script is the only one.
        scripts = [s.attrs for s in tree.find_all("script")]
        own = [{"src": "../static/search.js"}] if page.relative_to(out).as_posix() == SEARCH else []
        assert scripts == own, page
        assert not tree.find_all("iframe"), page
        for element in tree.iter():
            assert not any(name.startswith("on") for name in element.attrs), (page, element)
            href = element.attrs.get("href", "") + element.attrs.get("src", "")
            assert not href.lower().lstrip().startswith(("javascript:", "data:")), page


def _fresh_copy(template: Path) -> Path:
    target = Path(tempfile.mkdtemp()) / "project"
    shutil.copytree(template, target)
    return target


@SETTINGS
@given(title=TEXT, summary=TEXT, publication=TEXT, author=TEXT, note=TEXT, body=BODY)
def test_any_front_matter_values_and_body_build_or_fail_cleanly(
    template_project: Path,
    title: str,
    summary: str,
    publication: str,
    author: str,
    note: str,
    body: str,
) -> None:
    project = _fresh_copy(template_project)
    try:
        front = {
            "title": title,
            "authors": [{"name": author, "about": note}],
            "publication": publication,
            "published": "2021-06-30",
            "stance": "engage",
            "stance_note": note,
            "summary": summary,
            "curator_note": note,
            # A position's note is shown, and its paragraph quoted, on other pages too.
            "positions": {"talks": {"answer": "yes", "para": "para-1", "note": note}},
        }
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body
        (project / "content" / "articles" / "article-00000.md").write_text(text, encoding="utf-8")
        _assert_builds_safely_or_fails_cleanly(project)
    finally:
        shutil.rmtree(project.parent, ignore_errors=True)


@SETTINGS
@given(raw=st.text(max_size=300), body=BODY)
def test_any_raw_front_matter_builds_or_fails_cleanly(
    template_project: Path, raw: str, body: str
) -> None:
    project = _fresh_copy(template_project)
    try:
        text = f"---\n{raw}\n---\n\n{body}"
        (project / "content" / "articles" / "article-00000.md").write_text(text, encoding="utf-8")
        _assert_builds_safely_or_fails_cleanly(project)
    finally:
        shutil.rmtree(project.parent, ignore_errors=True)
