"""Worker processes forked from the build, sharing what it has loaded instead of receiving it.

A forked child starts at once with every module imported and the build's data in reach
(copy-on-write), so nothing is imported again or pickled to it; only results come back. The
collector is frozen meanwhile: walking the shared objects would write to each of them, and
each child would copy them all. Forking is safe only from a single-threaded process (a lock
held by another thread would stay held in the child), so callers check `can_fork()` and
otherwise work another way.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .interrupts import ctrl_c_left_to_us

if TYPE_CHECKING:
    from multiprocessing.pool import Pool


def can_fork() -> bool:
    import multiprocessing  # here, not above: a small build never needs it

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@contextlib.contextmanager
def forked_pool(workers: int) -> Iterator[Pool]:
    """A pool of `workers` children forked now; leaving the block (even by Ctrl-C or an error)
    stops them at once."""
    import multiprocessing

    gc.freeze()
    try:
        with ctrl_c_left_to_us():
            pool = multiprocessing.get_context("fork").Pool(workers)
        with pool:
            yield pool
    finally:
        gc.unfreeze()
