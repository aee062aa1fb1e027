"""Writing the site: all or nothing, and never over a folder reader did not make."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.build import build
from reader.errors import ReaderError
from reader.output import MARKER, write_site

if TYPE_CHECKING:
    from conftest import MakeProject

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


def test_a_build_with_nothing_to_do_still_clears_what_a_killed_build_left(
    make_project: MakeProject,
) -> None:
    project = make_project()
    build(project, project / "site", search=False)
    stale = project / f".site.staging-{2**22 + 12345}-abc"  # a pid no process can have
    (stale / "half").mkdir(parents=True)
    report = build(project, project / "site", search=False)
    assert report.up_to_date
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


def _modes(root: Path) -> dict[str, int]:
    """The permission bits of `root` and of everything under it, by relative path."""
    found = {".": root.stat().st_mode & 0o7777}
    for path in root.rglob("*"):
        found[path.relative_to(root).as_posix()] = path.stat().st_mode & 0o7777
    return found


@pytest.mark.parametrize(
    ("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]
)
def test_the_site_is_readable_by_others_as_the_umask_allows(
    project: Path, umask: int, folder: int, file: int
) -> None:
    # A web server runs as another user: the folder must not be private (mkdtemp's 0700).
    previous = os.umask(umask)
    try:
        write_site(FILES, project / "site", project=project)
        write_site(FILES, project / "site", project=project)  # a rebuild keeps them so
    finally:
        os.umask(previous)
    modes = _modes(project / "site")
    folders = {name for name in modes if (project / "site" / name).is_dir()}
    assert folders == {".", "articles", "articles/a"}
    assert {name: modes[name] for name in folders} == dict.fromkeys(folders, folder)
    assert {n: m for n, m in modes.items() if n not in folders} == dict.fromkeys(
        set(modes) - folders, file
    )


def _as_another_user(action: Callable[[], None]) -> str:
    """Run `action` in a forked child as a user who cannot write the site; return what it
    raised ('' if nothing).

    As root (whom no permission stops) the child becomes `nobody`, to whom the caller has
    given the folders around the site; otherwise the caller has made part of the site
    read-only.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        outcome = ""
        try:
            if os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            action()
        except BaseException as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        os.write(write, outcome.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        outcome = pipe.read().decode()
    os.waitpid(pid, 0)
    return outcome


NOBODY = 65534


@pytest.mark.parametrize("locked", ["site", "site/articles"])
def test_a_site_this_user_cannot_write_is_refused_not_half_replaced(locked: str) -> None:
    # A place `nobody` can reach when the tests run as root (tmp_path's parents are private).
    place = Path(tempfile.mkdtemp(prefix="reader-test-"))
    project = place / "project"
    try:
        for name in ("content", "templates", "seeds"):
            (project / name).mkdir(parents=True)
        write_site(FILES, project / "site", project=project)
        before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
        if os.geteuid() == 0:  # `nobody` gets everything but the locked folder
            for path in (place, project, *(project / "site").rglob("*"), project / "site"):
                if path != project / locked:
                    os.chown(path, NOBODY, NOBODY)
        else:
            (project / locked).chmod(0o555)
        outcome = _as_another_user(
            lambda: write_site([("index.html", b"new")], project / "site", project=project)
        )
        shown = "it" if locked == "site" else str(project / locked)
        assert outcome == (
            f"ReaderError: {project / 'site'}: refusing to replace the site: {shown} cannot be "
            "written by this user, so the old site could not be removed; fix its permissions "
            "or choose another --out"
        )
        after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
        assert after == before
        assert sorted(p.name for p in project.iterdir()) == [
            "content",
            "seeds",
            "site",
            "templates",
        ]
    finally:
        (project / locked).chmod(0o755)
        shutil.rmtree(place)


def test_a_folder_this_user_cannot_write_in_is_named() -> None:
    place = Path(tempfile.mkdtemp(prefix="reader-test-"))
    try:
        project = place / "project"
        (project / "content").mkdir(parents=True)
        locked = place / "public"
        locked.mkdir()
        if os.geteuid() == 0:  # `nobody` may read the project but not write in `public`
            os.chown(place, NOBODY, NOBODY)
        else:
            locked.chmod(0o555)
        outcome = _as_another_user(lambda: write_site(FILES, locked / "site", project=project))
        assert outcome == (
            f"ReaderError: {locked / 'site'}: cannot write the site: {locked} cannot be "
            "written by this user; choose another --out"
        )
        assert list(locked.iterdir()) == []
    finally:
        (place / "public").chmod(0o755)
        shutil.rmtree(place)
