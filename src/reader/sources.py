"""Reading the project's own files, and nothing else.

A project may come from anywhere, so what it holds is not trusted to stay inside it: a link to
/etc/hostname among the static files would publish the host's name, and a link to /dev/zero or
a named pipe among the articles would fill the memory or wait forever. Only regular files whose
real path is inside the project are read, each up to a size limit, and a file is checked once
it is open, so that it cannot be swapped for something else between the check and the read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import Problem, ReaderError

MiB = 1024 * 1024
# Content and templates are text a person writes: the longest real article is a few hundred KB.
MAX_TEXT_BYTES = 10 * MiB
# Static files may be pictures or documents, but are still read into memory whole.
MAX_STATIC_BYTES = 100 * MiB
OUTSIDE = "is a link to a file outside the project; reader reads only the project's own files"
LINKED_FOLDER = "is a link to a folder; reader does not follow linked folders: copy it in"
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def read_source(path: Path, *, shown: str, root: Path | None, limit: int) -> bytes:
    """The bytes of `path`; ReaderError if it is not a regular file of at most `limit` bytes,
    or, with `root`, if its real path is outside `root` (a link leading out of the project).
    """
    try:
        real = path.resolve(strict=True)
        if root is not None and not real.is_relative_to(root.resolve()):
            raise ReaderError.single(shown, 0, OUTSIDE)
        # Not blocking: opening a pipe would otherwise wait for a writer.
        handle = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        raise ReaderError.single(shown, 0, f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a file")
            message = f"is not a regular file ({kind}); reader reads only regular files"
            raise ReaderError.single(shown, 0, message)
        if info.st_size > limit:
            raise ReaderError.single(shown, 0, _too_large(info.st_size, limit))
        data = file.read(limit + 1)  # it may have grown since
    if len(data) > limit:
        raise ReaderError.single(shown, 0, _too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"is {size / MiB:.1f} MiB, more than the {limit // MiB} MiB reader reads from one file"


def read_text(path: Path, *, shown: str, root: Path | None) -> str:
    """Read a UTF-8 text file (BOM and CRLF tolerated); refuse binary or mis-encoded bytes,
    and what `read_source` refuses."""
    data = read_source(path, shown=shown, root=root, limit=MAX_TEXT_BYTES)
    if b"\x00" in data:
        raise ReaderError.single(shown, 0, "is a binary file, not UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        message = f"not valid UTF-8: byte 0x{byte:02x} at offset {exc.start}"
        raise ReaderError.single(shown, line, message) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_present(path: Path) -> bool:
    """Whether anything is at `path`, a link that leads nowhere included: it is there to be
    read, and reading it says what is wrong with it."""
    return path.is_symlink() or path.exists()


def list_files(folder: Path, *, shown: str) -> list[tuple[str, Path]]:
    """Every file under `folder` (links to files included) as (relative POSIX path, path),
    sorted; ReaderError for a linked folder, which is never followed."""
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for current, folders, files in os.walk(folder):  # not into linked folders
        base = Path(current)
        prefix = base.relative_to(folder).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        linked = [name for name in folders if (base / name).is_symlink()]
        problems += (Problem(f"{shown}/{prefix}{name}", 0, LINKED_FOLDER) for name in linked)
        found.extend((prefix + name, base / name) for name in files)
    if problems:
        raise ReaderError(problems)
    return sorted(found)
