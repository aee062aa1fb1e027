"""`reader init`: a new reader that builds at once, or this reader as a worked example."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from html_tree import parse_html
from reader import __version__, starter
from reader.build import build
from reader.content import load_site_config

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader, Snapshot

REPO = Path(__file__).resolve().parents[1]
QUESTION = "How should the EU regulate artificial intelligence?"
NO_ARTICLES = (
    "reader: warning: content/articles: no articles yet: start one with "
    "'reader new TITLE --stance KEY' or 'reader import SEED_FILE'"
)


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_new_reader_builds_at_once_and_says_it_has_no_articles_yet(
    tmp_path: Path, run_reader: RunReader
) -> None:
    result = run_reader("init", "ai-rules", "--question", QUESTION, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "reader: wrote a new reader into ai-rules (10 files)",
        "reader: next: cd ai-rules && reader build; then see its README.md for the next steps",
    ]
    project = tmp_path / "ai-rules"
    assert _files(project) == [
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
        "content/about.md",
        "content/articles/.gitkeep",
        "content/site.yaml",
        "content/stances.yaml",
        "content/timeline.yaml",
        "requirements.txt",
        "seeds/.gitkeep",
    ]
    built = run_reader("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert NO_ARTICLES in built.stderr.splitlines()
    index = parse_html((project / "site" / "index.html").read_text())
    assert index.find("title").text == "Ai rules"
    assert QUESTION in index.text
    assert [h.text for h in index.find_all("h2")][:3] == ["For", "Only if", "Against"]
    for page in ("timeline/index.html", "about/index.html", "404.html", "search/index.html"):
        assert (project / "site" / page).is_file()
    checked = run_reader("check", cwd=project)
    assert checked.returncode == 0, checked.stderr


def test_a_new_reader_takes_its_first_article_from_reader_new(
    tmp_path: Path, run_reader: RunReader
) -> None:
    assert run_reader("init", "r", "--question", QUESTION, cwd=tmp_path).returncode == 0
    project = tmp_path / "r"
    made = run_reader("new", "The case for a licence", "--stance", "for", cwd=project)
    assert made.returncode == 0, made.stderr
    assert len(list((project / "content/articles").glob("*.md"))) == 1
    built = run_reader("build", "--drafts", cwd=project)
    assert built.returncode == 0, built.stderr
    assert NO_ARTICLES not in built.stderr


def test_a_reader_with_only_drafts_says_they_were_left_out(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project()
    for path in (project / "content" / "articles").glob("*.md"):
        text = path.read_text()
        path.write_text(text.replace("---\n", "---\ndraft: true\n", 1))
    result = run_reader("build", "--project", project)
    assert result.returncode == 0, result.stderr
    assert (
        "reader: warning: content/articles: no published articles yet, only 3 drafts (left "
        "out; 'reader build --drafts' or 'reader serve --drafts' shows them)"
    ) in result.stderr.splitlines()


def test_the_title_comes_from_the_folder_s_name_unless_given(tmp_path: Path) -> None:
    assert starter.title_from_folder(tmp_path / "eu_ai-rules") == "Eu ai rules"
    files = starter.new_reader_files(title="Regulating AI", question=QUESTION)
    config = yaml.safe_load(files["content/site.yaml"])
    assert config["title"] == "Regulating AI"
    assert config["description"] == QUESTION
    assert files["requirements.txt"].decode().splitlines()[-1] == f"policy-reader=={__version__}"


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(min_size=1, max_size=60).filter(lambda s: s.split()),
    question=st.text(min_size=1, max_size=120).filter(lambda s: s.split()),
)
def test_any_title_and_question_are_written_as_given(
    tmp_path_factory: pytest.TempPathFactory, title: str, question: str
) -> None:
    """Quotes, colons, '#', Persian or Russian text, control characters: site.yaml keeps
    them, with runs of white space made one space."""
    root = tmp_path_factory.mktemp("init")
    files = starter.new_reader_files(title=title, question=question)
    (root / "content").mkdir()
    (root / "content" / "site.yaml").write_bytes(files["content/site.yaml"])
    config = load_site_config(root)
    assert config.title == " ".join(title.split())
    assert config.description == " ".join(question.split())


def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(
    tmp_path: Path, run_reader: RunReader, snapshot: Snapshot
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / ".notes").write_text("mine\n")
    before = snapshot(tmp_path)
    result = run_reader("init", folder)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{folder}: is not empty: reader init writes only into a new or empty folder",
        "reader: init failed (1 problem); nothing was written",
    ]
    assert snapshot(tmp_path) == before
    (tmp_path / "file").write_text("x\n")
    result = run_reader("init", tmp_path / "file")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path / 'file'}: is not a folder: reader init makes one")
    (tmp_path / "link").symlink_to(tmp_path / "mine")
    result = run_reader("init", tmp_path / "link")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path / 'link'}: is a symbolic link: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "link", "mine"]
    assert snapshot(folder) == {".notes": b"mine\n"}


def test_init_fills_an_empty_folder_even_the_current_one(
    tmp_path: Path, run_reader: RunReader
) -> None:
    result = run_reader("init", ".", "--question", QUESTION, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "content/site.yaml" in _files(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.is_dir()] == [
        ".github"
    ]
    assert yaml.safe_load((tmp_path / "content/site.yaml").read_text())["title"] == (
        starter.title_from_folder(tmp_path)
    )


def test_init_writes_files_any_web_server_and_user_can_read(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        starter.write_project(tmp_path / "r", starter.new_reader_files(title="T", question="Q?"))
    finally:
        os.umask(previous)
    modes = {
        p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in tmp_path.rglob("*")
    }
    assert modes["r"] == 0o755
    assert all(m == 0o755 for p, m in modes.items() if (tmp_path / p).is_dir())
    assert all(m == 0o644 for p, m in modes.items() if (tmp_path / p).is_file())


def test_an_init_that_fails_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[Path] = []
    real = Path.write_bytes

    def failing(path: Path, data: bytes) -> int:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(path)
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    files = starter.new_reader_files(title="T", question="Q?")
    with pytest.raises(starter.ReaderError) as caught:
        starter.write_project(tmp_path / "r", files)
    assert (
        str(caught.value.problems[0]) == f"{tmp_path / 'r'}: cannot write: No space left on device"
    )
    assert list(tmp_path.iterdir()) == []


def test_bad_options_are_refused_by_name(tmp_path: Path, run_reader: RunReader) -> None:
    cases = {
        ("--example", "--title", "X"): "--title: does not go with --example",
        (
            "--language",
            "english",
        ): "--language: 'english' is not a language tag like 'en' or 'pt-BR'",
        ("--question", "  \n "): "--question: is empty: give a few words",
    }
    for options, message in cases.items():
        result = run_reader("init", tmp_path / "r", *options)
        assert result.returncode == 1, options
        assert result.stderr.splitlines()[0] == message
    assert list(tmp_path.iterdir()) == []


def test_the_example_is_this_reader(
    tmp_path: Path, run_reader: RunReader, snapshot: Snapshot
) -> None:
    result = run_reader("init", "--example", tmp_path / "example")
    assert result.returncode == 0, result.stderr
    example = tmp_path / "example"
    for name in ("content", "seeds"):
        assert snapshot(example / name) == snapshot(REPO / name)
    assert (example / ".github/workflows/pages.yml").is_file()
    assert "worked example" in (example / "README.md").read_text()
    build(example, tmp_path / "theirs", cache=False, search=False)
    build(REPO, tmp_path / "ours", cache=False, search=False)
    assert snapshot(tmp_path / "theirs") == snapshot(tmp_path / "ours")
