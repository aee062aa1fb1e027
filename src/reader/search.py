"""Full-text search: Pagefind indexes the staged site before it is swapped in.

Pagefind is a separate program (the `pagefind-bin` package ships it). It reads written HTML
and makes a bundle: an index, and the WebAssembly engine and `pagefind.js` that search it. The
index is made in shards, each a bundle of its own under `pagefind/`: the site's own pages in
one, the articles in runs of whole years (`plan_shards`). The search page
(`search/index.html`) loads the first bundle with the site's own `static/search.js` and merges
the others into it; no other page has a script. Shards bound the memory Pagefind needs by the
largest of them, run side by side on as many processors as there are, and let a rebuild keep
the bundle of every shard whose pages did not change.

Where the program cannot run at all (no build of it for this platform, a file system that will
not execute it), the site is still built: every other page works without search, so this is a
warning, and the search page says the index is missing. Where it runs and fails, the build
fails: a broken index must not replace a good site. Pagefind also exits 0 when its writes
fail (a full disk leaves its files empty or cut short), so every file it writes is read back
before the swap. The one part of Pagefind's output that differs from run to run, the order of
its filters, is put in order (pagefind_index.py).
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReaderError
from .output import WriteReport
from .pagefind_index import (
    ENTRY,
    MODULE,
    IncompleteIndex,
    apply_rewrite,
    check_bundle,
    plan_filter_order,
)

if TYPE_CHECKING:
    from .site import Site

SEARCH = "search/index.html"
BUNDLE = "pagefind"
# Each shard of the index is a bundle of its own, at pagefind/<name>/; the site's own pages are
# the first, and articles follow in runs of whole years of at most this many.
SITE_SHARD = "site"
SHARD_ARTICLES = 500
# Where a shard's pages are gathered for Pagefind, inside the staging folder, until it is done.
SHARD_INPUTS = ".search-pages"
# What Pagefind reads even inside an ignored element: filters, metadata, sorts...
_READ_INSIDE_IGNORED = re.compile(rb"\sdata-pagefind-(?!ignore[\s=>/])")
# Elements that have no end tag.
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())
# An element's opening tag that asks Pagefind to skip it.
_IGNORED = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)\b[^>]*?\sdata-pagefind-ignore(?=[\s=>/])[^>]*>")
# The search page alone may run its own scripts and WebAssembly, and fetch the index from its
# own origin; everything else is as strict as on the other pages.
SEARCH_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
    "style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'"
)
# Pagefind writes ready-made interfaces beside its API; the search page uses the API only, and
# runs it without a worker (so one policy covers all of it), so these are not shipped.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)
PROBE_SECONDS = 30
INDEX_SECONDS = 600
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Indexer:
    """A Pagefind program that answered `--version`, and its answer."""

    executable: Path
    version: str = ""


@dataclass(frozen=True, slots=True)
class Shard:
    """Pages that one Pagefind bundle indexes, at `pagefind/<name>/`.

    The search page loads the first shard's bundle, whose `engine` (Pagefind's module and
    WebAssembly) runs the search, and merges the others into it.
    """

    name: str
    pages: tuple[str, ...]
    engine: bool = False

    @property
    def folder(self) -> str:
        return f"{BUNDLE}/{self.name}"

    def key(self, indexer: Indexer) -> str:
        """What the shard's bundle depends on besides the bytes of its pages."""
        parts = [self.name, str(self.engine), *self.pages, str(indexer.executable), indexer.version]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def search_shards(site: Site) -> tuple[Shard, ...]:
    """The shards of the index of `site`, which holds every page search lists."""
    listed = [page for page in site.pages if page.listed]
    articles = [(p.article.entry.article.published.year, p.path) for p in listed if p.article]
    others = [p.path for p in listed if p.article is None]
    return plan_shards(articles, others, size=SHARD_ARTICLES)


def plan_shards(
    articles: Sequence[tuple[int, str]], others: Sequence[str], *, size: int = SHARD_ARTICLES
) -> tuple[Shard, ...]:
    """Split the pages search lists into shards: the site's own pages (`others`) in one, and
    the article pages (year, page, in date order) in runs of whole years of at most `size`
    articles; a year with more has shards of its own, of `size` articles in date order.

    Whole years keep an article in its shard while only its text changes, so an edit re-indexes
    one shard; `size` bounds the memory Pagefind takes for one.
    """
    shards: list[Shard] = [Shard(SITE_SHARD, tuple(others))] if others else []
    by_year: dict[int, list[str]] = {}
    for year, page in articles:
        by_year.setdefault(year, []).append(page)
    run: list[int] = []

    def close_run() -> None:
        if run:
            name = f"articles-{run[0]}" + (f"-to-{run[-1]}" if len(run) > 1 else "")
            shards.append(Shard(name, tuple(p for y in run for p in by_year[y])))
            run.clear()

    for year in sorted(by_year):
        pages = by_year[year]
        if len(pages) > size:
            close_run()
            for part, start in enumerate(range(0, len(pages), size), start=1):
                shards.append(
                    Shard(f"articles-{year}-part-{part}", tuple(pages[start : start + size]))
                )
            continue
        if sum(len(by_year[y]) for y in run) + len(pages) > size:
            close_run()
        run.append(year)
    close_run()
    if shards:
        shards[0] = replace(shards[0], engine=True)
    return tuple(shards)


def find_pagefind() -> Path | None:
    """The Pagefind program shipped by the `pagefind-bin` package, if it is installed, as that
    package's own `get_executable` finds it."""
    try:
        import pagefind_bin  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        return Path(pagefind_bin.get_executable())
    except (FileNotFoundError, OSError):
        return None


def prepare_indexer(executable: Path | None) -> tuple[Indexer | None, str | None]:
    """Check that `executable` runs; return it, or None and a warning saying why not."""
    consequence = (
        "the site was built without a search index, and its search page says so. "
        "Install reader's dependencies (the 'pagefind-bin' package) on a platform it supports"
    )
    if executable is None:
        return None, f"search: Pagefind is not installed; {consequence}"
    try:
        result = _run([str(executable), "--version"], timeout=PROBE_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"search: Pagefind ({executable}) cannot run: {_reason(exc)}; {consequence}"
    if result.returncode != 0 or not result.stdout.startswith("pagefind"):
        detail = _last_line(result.stderr or result.stdout) or f"exit status {result.returncode}"
        return None, f"search: Pagefind ({executable}) cannot run: {detail}; {consequence}"
    return Indexer(executable, result.stdout.strip()), None


def index_site(
    folder: Path,
    fresh: Collection[str],
    previous: Path | None,
    *,
    indexer: Indexer,
    shards: Sequence[Shard],
    reusable: Collection[str] = (),
) -> WriteReport:
    """Index the pages of each shard under `folder` into its bundle, `folder/pagefind/<name>`;
    raise ReaderError if Pagefind fails.

    A shard named in `reusable` (its key is the one the `previous` build's bundle was made
    with) none of whose pages is among `fresh` (the pages written with new bytes) keeps the
    previous build's bundle, linked, not made again. The others are indexed by Pagefind, as
    many at once as there are processors, each from a folder holding only its pages.
    """
    kept = [
        s
        for s in shards
        if s.name in reusable
        and previous is not None
        and (previous / s.folder).is_dir()
        and not any(page in fresh for page in s.pages)
    ]
    todo = [s for s in shards if s not in kept]
    (folder / BUNDLE).mkdir()
    unchanged = sum(_link_tree(previous / s.folder, folder / s.folder) for s in kept if previous)
    inputs = folder / SHARD_INPUTS
    try:
        jobs = [(s, folder, inputs / s.name, folder / s.folder) for s in todo]
        failures = _index_shards(indexer, jobs)
    finally:
        shutil.rmtree(inputs, ignore_errors=True)
    warnings: list[str] = []
    for shard, failure in zip(todo, failures, strict=True):
        if failure is not None:
            raise ReaderError.single(BUNDLE, 0, f"search index failed: {failure}")
        warning = _finish_bundle(folder / shard.folder, shard)
        if warning is not None and warning not in warnings:
            warnings.append(warning)
    files = [p for p in (folder / BUNDLE).rglob("*") if p.is_file()]
    return WriteReport(
        files=len(files),
        size=sum(p.stat().st_size for p in files),
        unchanged=unchanged,
        warnings=tuple(warnings),
        folders=(BUNDLE,),
        kept=tuple(s.folder for s in kept),
    )


def _gather(site: Path, shard: Shard, into: Path) -> None:
    """Make `into` a folder of the shard's pages, at the paths they have in the site, each
    without the elements Pagefind would skip (see `indexed_part`)."""
    for page in shard.pages:
        target = into / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(indexed_part((site / page).read_bytes()))


def indexed_part(html: bytes) -> bytes:
    """`html` without its elements marked `data-pagefind-ignore`, which Pagefind parses only
    to skip: the same index from a third of the bytes (an article page of the bench corpus:
    33 KB, 11 KB without them), for a quarter less of Pagefind's time.

    An element is cut from its opening tag to the end tag that balances it, counting the
    tags of its name between; one holding any other `data-pagefind-` attribute (a filter or
    metadata, which Pagefind still reads in an ignored element) is kept, and so is all of
    `html` if an element's end is not found.
    """
    kept: list[bytes] = []
    position = 0
    for opening in _IGNORED.finditer(html):
        if opening.start() < position:  # inside an element already cut
            continue
        name = opening.group(1).lower()
        end = opening.end() if name in _VOID else _element_end(html, name, opening.end())
        if end is None:
            return html
        if _READ_INSIDE_IGNORED.search(html, opening.end(), end):
            continue
        kept.append(html[position : opening.start()])
        position = end
    if not kept:
        return html
    kept.append(html[position:])
    return b"".join(kept)


def _element_end(html: bytes, name: bytes, start: int) -> int | None:
    """Where the element `name` opened just before `start` ends, past its end tag."""
    depth = 1
    for tag in _tags(name).finditer(html, start):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.end()
        elif not tag.group(0).endswith(b"/>"):
            depth += 1
    return None


@functools.lru_cache(maxsize=32)
def _tags(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s>/])[^>]*>", re.IGNORECASE)


def _link_tree(old: Path, new: Path) -> int:
    """Make `new` a copy of the folder `old` whose files are its files, linked; return how
    many files it holds."""
    count = 0
    for root, _, names in os.walk(old):
        target = new / Path(root).relative_to(old)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(Path(root) / name, target / name)
            except OSError:
                shutil.copy2(Path(root) / name, target / name)
            count += 1
    return count


def _index_shards(
    indexer: Indexer, jobs: Sequence[tuple[Shard, Path, Path, Path]]
) -> list[str | None]:
    """Gather the pages of each (shard, the site, a folder for its pages, its bundle) and run
    Pagefind on them, a few shards at once; return for each what went wrong, or None."""
    running: list[subprocess.Popen[str]] = []
    lock = threading.Lock()

    def index(job: tuple[Shard, Path, Path, Path]) -> str | None:
        shard, site, pages, bundle = job
        _gather(site, shard, pages)  # while Pagefind indexes the shard before
        command = [
            str(indexer.executable),
            "--site",
            ".",
            "--output-path",
            str(bundle),
            "--keep-index-url",
            "--silent",
        ]
        try:
            with lock:
                process = _start(command, cwd=pages)
                running.append(process)
        except OSError as exc:
            return f"{_reason(exc)} ({shard.folder})"
        try:
            out, err = process.communicate(timeout=INDEX_SECONDS)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            process.communicate()
            return f"{_reason(exc)} ({shard.folder})"
        if process.returncode != 0:
            detail = _last_line(err or out) or f"exit status {process.returncode}"
            return f"{detail} ({shard.folder})"
        if not (bundle / ENTRY).is_file():
            return f"Pagefind wrote no {shard.folder}/{ENTRY}"
        return None

    pool = ThreadPoolExecutor(max_workers=max(1, min(len(jobs), _processors())))
    try:
        return list(pool.map(index, jobs))
    except BaseException:
        with lock:
            for process in running:
                process.kill()
        raise
    finally:
        pool.shutdown(wait=True)


def _processors() -> int:
    """How many processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _finish_bundle(bundle: Path, shard: Shard) -> str | None:
    """Check the bundle Pagefind wrote, drop what the search page does not load, put its
    filters in order; return a warning if its layout is one reader does not know."""
    warning = _check_index(bundle, shard)
    unused = UNUSED_BUNDLE_FILES if shard.engine else (*UNUSED_BUNDLE_FILES, MODULE)
    for name in unused:
        (bundle / name).unlink(missing_ok=True)
    if not shard.engine:
        for path in bundle.glob("wasm.*.pagefind"):
            path.unlink()
    return warning or _order_filters(bundle)


def _check_index(bundle: Path, shard: Shard) -> str | None:
    """Fail unless every file Pagefind wrote is whole and every file its index names is there;
    return a warning if the names could not be read."""
    try:
        check_bundle(bundle, shown=shard.folder, engine=shard.engine)
    except IncompleteIndex as exc:
        raise ReaderError.single(BUNDLE, 0, f"search index failed: {exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        return _unknown_layout(exc, "the files it names were not checked and ")
    return None


def _order_filters(bundle: Path) -> str | None:
    """Put the index's filters in sorted order; return a warning if its layout is unknown."""
    try:
        rewrite = plan_filter_order(bundle)
    except (ValueError, KeyError, TypeError) as exc:
        return _unknown_layout(exc, "")
    apply_rewrite(rewrite)  # a write that fails fails the build, as any other would
    return None


def _unknown_layout(exc: Exception, unchecked: str) -> str:
    # Said only once every file is known to be whole: the index works, only its layout is not
    # the one this code knows (a later Pagefind's, say). A file cut short never gets here.
    return (
        f"search: Pagefind's index is laid out otherwise than reader expects ({exc}); every "
        f"file in it is whole, but {unchecked}its filters were left in Pagefind's order, so "
        "two builds of the same site may differ in pagefind/*/filter and pagefind/*/*.pf_meta"
    )


def _environment() -> dict[str, str]:
    # Pagefind also reads PAGEFIND_* variables and a pagefind.yml in its working folder: the
    # index must depend on the site alone.
    return {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}


def _start(command: Sequence[str], *, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=_dying_with_parent(),
    )


def _run(
    command: Sequence[str], *, timeout: float, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run Pagefind with no configuration but ours, and make it die with the build."""
    return subprocess.run(
        command,
        cwd=cwd if cwd is not None else Path(os.sep),
        env=_environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
        preexec_fn=_dying_with_parent(),
    )


def _dying_with_parent() -> Callable[[], None] | None:
    """A function for the child to ask Linux to kill it when the build dies.

    Without it, a build killed while Pagefind runs would leave Pagefind writing into a staging
    folder that the next build removes. Looked up here, in the parent: the child only calls it.
    """
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None  # not Linux: a killed build may leave Pagefind to finish on its own
    return functools.partial(prctl, _PR_SET_PDEATHSIG, signal.SIGKILL)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"no answer after {exc.timeout:.0f} s"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
