"""Shared test helpers: a small valid project on disk, the CLI in a subprocess, folder snapshots.

Use them as fixtures; test modules should not ``import conftest`` (tests/browser has its own
conftest.py, and both cannot be the module named ``conftest``). Annotate with the protocols
below under ``if TYPE_CHECKING: from conftest import MakeProject, ...``.

``make_project`` writes a complete project that builds without a single problem, so a test can
break exactly one thing and know that every problem reported comes from that change::

    def test_something(make_project: MakeProject) -> None:
        root = make_project({"content/site.yaml": "title: x\n"}, drop=["content/about.md"])

The valid project has three articles, one per stance (``engage-now``, ``pressure-works``,
``resist-together``), a timeline naming two of them, ``content/about.md`` and
``seeds/engage-now.txt``; ``templates/`` is a copy of the repository's own.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pytest

from snapshots import snapshot

REPO_ROOT: Path = Path(__file__).resolve().parent.parent
TEMPLATES_DIR: Path = REPO_ROOT / "templates"

SITE_YAML: str = """\
title: A test reader
tagline: Three short texts, three answers
description: How should the world deal with a test?
intro: >-
  This reader collects three short analyses for the test suite.
language: en
"""

STANCES_YAML: str = """\
- key: engage
  label: Engage
  definition: Talk to them and deal with them as the authorities in charge.
- key: pressure
  label: Pressure
  definition: Raise the cost of defying their commitments.
- key: resist
  label: Resist
  definition: Back those who oppose them.
"""

TIMELINE_YAML: str = """\
- date: "2021-08-15"
  title: The capital falls
  summary: Fighters enter the capital.
  articles: [engage-now, resist-together]
- date: "2022-03"
  title: A conference is held
"""

ABOUT_MD: str = """\
## Why these three

They were chosen for the argument each makes.
"""

# Line numbers matter to the tests: 'stance' is on line 10, the closing fence on line 15.
ENGAGE_NOW_MD: str = """\
---
title: Engaging now is the only way
authors:
  - name: Ada Lovelace
    about: analyst at the Test Institute
publication: The Test Review
published: "2021-08-20"
date_note: The day is printed on the original.
source_url: https://example.org/engage-now
stance: engage
stance_note: It argues that talking is the only lever left.
summary: Lovelace argues for contact, aid and the prospect of recognition.
topics: [recognition, aid]
seed: seeds/engage-now.txt
---

The retreat is almost over. Now the question is whether to talk.

## What is at stake

Talking is not approving. It is the only lever left.
"""

PRESSURE_WORKS_MD: str = """\
---
title: Pressure works
authors:
  - name: Grace Hopper
  - name: Alan Turing
publication: Policy Weekly
published: "2021-06"
date_note: "Inferred: late June 2021, from the events it reports."
stance: pressure
stance_note: It asks regional powers to push them back to the table.
summary: Hopper and Turing argue that isolation leaves only negotiation.
---

Raising the cost of defiance works, the authors argue, when powers act together.
"""

RESIST_TOGETHER_MD: str = """\
---
title: Support those who resist
authors:
  - name: Mary Somerville
publication: Polemics
published: "2024"
date_note: "Inferred: 2024, most likely March."
stance: resist
stance_note: It urges backing the opposition as partners.
summary: Somerville argues that condemnation has achieved nothing.
topics: [armed-resistance]
---

Since their return, nothing has changed. The opposition deserves support.
"""

SEED_TXT: str = "The retreat is almost over.\n\nNow the question is whether to talk.\n"

VALID_FILES: Mapping[str, str] = {
    "content/site.yaml": SITE_YAML,
    "content/stances.yaml": STANCES_YAML,
    "content/timeline.yaml": TIMELINE_YAML,
    "content/about.md": ABOUT_MD,
    "content/articles/engage-now.md": ENGAGE_NOW_MD,
    "content/articles/pressure-works.md": PRESSURE_WORKS_MD,
    "content/articles/resist-together.md": RESIST_TOGETHER_MD,
    "seeds/engage-now.txt": SEED_TXT,
}
"""Every file of the valid project except templates/, by path relative to the project."""


class MakeProject(Protocol):
    """The type of the ``make_project`` fixture."""

    def __call__(
        self,
        files: Mapping[str, str | bytes] | None = None,
        *,
        drop: Sequence[str] = (),
    ) -> Path: ...


class RunReader(Protocol):
    """The type of the ``run_reader`` fixture."""

    def __call__(
        self, *args: str | os.PathLike[str], cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]: ...


class WriteFiles(Protocol):
    """The type of the ``write_files`` fixture."""

    def __call__(
        self,
        root: Path,
        files: Mapping[str, str | bytes] | None = None,
        *,
        drop: Sequence[str] = (),
    ) -> None: ...


class WriteProject(Protocol):
    """The type of the ``write_project`` fixture."""

    def __call__(
        self,
        root: Path,
        files: Mapping[str, str | bytes] | None = None,
        *,
        drop: Sequence[str] = (),
    ) -> Path: ...


Snapshot = Callable[[Path], dict[str, bytes]]
"""The type of the ``snapshot`` fixture."""


def write_files(
    root: Path, files: Mapping[str, str | bytes] | None = None, *, drop: Sequence[str] = ()
) -> None:
    """Write `files` under `root` (text as UTF-8 exactly as given, bytes raw), then delete `drop`.

    Parent folders are created as needed; a dropped path may be a file or a folder.
    """
    for relative, data in (files or {}).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.encode("utf-8"))
    for relative in drop:
        path = root / relative
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def run_reader(
    *args: str | os.PathLike[str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m reader ARGS` in a subprocess and capture its text output.

    Never raises on a non-zero exit code: check ``returncode``, ``stdout`` and ``stderr``.
    """
    return subprocess.run(
        [sys.executable, "-m", "reader", *(os.fspath(arg) for arg in args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )


def write_project(
    root: Path, files: Mapping[str, str | bytes] | None = None, *, drop: Sequence[str] = ()
) -> Path:
    """Write the valid project into the new folder `root`, overlay `files`, delete `drop`.

    The same as the ``make_project`` fixture, for a folder of the caller's choosing (a
    session-scoped fixture's, say). Returns `root`.
    """
    shutil.copytree(TEMPLATES_DIR, root / "templates")
    write_files(root, VALID_FILES)
    write_files(root, files, drop=drop)
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Return a function that writes a valid project, overlays `files`, deletes `drop`.

    The first project is ``tmp_path / "project"``; calling again in the same test makes
    ``project-2``, ``project-3``... so earlier projects are never disturbed.
    """
    counter = itertools.count(1)

    def make(files: Mapping[str, str | bytes] | None = None, *, drop: Sequence[str] = ()) -> Path:
        number = next(counter)
        root = tmp_path / ("project" if number == 1 else f"project-{number}")
        return write_project(root, files, drop=drop)

    return make


@pytest.fixture(name="write_project", scope="session")
def write_project_fixture() -> WriteProject:
    """:func:`write_project`, for session-scoped fixtures that cannot use ``make_project``."""
    return write_project


@pytest.fixture(name="write_files", scope="session")
def write_files_fixture() -> WriteFiles:
    """:func:`write_files`: overlay or delete files in a project, to break it after a build."""
    return write_files


@pytest.fixture(name="run_reader", scope="session")
def run_reader_fixture() -> RunReader:
    """:func:`run_reader`: the ``reader`` command in a subprocess."""
    return run_reader


@pytest.fixture(name="snapshot", scope="session")
def snapshot_fixture() -> Snapshot:
    """:func:`snapshot`: every file under a folder with its bytes."""
    return snapshot
