"""`reader serve` in a subprocess, for the tests: start it, talk to it, stop it.

Every server binds 127.0.0.1 on a free port; `Server.stop` interrupts it as Ctrl-C does and
kills it if it does not stop in time. `serve_in_thread` runs the same server in a thread of the
test's own process instead, for the settings a test shortens (the idle timeout), and stops it
when its block ends. Waits are bounded: what waits too long fails.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

from html_tree import Element, parse_html
from reader.serve import DevServer, Preview, site_url

T = TypeVar("T")
WAIT_SECONDS = 30.0


@dataclass
class Server:
    """A `reader serve` subprocess and everything it has printed so far."""

    process: subprocess.Popen[str]
    url: str = ""
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].strip("/"))

    def get(
        self, path: str, *, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        """GET `path` exactly as given (no normalising); return status, headers, body."""
        return get(self.port, path, headers=headers)

    def page(self, path: str) -> Element:
        status, _, body = self.get(path)
        assert status == 200, body
        return parse_html(body)

    def stop(self) -> int:
        """Interrupt as Ctrl-C does; kill if it does not stop in time. Return the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(timeout=WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail("reader serve did not stop on Ctrl-C")
        return self.process.returncode


@dataclass
class ThreadServer:
    """A `DevServer` serving in a thread of this process, and the preview it serves."""

    server: DevServer
    preview: Preview
    log: list[tuple[str, str]]

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def get(
        self, path: str, *, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        """GET `path` exactly as given (no normalising); return status, headers, body."""
        return get(self.port, path, headers=headers)


@contextmanager
def serve_in_thread(
    project: Path, out: Path, server_class: type[DevServer] = DevServer
) -> Iterator[ThreadServer]:
    """Build `project` into `out` and serve it from a thread until the block ends."""
    server = server_class(("127.0.0.1", 0))
    log: list[tuple[str, str]] = []
    url = site_url("127.0.0.1", int(server.server_address[1]))
    preview = Preview(
        project, out, drafts=False, base_url=url, log=lambda kind, text: log.append((kind, text))
    )
    server.preview = preview
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    try:
        assert preview.rebuild().built, log
        thread.start()
        yield ThreadServer(server, preview, log)
    finally:
        preview.close()  # ends open event streams
        if thread.is_alive():
            server.shutdown()
            thread.join(timeout=WAIT_SECONDS)
        server.server_close()


def get(
    port: int, path: str, *, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    """GET `path` from 127.0.0.1:`port` exactly as given; return status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT_SECONDS)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def wait_for(check: Callable[[], T | None], what: str) -> T:
    """Poll `check` until it returns something, or fail after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        result = check()
        if result is not None and result is not False:
            return result
        time.sleep(0.05)
    pytest.fail(f"gave up waiting for {what}")


def _ctrl_c_as_in_a_terminal() -> None:
    """In the child: take Ctrl-C (SIGINT) as a command started from a terminal does, even
    when the tests run where it is ignored (a job started in the background by a script),
    since Python keeps SIGINT ignored if it starts so, and `stop` sends it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def launch(project: Path, temporary: Path, *args: str) -> Server:
    """Start `reader serve` on `project`, its temporary files in `temporary`; wait until ready."""
    temporary.mkdir()
    command = [sys.executable, "-m", "reader", "serve", "--project", str(project), "--port", "0"]
    process = subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(temporary)},
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    server = Server(process)
    for stream, sink in ((process.stdout, server.stdout), (process.stderr, server.stderr)):
        threading.Thread(target=_drain, args=(stream, sink), daemon=True).start()

    def serving() -> str | None:
        if process.poll() is not None:
            pytest.fail(f"reader serve exited: {server.stderr}")
        found = [line for line in server.stdout if line.startswith("reader: serving ")]
        return found[0].split()[2] if found else None

    try:
        server.url = wait_for(serving, "reader serve to start")
    except BaseException:
        server.stop()
        raise
    return server


def _drain(stream: Iterable[str], sink: list[str]) -> None:
    for line in stream:
        sink.append(line.rstrip("\n"))
