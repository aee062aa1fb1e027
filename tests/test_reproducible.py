"""Same input, same bytes: whatever the folder, file order, locale, time zone or hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from synthetic import write_project

REPO = Path(__file__).resolve().parent.parent


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _build(project: Path, out: Path, *, cwd: Path, **env: str) -> dict[str, bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "build", "--project", str(project), "--out", str(out)],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return _snapshot(out)


def _copy_repo_project(target: Path) -> Path:
    shutil.copytree(
        REPO,
        target,
        ignore=shutil.ignore_patterns(".git", ".venv", "site", "tests", "*cache*", ".site.*"),
    )
    return target


def test_builds_are_identical_across_folders_locales_time_zones_and_hash_seeds(
    tmp_path: Path,
) -> None:
    here = _copy_repo_project(tmp_path / "here")
    there = _copy_repo_project(tmp_path / "elsewhere" / "deeper" / "there")
    reference = _build(
        here, tmp_path / "a", cwd=here, LC_ALL="C.UTF-8", TZ="UTC", PYTHONHASHSEED="1"
    )
    variants = [
        _build(there, tmp_path / "b", cwd=Path("/"), TZ="Pacific/Kiritimati", PYTHONHASHSEED="2"),
        _build(here, tmp_path / "c", cwd=tmp_path, LC_ALL="C", TZ="America/Anchorage"),
        _build(here, here / "site", cwd=here, LANG="de_DE.UTF-8", PYTHONHASHSEED="12345"),
    ]
    assert len(reference) > 10
    for variant in variants:
        assert variant.keys() == reference.keys()
        for name, data in reference.items():
            assert variant[name] == data, name


def test_builds_do_not_depend_on_the_order_files_were_created(tmp_path: Path) -> None:
    count = 40
    forward = write_project(tmp_path / "forward", articles=count)
    backward = write_project(tmp_path / "backward", articles=count, order=reversed(range(count)))
    shuffled = write_project(
        tmp_path / "shuffled", articles=count, order=[(n * 17) % count for n in range(count)]
    )
    reference = _build(forward, tmp_path / "one", cwd=tmp_path)
    assert _build(backward, tmp_path / "two", cwd=tmp_path) == reference
    assert _build(shuffled, tmp_path / "three", cwd=tmp_path) == reference
