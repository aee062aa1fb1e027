"""A folder's files with their bytes, and a clean build's: what warm builds are held to."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.build import build


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its POSIX path relative to it, with its bytes.

    Two equal snapshots prove a folder is byte for byte unchanged (no file added, removed or
    altered). A missing folder gives an empty snapshot.
    """
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def clean_build(project: Path, out: Path, **options: object) -> dict[str, bytes]:
    """The snapshot of `project` built from nothing into `out` (no cache, no earlier output)."""
    shutil.rmtree(out, ignore_errors=True)
    build(project, out, cache=False, **options)  # type: ignore[arg-type]
    return snapshot(out)
