"""The stamp in .reader-cache/ that lets a build with nothing to do stop at once: a digest of
every source file's stat and the build's options, and one of the output's stat, as the last
successful build left them. Reading it needs nothing but the standard library, so that such a
build does not pay for importing the renderers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from . import __version__
from .errors import ReaderError
from .packaged import theme_folder

CACHE_DIR = ".reader-cache"
FORMAT = 1
STAMP = "stamp.json"
SOURCES = ("content", "templates", "seeds")


def cache_problem(root: Path) -> str | None:
    """Why the project's cache folder cannot be used, or None if it can (or is not there).

    A cache is only an optimisation, so an unusable one is reported and left alone: the build
    goes on without it. One that leads out of the project is never followed.
    """
    path = root / CACHE_DIR
    if path.is_symlink():
        return f"{CACHE_DIR} is a symbolic link; reader keeps its cache only inside the project"
    if path.exists() and not path.is_dir():
        return f"{CACHE_DIR} is not a folder; delete it to have a cache again"
    return None


def input_stamp(root: Path, *options: str) -> str:
    """A digest of every source file's path, size and mtime (the theme's included), and of the
    build's options."""
    digest = hashlib.sha256(f"{__version__}\0{FORMAT}\0{chr(0).join(options)}".encode())
    folders = [(name, root / name) for name in SOURCES]
    with contextlib.suppress(ReaderError):  # a theme missing is the build's to report
        folders.append(("<theme>", theme_folder()))  # changed with reader, or edited
    for name, folder in folders:
        for path, stat in _walk(folder):
            digest.update(f"{name}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def output_stamp(out: Path) -> str:
    """A digest of every output file's path, size, mtime and inode: any change shows."""
    digest = hashlib.sha256()
    for path, stat in _walk(out):
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n".encode())
    return digest.hexdigest()


def _walk(folder: Path) -> list[tuple[str, os.stat_result]]:
    found: list[tuple[str, os.stat_result]] = []
    stack = [("", str(folder))]
    while stack:
        prefix, current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                stack.append((name + "/", entry.path))
            else:
                found.append((name, entry.stat(follow_symlinks=False)))
    return sorted(found, key=lambda pair: pair[0])


def load_stamp(root: Path) -> dict[str, object]:
    """What the last successful build recorded; empty if nothing trustworthy is there."""
    try:
        value = json.loads((root / CACHE_DIR / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) and value.get("format") == FORMAT else {}


def save_stamp(root: Path, record: Mapping[str, object]) -> None:
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".stamp-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump({"format": FORMAT, **record}, file)
        Path(temporary).replace(folder / STAMP)
    except OSError:
        return
