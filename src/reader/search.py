"""Full-text search: Pagefind indexes the staged site before it is swapped in.

Pagefind is a separate program (the `pagefind-bin` package ships it). It reads the written HTML
and adds a `pagefind/` folder: the index, its WebAssembly engine and `pagefind.js`. The search
page (`search/index.html`) loads them with the site's own `static/search.js`; no other page has
a script.

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
import importlib.util
import os
import signal
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ReaderError
from .output import WriteReport
from .pagefind_index import IncompleteIndex, apply_rewrite, check_bundle, plan_filter_order

SEARCH = "search/index.html"
BUNDLE = "pagefind"
ENTRY_POINT = f"{BUNDLE}/pagefind.js"
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
    """A Pagefind program that answered `--version`."""

    executable: Path


def find_pagefind() -> Path | None:
    """The Pagefind program shipped by the `pagefind-bin` package, if it is installed."""
    spec = importlib.util.find_spec("pagefind_bin")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    for name in ("pagefind_extended", "pagefind", "pagefind_extended.exe", "pagefind.exe"):
        if (folder / name).is_file():
            return folder / name
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
    return Indexer(executable), None


def index_site(folder: Path, indexer: Indexer) -> WriteReport:
    """Index the HTML under `folder` into `folder/pagefind`; raise ReaderError if Pagefind fails."""
    command = [
        str(indexer.executable),
        "--site",
        ".",
        "--output-subdir",
        BUNDLE,
        "--keep-index-url",
        "--silent",
    ]
    try:
        result = _run(command, cwd=folder, timeout=INDEX_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReaderError.single(BUNDLE, 0, f"search index failed: {_reason(exc)}") from None
    if result.returncode != 0:
        detail = _last_line(result.stderr or result.stdout) or f"exit status {result.returncode}"
        raise ReaderError.single(BUNDLE, 0, f"search index failed: {detail}")
    if not (folder / ENTRY_POINT).is_file():
        raise ReaderError.single(BUNDLE, 0, f"search index failed: Pagefind wrote no {ENTRY_POINT}")
    warning = _check_index(folder / BUNDLE)
    for name in UNUSED_BUNDLE_FILES:
        (folder / BUNDLE / name).unlink(missing_ok=True)
    warning = warning or _order_filters(folder / BUNDLE)
    warnings = (warning,) if warning else ()
    files = [p for p in (folder / BUNDLE).rglob("*") if p.is_file()]
    return WriteReport(
        files=len(files), size=sum(p.stat().st_size for p in files), warnings=warnings
    )


def _check_index(bundle: Path) -> str | None:
    """Fail unless every file Pagefind wrote is whole and every file its index names is there;
    return a warning if the names could not be read."""
    try:
        check_bundle(bundle)
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
        "two builds of the same site may differ in pagefind/filter and pagefind/*.pf_meta"
    )


def _run(
    command: Sequence[str], *, timeout: float, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run Pagefind with no configuration but ours, and make it die with the build."""
    # Pagefind also reads PAGEFIND_* variables and a pagefind.yml in its working folder: the
    # index must depend on the site alone.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    return subprocess.run(
        command,
        cwd=cwd if cwd is not None else Path(os.sep),
        env=environment,
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
