"""Writing the site: all or nothing, and never over a folder reader did not make."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.output import MARKER, write_site

FILES = (("index.html", b"<p>one</p>"), ("articles/a/index.html", b"<p>a</p>"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("content", "templates", "seeds"):
        (root / name).mkdir(parents=True)
        (root / name / "keep.txt").write_text("precious")
    return root


def test_site_is_written_with_its_marker(project: Path) -> None:
    report = write_site(FILES, project / "site", project=project)
    assert (project / "site" / "index.html").read_bytes() == b"<p>one</p>"
    assert (project / "site" / "articles" / "a" / "index.html").read_bytes() == b"<p>a</p>"
    assert (project / "site" / MARKER).is_file()
    assert report.files == 2
    assert report.size == len(b"<p>one</p>") + len(b"<p>a</p>")


def test_files_no_longer_produced_are_gone_after_a_build(project: Path) -> None:
    write_site(FILES, project / "site", project=project)
    write_site([("index.html", b"<p>two</p>")], project / "site", project=project)
    names = sorted(
        p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*")
    )
    assert names == [MARKER, "index.html"]
    assert (project / "site" / "index.html").read_bytes() == b"<p>two</p>"


def test_nothing_is_left_beside_the_output_after_a_build(project: Path) -> None:
    write_site(FILES, project / "site", project=project)
    write_site(FILES, project / "site", project=project)
    assert sorted(p.name for p in project.iterdir()) == ["content", "seeds", "site", "templates"]


@pytest.mark.parametrize("name", ["content", "templates", "seeds", "content/sub", "."])
def test_refuses_to_write_into_the_project_or_its_sources(project: Path, name: str) -> None:
    with pytest.raises(ReaderError) as caught:
        write_site(FILES, project / name, project=project)
    assert "refusing" in str(caught.value)
    assert (project / "content" / "keep.txt").read_text() == "precious"


def test_refuses_the_home_folder_and_the_root(project: Path) -> None:
    for out in (Path.home(), Path("/")):
        with pytest.raises(ReaderError, match="refusing"):
            write_site(FILES, out, project=project)


def test_refuses_a_non_empty_folder_without_the_marker(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.txt").write_text("years of work")
    with pytest.raises(ReaderError) as caught:
        write_site(FILES, other, project=project)
    assert str(caught.value) == (
        f"{other}: refusing to replace a folder that reader did not make "
        f"(no {MARKER} file); empty it or choose another --out"
    )
    assert (other / "thesis.txt").read_text() == "years of work"


def test_an_empty_existing_folder_is_used(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "public"
    empty.mkdir()
    write_site(FILES, empty, project=project)
    assert (empty / "index.html").is_file()


def test_refuses_a_file_as_output(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "site.html"
    target.write_text("x")
    with pytest.raises(ReaderError, match="it is a file"):
        write_site(FILES, target, project=project)


def test_leftovers_of_a_killed_build_are_cleaned_up(project: Path) -> None:
    write_site(FILES, project / "site", project=project)
    dead_pid = 2**22 + 12345  # above the kernel's pid limit: never a live process
    stale = project / f".site.staging-{dead_pid}-abc"
    (stale / "half").mkdir(parents=True)
    write_site(FILES, project / "site", project=project)
    assert not stale.exists()


def test_a_swap_cut_between_its_renames_is_recovered(project: Path) -> None:
    write_site(FILES, project / "site", project=project)
    dead_pid = 2**22 + 12345
    (project / "site").rename(project / f".site.old-{dead_pid}-xyz")
    write_site([("index.html", b"<p>new</p>")], project / "site", project=project)
    assert (project / "site" / "index.html").read_bytes() == b"<p>new</p>"
    assert not list(project.glob(".site.*"))


def test_an_error_while_files_arrive_leaves_the_previous_site(project: Path) -> None:
    write_site(FILES, project / "site", project=project)

    def failing() -> Iterator[tuple[str, bytes]]:
        yield "index.html", b"<p>half</p>"
        raise ReaderError.single("templates/base.html", 3, "broken")

    with pytest.raises(ReaderError):
        write_site(failing(), project / "site", project=project)
    assert (project / "site" / "index.html").read_bytes() == b"<p>one</p>"
    assert not list(project.glob(".site.*"))


def test_unchanged_files_are_kept_with_their_mtime_and_changed_ones_rewritten(
    project: Path,
) -> None:
    site = project / "site"
    write_site(FILES, site, project=project)
    old_time = 1_000_000_000
    for path in site.rglob("*.html"):
        os.utime(path, (old_time, old_time))
    report = write_site(
        [("index.html", b"<p>changed</p>"), ("articles/a/index.html", b"<p>a</p>")],
        site,
        project=project,
    )
    assert report.unchanged == 1
    assert (site / "articles" / "a" / "index.html").stat().st_mtime == old_time
    assert (site / "index.html").stat().st_mtime != old_time
    assert (site / "index.html").read_bytes() == b"<p>changed</p>"


def test_a_kept_file_is_not_shared_with_a_later_edit_of_the_old_site(project: Path) -> None:
    site = project / "site"
    write_site(FILES, site, project=project)
    write_site(FILES, site, project=project)
    # The previous site is gone; the kept file lives on only in the new one.
    assert (site / "articles" / "a" / "index.html").stat().st_nlink == 1
