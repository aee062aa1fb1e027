"""The default theme: a project without templates/ builds with reader's own, and a project's
templates/ replaces the theme file by file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader import packaged, stamp
from reader.build import build
from reader.errors import ReaderError
from reader.templates import compile_templates, load_static, load_templates

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader, Snapshot

REPO = Path(__file__).resolve().parents[1]


def test_run_from_the_checkout_the_theme_is_this_repository_s_templates() -> None:
    assert packaged.theme_folder() == REPO / "templates"
    assert packaged.example_folder() == REPO


def test_a_project_with_only_content_builds_the_same_site_as_this_repository(
    tmp_path: Path, snapshot: Snapshot
) -> None:
    project = tmp_path / "project"
    for name in ("content", "seeds"):
        shutil.copytree(REPO / name, project / name)
    build(project, tmp_path / "theirs", cache=False, search=False)
    build(REPO, tmp_path / "ours", cache=False, search=False)
    theirs, ours = snapshot(tmp_path / "theirs"), snapshot(tmp_path / "ours")
    assert len(ours) > 40
    assert theirs == ours


def test_a_project_template_replaces_the_theme_s_file_of_that_name_only(
    make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project(drop=["templates"])
    citation = "{# mine #}<p class=mine>Cite it as you like.</p>\n"
    css = b"body { color: black }\n"
    (project / "templates" / "partials").mkdir(parents=True)
    (project / "templates" / "partials" / "citation.html").write_text(citation)
    (project / "templates" / "static").mkdir()
    (project / "templates" / "static" / "style.css").write_bytes(css)
    files = load_templates(project)
    theme = REPO / "templates"
    assert files.sources["partials/citation.html"] == citation
    assert files.shown["partials/citation.html"] == "templates/partials/citation.html"
    assert files.sources["article.html"] == (theme / "article.html").read_text()
    assert files.shown["article.html"] == f"{theme}/article.html"
    static = load_static(project)
    assert static["static/style.css"] == css
    assert static["static/search.js"] == (theme / "static" / "search.js").read_bytes()

    site = tmp_path / "site"
    build(project, site, cache=False, search=False)
    page = (site / "articles" / "engage-now" / "index.html").read_text()
    assert "<p class=mine>Cite it as you like.</p>" in page
    assert (site / "static" / "style.css").read_bytes() == css


def test_an_error_in_a_theme_template_names_the_theme_s_file(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme)
    (theme / "about.html").write_text('{% extends "base.html" %}\n{% block main %}{{ x }\n')
    project = tmp_path / "project"
    project.mkdir()
    files = load_templates(project, theme=theme)
    with pytest.raises(ReaderError) as caught:
        compile_templates(files.sources, files.shown)
    assert str(caught.value.problems[0]).startswith(f"{theme}/about.html:2: template syntax error")
    (project / "templates").mkdir()
    (project / "templates" / "about.html").write_text('{% extends "base.html" %}\n')
    assert load_templates(project, theme=theme).shown["about.html"] == "templates/about.html"


def test_a_template_error_names_the_project_s_file_and_line(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    broken = '{% extends "base.html" %}\n{% block main %}\n{{ no_such_thing }}\n{% endblock %}\n'
    project = make_project({"templates/about.html": broken})
    result = run_reader("build", "--project", project)
    assert result.returncode == 1
    assert result.stderr.startswith("templates/about.html:3: template error: ")


def test_templates_that_is_a_file_is_an_error(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project(drop=["templates"])
    (project / "templates").write_text("not a folder\n")
    result = run_reader("build", "--project", project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "templates: is not a folder; a project's templates/ holds its templates"
    )


def test_an_installation_without_its_theme_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(packaged, "_PACKAGE", tmp_path / "site-packages" / "reader")
    monkeypatch.setattr(packaged, "_CHECKOUT", tmp_path)
    with pytest.raises(ReaderError) as caught:
        packaged.theme_folder()
    message = str(caught.value.problems[0])
    assert message.startswith("reader/theme: missing from this installation of reader")
    assert message.endswith("reinstall policy-reader")


def test_editing_the_theme_makes_the_next_build_render_again(
    monkeypatch: pytest.MonkeyPatch, make_project: MakeProject, tmp_path: Path
) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme)
    monkeypatch.setattr(stamp, "theme_folder", lambda: theme)
    project = make_project(drop=["templates"])
    before = stamp.input_stamp(project)
    assert stamp.input_stamp(project) == before
    (theme / "about.html").write_text((theme / "about.html").read_text() + "\n")
    assert stamp.input_stamp(project) != before
