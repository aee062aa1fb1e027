"""The command line: summary line, exit codes, internal errors, help and version."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from html_tree import parse_html
from reader import __version__, cli

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader


def test_build_prints_one_summary_line(make_project: MakeProject, run_reader: RunReader) -> None:
    project = make_project()
    result = run_reader("build", "--project", project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    summary = r"reader: built 12 pages \(14 files, \d+ KiB\) in \d+\.\d\d s -> "
    assert re.fullmatch(summary + re.escape(f"{project}/site") + "\n", result.stdout)


def test_an_internal_error_says_so_without_a_traceback_unless_debug(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("something we did not foresee")

    monkeypatch.setattr(cli, "build", broken)
    assert cli.main(["build", "--project", str(project)]) == cli.EXIT_INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "reader: internal error: RuntimeError: something we did not foresee",
        "reader: run again with --debug to see the traceback",
    ]
    assert cli.main(["build", "--project", str(project), "--debug"]) == cli.EXIT_INTERNAL_ERROR
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert err.rstrip().endswith(
        "reader: internal error: RuntimeError: something we did not foresee"
    )


def test_an_unwritable_output_is_a_clean_error(
    make_project: MakeProject, run_reader: RunReader, tmp_path: Path
) -> None:
    project = make_project()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_reader("build", "--project", project, "--out", blocker / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        f"{blocker}/site: cannot write the site: {blocker} is a file"
    )


def test_a_stance_without_articles_says_so(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    timeline = '- date: "2021-08-15"\n  title: The capital falls\n  articles: [engage-now]\n'
    project = make_project(
        {"content/timeline.yaml": timeline}, drop=["content/articles/resist-together.md"]
    )
    assert run_reader("build", "--project", project).returncode == 0
    index = parse_html((project / "site" / "index.html").read_text(encoding="utf-8"))
    resist = index.by_id("stance-resist")
    assert resist is not None
    assert not resist.find_all("article")
    assert resist.find("p", cls="empty").text == "No article in this reader takes this stance yet."
    glance = [a.text for a in index.find("nav", cls="glance").find_all("a")]
    assert glance[2] == "Resist 0 articles"


def test_version_and_help(run_reader: RunReader) -> None:
    version = run_reader("--version")
    assert (version.returncode, version.stdout) == (0, f"reader {__version__}\n")
    for args in (["--help"], ["build", "--help"]):
        result = run_reader(*args)
        assert result.returncode == 0
        assert "examples:" in result.stdout
    assert run_reader().returncode == 2  # no command: usage error
