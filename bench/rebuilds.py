"""What a rebuild rewrote: snapshots of an output folder and the edits reader is timed on."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every file of an output folder: (mtime_ns, digest), and the files holding each needle."""

    files: dict[str, tuple[int, bytes]]
    hits: tuple[frozenset[str], ...]


@dataclass(frozen=True, slots=True)
class Rewrite:
    """How a rebuild touched the output's pages (HTML files), compared with the snapshot before.

    Other files (a search index, static files) are only counted: which of them depend on an
    article is the generator's business.
    """

    files: int  # pages in the output after the rebuild
    rewritten: int  # pages written: mtime changed, or added, or removed
    changed: int  # pages whose bytes changed, or added, or removed
    needless: int  # pages rewritten with the bytes they already had
    outside: int  # pages rewritten that are neither its page nor a page that links to it
    stale: int  # pages that link to the article but do not show its new title (title edit)
    other_files: int = 0  # files in the output that are not pages
    other_changed: int = 0  # of those, the ones written, added or removed
    examples: tuple[str, ...] = ()  # a few of the pages counted as needless, outside or stale


def snapshot(out: Path, needles: Sequence[bytes] = ()) -> Snapshot:
    """Stat and hash every file under `out`, noting which files contain each needle."""
    files: dict[str, tuple[int, bytes]] = {}
    hits: list[set[str]] = [set() for _ in needles]
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder, name)
            data = path.read_bytes()
            relative = path.relative_to(out).as_posix()
            files[relative] = (path.stat().st_mtime_ns, hashlib.blake2b(data).digest())
            for found, needle in zip(hits, needles, strict=True):
                if needle in data:
                    found.add(relative)
    return Snapshot(files, tuple(frozenset(found) for found in hits))


def compare(
    before: Snapshot,
    after: Snapshot,
    *,
    dependents: frozenset[str],
    must_show: frozenset[str] = frozenset(),
    shown: frozenset[str] = frozenset(),
) -> Rewrite:
    """Count what changed between two snapshots.

    `dependents` are the pages allowed to change (the article's page and those linking to it);
    every page of `must_show` should be among `shown` (the pages holding the new title).
    """
    # The generator's own bookkeeping at the top (reader's `.reader-site` marker) is no page.
    every = {p for p in before.files.keys() | after.files.keys() if not p.startswith(".")}
    rewritten_all = {
        p
        for p in every
        if p not in before.files or p not in after.files or before.files[p][0] != after.files[p][0]
    }
    pages = {p for p in every if p.endswith(".html")}
    rewritten = rewritten_all & pages
    changed = {p for p in pages if _digest(before, p) != _digest(after, p)}
    needless, outside, stale = rewritten - changed, rewritten - dependents, must_show - shown
    others = every - pages
    return Rewrite(
        files=len(pages & after.files.keys()),
        rewritten=len(rewritten),
        changed=len(changed),
        needless=len(needless),
        outside=len(outside),
        stale=len(stale),
        other_files=len(others & after.files.keys()),
        other_changed=len(rewritten_all & others),
        examples=tuple(sorted(needless | outside | stale)[:3]),
    )


def _digest(snap: Snapshot, path: str) -> bytes | None:
    entry = snap.files.get(path)
    return entry[1] if entry else None


def differing_files(first: Path, second: Path) -> list[str]:
    """The relative paths whose bytes differ between two output folders (or exist in one)."""
    a, b = snapshot(first), snapshot(second)
    return sorted(p for p in a.files.keys() | b.files.keys() if _digest(a, p) != _digest(b, p))


_BODY_START = re.compile(r"\A---\n.*?\n---\n\n", re.DOTALL)
_TITLE = re.compile(r"^title: .*$", re.MULTILINE)


def edit_body(text: str, *, mark: str) -> str:
    """Add a sentence at the start of the article's first paragraph."""
    match = _BODY_START.match(text)
    if match is None:
        raise ValueError("no front matter followed by a blank line")
    return text[: match.end()] + f"{mark} " + text[match.end() :]


def edit_title(text: str, *, title: str) -> str:
    """Replace the article's title."""
    edited, count = _TITLE.subn(f'title: "{title}"', text, count=1)
    if count != 1:
        raise ValueError("no title line")
    return edited
