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
import os
import pickle
import selectors
import signal
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

from .interrupts import ctrl_c_left_to_us

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    import multiprocessing  # here, not above: a small build never needs it

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@contextlib.contextmanager
def forked_pool(workers: int) -> Iterator[ForkedPool]:
    """A pool of `workers` children forked now; leaving the block (even by Ctrl-C or an error)
    stops them at once."""
    gc.freeze()
    try:
        with ctrl_c_left_to_us():
            pool = ForkedPool(workers)
        try:
            yield pool
        finally:
            pool.stop()
    finally:
        gc.unfreeze()


class ForkedPool:
    """Children that each run whatever function they are given on the items sent to them.

    Not multiprocessing.Pool: its children share locks around the pipes to the parent, and
    stopping it while a child holds one (a child writing a large result when Ctrl-C comes)
    waits for ever. Here each child has two pipes of its own, is sent one item at a time as it
    asks for one, and stopping is killing: nothing is shared, so nothing can be left held.
    """

    def __init__(self, workers: int) -> None:
        self._children: list[_Child] = []
        try:
            for _ in range(workers):
                self._children.append(_Child.fork())
        except BaseException:
            self.stop()
            raise

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return list(self.imap(function, items))

    def imap(self, function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """`function` of each item, in the order of `items`, computed by the children."""
        for child in self._children:
            child.send(("call", function))
        done: dict[int, R] = {}
        sent = 0
        idle = list(self._children)
        with selectors.DefaultSelector() as selector:
            for child in self._children:
                selector.register(child.results, selectors.EVENT_READ, child)
            for position in range(len(items)):
                while position not in done:
                    while idle and sent < len(items):
                        idle.pop().send(("item", sent, items[sent]))
                        sent += 1
                    for key, _ in selector.select():
                        child = key.data
                        index, outcome, value = child.receive()
                        idle.append(child)
                        if outcome == "raised":
                            raise value
                        done[index] = value
                yield done.pop(position)

    def stop(self) -> None:
        """Kill every child and wait for it: nothing is left running, nothing is left held."""
        for child in self._children:
            child.kill()
        self._children.clear()


@dataclass(slots=True)
class _Child:
    pid: int
    tasks: BinaryIO
    results: BinaryIO

    @classmethod
    def fork(cls) -> _Child:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: serve, and never return into the parent's code
            code = 1
            try:
                os.close(task_write)
                os.close(result_read)
                _serve(os.fdopen(task_read, "rb"), os.fdopen(result_write, "wb"))
                code = 0
            finally:
                os._exit(code)
        os.close(task_read)
        os.close(result_write)
        return cls(pid, os.fdopen(task_write, "wb"), os.fdopen(result_read, "rb"))

    def send(self, message: tuple[object, ...]) -> None:
        _write(self.tasks, message)

    def receive(self) -> tuple[int, str, Any]:
        message = _read(self.results)
        if message is None:
            raise ChildProcessError(f"a worker process ({self.pid}) ended unexpectedly")
        index, outcome, value = message
        return index, outcome, value

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        for stream in (self.tasks, self.results):
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _serve(tasks: BinaryIO, results: BinaryIO) -> None:
    """A child's loop: take the function, then items, answering each with its result."""
    function: Callable[[Any], Any] | None = None
    while (message := _read(tasks)) is not None:
        if message[0] == "call":
            function = message[1]
            continue
        _, index, item = message
        assert function is not None, "an item came before its function"
        try:
            _write(results, (index, "returned", function(item)))
        except Exception as exc:  # the parent raises it, as if it had called the function
            _write(results, (index, "raised", exc))


_LENGTH = struct.Struct("!Q")


def _write(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _read(stream: BinaryIO) -> Any:
    """The next message, or None at the end of the stream."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(header)
    data = stream.read(length)
    if len(data) < length:
        return None
    return pickle.loads(data)
