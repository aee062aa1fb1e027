"""The command line: summary line, exit codes, internal errors, help and version."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from html_tree import parse_html
from reader import __version__, cli, terminal
from reader import build as build_module
from reader.metadata import NO_BASE_URL_WARNING

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader


def test_build_prints_one_summary_line(make_project: MakeProject, run_reader: RunReader) -> None:
    project = make_project()
    result = run_reader("build", "--project", project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"reader: warning: {NO_BASE_URL_WARNING}\n"
    summary = r"reader: built 13 pages \((\d+) files, \d+ KiB\) in \d+\.\d\d s -> "
    match = re.fullmatch(summary + re.escape(f"{project}/site") + "\n", result.stdout)
    assert match is not None, result.stdout
    written = [p for p in (project / "site").rglob("*") if p.is_file() and p.name != ".reader-site"]
    assert int(match.group(1)) == len(written)


def test_an_internal_error_says_so_without_a_traceback_unless_debug(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("something we did not foresee")

    monkeypatch.setattr(build_module, "build", broken)
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


def test_reader_alone_prints_the_help(run_reader: RunReader) -> None:
    alone = run_reader()
    assert alone.returncode == 2  # no command is still a usage error
    assert alone.stdout == ""
    overview = run_reader("--help").stdout
    assert alone.stderr == overview
    assert "arguments are required" not in alone.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["--project", "{project}", "build", "--no-search"],
        ["build", "--project", "{project}", "--no-search"],
        ["--debug", "--project", "{project}", "build", "--no-search"],
        ["--project", "{elsewhere}", "build", "--project", "{project}", "--no-search"],
    ],
    ids=["before", "after", "debug-and-project-before", "after-wins"],
)
def test_the_global_options_go_before_or_after_the_command(
    make_project: MakeProject, run_reader: RunReader, tmp_path: Path, arguments: list[str]
) -> None:
    project = make_project()
    filled = [a.format(project=project, elsewhere=tmp_path / "nowhere") for a in arguments]
    result = run_reader(*filled, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").is_file()


def test_import_and_new_print_the_slug_they_chose(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project()
    seed = project / "seeds" / "talks.txt"
    seed.write_text(
        "MARK ALMOND: Making deals with the Taliban may be our only hope moving forward\n\n"
        "The retreat is almost over. Now the question is whether to talk.\n"
    )
    imported = run_reader("import", seed, "--stance", "engage", "--project", project)
    assert imported.returncode == 0, imported.stderr
    assert (
        "reader: slug: making-deals-with-the-taliban (from the headline; use --slug to choose "
        "another)" in imported.stdout.splitlines()
    )
    new = run_reader(
        "new",
        "Why the world must talk to the Taliban again: the case for engagement",
        "--stance",
        "engage",
        "--project",
        project,
    )
    assert new.returncode == 0, new.stderr
    assert (
        "reader: slug: why-the-world-must-talk-to-the-taliban-again (from the title; use --slug "
        "to choose another)" in new.stdout.splitlines()
    )
    chosen = run_reader(
        "new", "Another", "--stance", "engage", "--slug", "mine", "--project", project
    )
    assert "slug:" not in chosen.stdout


COMMANDS = ("build", "check", "import", "new", "serve")


def test_every_command_has_help_with_examples(run_reader: RunReader) -> None:
    overview = run_reader("--help")
    assert overview.returncode == 0
    for command in COMMANDS:
        assert re.search(rf"^  reader {command}\b", overview.stdout, re.M), command
        result = run_reader(command, "--help")
        assert result.returncode == 0, result.stderr
        examples = result.stdout.split("examples:\n", 1)[1]
        assert re.search(rf"^  reader {command}\b", examples, re.M), command
        assert "--project" in result.stdout


def run_on_terminal(*args: str, env: dict[str, str], cwd: Path | None = None) -> str:
    """Run `reader ARGS` with stdout and stderr on a pseudo-terminal; return what it showed."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
        cwd=cwd,
        env=env,
    )
    os.close(secondary)
    shown = bytearray()
    try:
        while select.select([main], [], [], 60)[0]:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closed: the command has exited
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
        process.wait(timeout=60)
    return shown.decode("utf-8")


def plain_environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    return {**env, "TERM": "xterm", **extra}


def test_colour_only_on_a_terminal_and_never_with_no_color(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project({"content/stances.yaml": "- key: engage\n  label: Engage\n"})
    coloured = run_on_terminal("check", "--project", str(project), env=plain_environment())
    assert "\033[31m" in coloured or "\033[1;31m" in coloured
    assert "content/stances.yaml:1:" in coloured
    no_color = run_on_terminal(
        "check", "--project", str(project), env=plain_environment(NO_COLOR="1")
    )
    assert "\033[" not in no_color
    assert "content/stances.yaml:1: missing required key 'definition'" in no_color
    piped = run_reader("check", "--project", project)
    assert "\033[" not in piped.stdout + piped.stderr


def test_a_progress_bar_only_on_a_terminal_and_never_in_ci(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()
    monkeypatch.setattr(terminal, "PROGRESS_DELAY", 0.0)  # as if the build took long
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    # With a base URL the build has no warning to print.
    command = ["build", "--project", str(project), "--base-url", "https://example.org/reader/"]

    def build_on_terminal() -> str:
        main, secondary = pty.openpty()
        with os.fdopen(secondary, "w", encoding="utf-8") as tty:
            monkeypatch.setattr(sys, "stderr", tty)
            assert cli.main(command) == cli.EXIT_OK
        os.set_blocking(main, False)
        shown = b""
        with contextlib.suppress(BlockingIOError, OSError):
            while chunk := os.read(main, 65536):
                shown += chunk
        os.close(main)
        return shown.decode("utf-8")

    drawn = build_on_terminal()
    assert "building [" in drawn
    assert "100%" in drawn
    assert drawn.endswith("\r\033[K")  # cleared before the summary
    monkeypatch.setenv("CI", "true")
    assert build_on_terminal() == ""
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert cli.main(command) == cli.EXIT_OK
    assert sys.stderr.getvalue() == ""  # type: ignore[attr-defined]
    assert "reader: built" in capsys.readouterr().out


def test_the_progress_bar_waits_before_drawing_and_clears_its_line() -> None:
    now = [0.0]
    stream = io.StringIO()
    bar = terminal.ProgressBar(stream, label="building", delay=1.0, clock=lambda: now[0])
    bar.update(1, 10)
    assert stream.getvalue() == ""  # a short task shows nothing at all
    now[0] = 1.5
    bar.update(5, 10)
    bar.update(5, 10)  # unchanged: not drawn again
    assert stream.getvalue() == "\rbuilding [###############---------------] 50%"
    bar.finish()
    assert stream.getvalue().endswith("\r\033[K")


def test_colour_and_progress_follow_the_conventions() -> None:
    stream = io.StringIO()
    assert not terminal.wants_colour(stream, {})
    assert terminal.wants_colour(stream, {"FORCE_COLOR": "1"})
    assert not terminal.wants_colour(stream, {"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not terminal.wants_progress(stream, {})
    main, secondary = pty.openpty()
    with os.fdopen(secondary, "w", encoding="utf-8") as tty:
        assert terminal.wants_colour(tty, {})
        assert not terminal.wants_colour(tty, {"NO_COLOR": "x"})
        assert terminal.wants_colour(tty, {"NO_COLOR": ""})  # empty means unset
        assert not terminal.wants_colour(tty, {"TERM": "dumb"})
        assert terminal.wants_progress(tty, {})
        assert not terminal.wants_progress(tty, {"CI": "true"})
    os.close(main)


def test_a_second_build_reports_up_to_date_and_no_cache_builds_afresh(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project()
    first = run_reader("build", "--project", project)
    assert first.returncode == 0
    counts = re.match(r"reader: built (13 pages \(\d+ files, )", first.stdout)
    assert counts is not None, first.stdout
    again = run_reader("build", "--project", project)
    assert again.stdout.startswith(f"reader: up to date: {counts.group(1)}")
    fresh = run_reader("build", "--project", project, "--no-cache")
    assert fresh.stdout.startswith(f"reader: built {counts.group(1)}")
