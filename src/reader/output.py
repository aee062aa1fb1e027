"""Write the built site: into a staging folder first, then swapped in at once.

A build that fails or is killed never touches the previous output; a folder reader did not
make (no marker file) is never replaced.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ReaderError

MARKER = ".reader-site"
MARKER_TEXT = b"This folder is the output of 'reader build'; each build replaces it whole.\n"
PROTECTED = ("content", "templates", "seeds", "src", "tests")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True, slots=True)
class WriteReport:
    files: int
    size: int
    unchanged: int = 0  # files whose bytes equal the previous build's: kept, not rewritten
    warnings: tuple[str, ...] = ()
    # Of what a `finish` reports: the folders it wrote in, and those of them it took whole
    # from the previous build (its `unchanged` files).
    folders: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


# What runs on the complete staging folder before the swap: given the folder, the site paths
# written with new bytes, and the previous build's folder (or None); it reports what it added.
Finish = Callable[[Path, Collection[str], Path | None], WriteReport]


def check_output_dir(out: Path, *, project: Path) -> None:
    """Refuse any output folder whose replacement could destroy a user's files."""
    target, root = out.resolve(), project.resolve()
    shown = str(out)
    if root.is_relative_to(target) or target == Path.home().resolve():
        raise ReaderError.single(shown, 0, "refusing to write the site here: it holds the project")
    _refuse_sources_and_blockers(target, root, shown=shown, what="the site")
    if target.exists() and not target.is_dir():
        raise ReaderError.single(shown, 0, "refusing to write the site here: it is a file")
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        message = (
            f"refusing to replace a folder that reader did not make (no {MARKER} file); "
            "empty it or choose another --out"
        )
        raise ReaderError.single(shown, 0, message)
    locked = _unwritable_folder(target)
    if locked is not None:
        if not locked.is_relative_to(target):  # where the site is to be made
            message = f"cannot write the site: {locked} cannot be written by this user"
            raise ReaderError.single(shown, 0, f"{message}; choose another --out")
        where = "it" if locked == target else str(out / locked.relative_to(target))
        message = (
            f"refusing to replace the site: {where} cannot be written by this user, so the "
            "old site could not be removed; fix its permissions or choose another --out"
        )
        raise ReaderError.single(shown, 0, message)


def _unwritable_folder(target: Path) -> Path | None:
    """The first folder of the old site (or the folder it is made in) that this user cannot
    change, or None.

    The old site is swapped out, then deleted: a folder this user may not write would leave
    it behind, half deleted and undeletable, beside the new one.
    """
    mode = os.W_OK | os.X_OK
    effective = os.access in os.supports_effective_ids
    parent = next((p for p in target.parents if p.exists()), target.parent)
    if not os.access(parent, mode, effective_ids=effective):
        return parent
    folders = [target] if target.is_dir() and not target.is_symlink() else []
    while folders:
        folder = folders.pop()
        if not os.access(folder, mode, effective_ids=effective):
            return folder
        with os.scandir(folder) as entries:
            folders.extend(
                Path(entry.path) for entry in entries if entry.is_dir(follow_symlinks=False)
            )
    return None


def write_site(
    files: Iterable[tuple[str, bytes | None]],
    out: Path,
    *,
    project: Path,
    finish: Finish | None = None,
) -> WriteReport:
    """Write `files` (site path, bytes) as the new content of `out`, all or nothing.

    Bytes of None keep the previous build's file at that path, unread (the caller knows it is
    still right); it must be there.

    Files are written as they arrive, so a large site is never held in memory whole; if the
    iterable raises, the staging folder is dropped and `out` is left as it was. A file whose
    bytes equal the previous build's is hard-linked from it instead, so it keeps its mtime and
    an upload tool sees it unchanged. `finish`, if given, runs on the complete staging folder
    before the swap, told which files were written with new bytes and where the previous
    build is (if any); it may add files, which it reports. If it raises, nothing is swapped
    in either.
    """
    check_output_dir(out, project=project)
    try:
        return _write(files, out.resolve(), finish)
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        message = f"cannot write the site: {exc.strerror or exc}{where}"
        raise ReaderError.single(str(out), 0, message) from None


def _write(
    files: Iterable[tuple[str, bytes | None]],
    target: Path,
    finish: Finish | None,
) -> WriteReport:
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging = _new_folder(target.parent, f".{target.name}.staging-{os.getpid()}-")
    previous = target if (target / MARKER).is_file() else None
    written: set[str] = set()
    fresh: set[str] = set()  # written with bytes the previous build did not have there
    size = unchanged = 0
    try:
        for name, data in files:
            if name in written:
                raise ValueError(f"two files would be written to {name!r}")
            relative = _safe_relative(name)
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                size += _keep_as_is(previous, relative, path)
                unchanged += 1
            elif previous is not None and _keep(previous / relative, data, path):
                unchanged += 1
                size += len(data)
            else:
                path.write_bytes(data)
                size += len(data)
                fresh.add(name)
            written.add(name)
        added = finish(staging, fresh, previous) if finish is not None else WriteReport(0, 0)
        if finish is not None and previous is not None:
            unchanged += added.unchanged + _keep_added(staging, previous, added)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        _swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(
        len(written) + added.files, size + added.size, unchanged, warnings=added.warnings
    )


def _keep_as_is(previous: Path | None, relative: PurePosixPath, new: Path) -> int:
    """Link the previous build's file at `relative` to `new`; return its size."""
    old = previous / relative if previous is not None else None
    if old is None or not old.is_file():
        raise ValueError(f"{relative} was to be kept from the previous build, which has none")
    _link(old, new)
    return new.stat().st_size


def _keep(old: Path, data: bytes, new: Path) -> bool:
    """Link `old` to `new` if it holds exactly `data`; False if it does not."""
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
    except OSError:
        return False
    _link(old, new)
    return True


def _link(old: Path, new: Path) -> None:
    """Make `new` the same file as `old`: a hard link, so it keeps its mtime."""
    try:
        os.link(old, new)
    except OSError:  # a file system without hard links
        shutil.copy2(old, new)


def _keep_added(staging: Path, previous: Path, added: WriteReport) -> int:
    """Hard-link the files `finish` added (in `added.folders`, but for those it already took
    from the previous build) that equal the previous build's; return how many."""
    kept = 0
    for folder in added.folders:
        for root, folders, names in os.walk(staging / folder):
            here = Path(root)
            relative = here.relative_to(staging).as_posix()
            folders[:] = sorted(f for f in folders if f"{relative}/{f}" not in added.kept)
            for name in sorted(names):
                linked = here / f".{name}.kept"
                old = previous / relative / name
                if _keep(old, (here / name).read_bytes(), linked):
                    linked.replace(here / name)
                    kept += 1
    return kept


def remove_leftovers(target: Path) -> None:
    """Clear what builds killed before they finished left beside the output folder."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:staging|old)-(\d+)-")
    if not target.parent.is_dir():
        return
    for path in sorted(target.parent.iterdir()):
        match = pattern.match(path.name)
        if not match or not path.is_dir() or _process_alive(int(match.group(1))):
            continue
        if ".old-" in path.name and not target.exists() and (path / MARKER).is_file():
            path.rename(target)  # a swap without renameat2 was cut between its two renames
        else:
            shutil.rmtree(path, ignore_errors=True)


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"site path escapes the output folder: {name!r}")
    return path


def _swap_in(staging: Path, target: Path) -> None:
    """Put `staging` at `target`; afterwards `staging` holds the old output (if any)."""
    if not target.exists():
        staging.rename(target)
        staging.mkdir()
        return
    if _exchange(staging, target):
        return
    old = _new_folder(target.parent, f".{target.name}.old-{os.getpid()}-")
    old.rmdir()
    target.rename(old)
    staging.rename(target)
    old.rename(staging)


def _new_folder(parent: Path, prefix: str) -> Path:
    """Make a folder of a new name in `parent`, with the modes the umask gives a folder.

    Not tempfile.mkdtemp: its folders are private (0700), and the staging folder becomes the
    site, which a web server running as another user must be able to read.
    """
    while True:
        path = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def check_output_file(out: Path, *, project: Path, what: str) -> None:
    """Refuse a file to write that is a folder or lies inside the project's sources."""
    target, shown = out.resolve(), str(out)
    _refuse_sources_and_blockers(target, project.resolve(), shown=shown, what=what)
    if target.is_dir():
        raise ReaderError.single(shown, 0, f"refusing to write {what} here: it is a folder")


def _refuse_sources_and_blockers(target: Path, root: Path, *, shown: str, what: str) -> None:
    """Refuse to write `what` at `target` inside the project's sources, or under a file."""
    for name in PROTECTED:
        if target.is_relative_to(root / name):
            raise ReaderError.single(shown, 0, f"refusing to write {what} inside {name}/")
    blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise ReaderError.single(shown, 0, f"cannot write {what}: {blocker} is a file")


def write_file(out: Path, data: bytes) -> None:
    """Write `data` as `out`, all or nothing: into a hidden file beside it, then renamed over
    it, so a failed or interrupted write leaves the previous file as it was."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.parent / f".{out.name}.{secrets.token_hex(4)}.tmp"
    try:
        with temporary.open("xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
