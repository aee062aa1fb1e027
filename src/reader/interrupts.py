"""Ctrl-C, met once and quietly: while modules load, and in worker processes.

A KeyboardInterrupt raised in the middle of an import can leave a class half made, and Python
may report it as another error; so while modules load, Ctrl-C is noted and raised once they
have. Ctrl-C in a terminal reaches every process of the foreground group, workers included;
a worker that took it would print a traceback of its own (or, if it was still starting,
Python's fatal start-up error) over the build's one-line message. So workers are started
ignoring it, which they keep (an ignored signal stays ignored across fork and exec); the
building process takes Ctrl-C as before once they are started, and stops them itself.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Run the body (imports) without interruption; raise KeyboardInterrupt after it if Ctrl-C
    came meanwhile."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    handler = signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler if handler is not None else signal.SIG_DFL)
    if pressed:
        raise KeyboardInterrupt


@contextlib.contextmanager
def ctrl_c_left_to_us() -> Iterator[None]:
    """Start processes in the body that ignore SIGINT; one sent to this process meanwhile is
    held back (blocked, so not lost) and delivered, as KeyboardInterrupt, once the body ends."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may change handlers, and only it is sent KeyboardInterrupt
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    # Linux keeps a blocked signal pending even while it is ignored.
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler if handler is not None else signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
