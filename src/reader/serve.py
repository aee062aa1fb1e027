"""`reader serve`: build the site, serve it on this machine, rebuild on every change.

The site is built into a temporary folder (never `site/`) and served from there. A watcher
thread rebuilds it when anything under content/, templates/ or seeds/ changes; open pages
learn of each build through server-sent events and reload. A build that fails leaves the last
good one in place: its pages are served with the problems laid over them, until a later build
succeeds. The reload script, its stylesheet and the event stream exist only here, added to
pages as they are served; the files that `reader build` writes never contain them.
"""

from __future__ import annotations

import errno
import mimetypes
import re
import secrets
import socket
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import watchfiles

from .build import BuildReport, build
from .errors import ReaderError
from .livereload import (
    EVENTS_PATH,
    OVERLAY_STYLE,
    RELOAD_SCRIPT,
    SCRIPT_PATH,
    STYLE_PATH,
    BuildState,
    prepare_page,
    waiting_page,
)

WATCHED = ("content", "templates", "seeds")
KEEPALIVE_SECONDS = 15.0
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

Log = Callable[[str, str], None]
"""log(kind, message), kind being 'ok', 'warning', 'problem' or 'error': the CLI shows it."""


class Preview:
    """The latest build, shared between the watcher thread and the request threads."""

    def __init__(self, project: Path, out: Path, *, drafts: bool, base_url: str, log: Log) -> None:
        self.project = project
        self.out = out
        self.drafts = drafts
        self.base_url = base_url
        self.log = log
        self._changed = threading.Condition()
        self._session = secrets.token_hex(4)
        self._state = BuildState(f"{self._session}-0", (), built=False)
        self._generation = 0
        self.closed = False

    def state(self) -> BuildState:
        with self._changed:
            return self._state

    def rebuild(self, reason: str | None = None) -> BuildState:
        """Build again; on failure keep the last good site and record why. Never raises."""
        problems: tuple[str, ...] = ()
        try:
            report = build(self.project, self.out, base_url=self.base_url, drafts=self.drafts)
        except ReaderError as exc:
            problems = tuple(str(problem) for problem in exc.problems)
        except Exception as exc:  # a bad edit must never stop the server
            problems = (f"internal error: {type(exc).__name__}: {exc}",)
        with self._changed:
            self._generation += 1
            fixed = bool(self._state.problems) and not problems
            built = self._state.built or not problems
            self._state = BuildState(f"{self._session}-{self._generation}", problems, built)
            self._changed.notify_all()
        if problems:
            for problem in problems:
                self.log("problem", problem)
            kept = "showing the last good build" if built else "nothing to show until it builds"
            self.log("error", f"build failed; {kept}, with the problems on top")
        else:
            for warning in report.warnings:
                self.log("warning", warning)
            self.log("ok", ("fixed: " if fixed else "") + _built_message(report, reason))
        return self.state()

    def wait_for_build(self, token: str, timeout: float) -> BuildState:
        """Wait until a build newer than `token` is done, the server closes, or time runs out."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self._state.token != token, timeout)
            return self._state

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def _built_message(report: BuildReport, reason: str | None) -> str:
    why = f" ({reason})" if reason else ""
    return f"built {report.pages} pages in {report.seconds:.2f} s{why}"


@dataclass(frozen=True, slots=True)
class Located:
    """Where a request path leads: a file (200), a redirect (301), or nowhere (403, 404)."""

    status: int
    file: Path | None = None
    location: str | None = None


def locate_file(root: Path, url_path: str) -> Located:
    """Map a request's path onto a file under `root`, refusing anything that leaves it."""
    decoded = unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return Located(403)
    parts = decoded.split("/")
    if ".." in parts:
        return Located(403)
    names = [part for part in parts if part not in ("", ".")]
    if any(name.startswith(".") for name in names):
        return Located(404)  # the build's marker file and the like are not part of the site
    real_root = root.resolve()
    try:
        real = real_root.joinpath(*names).resolve()
    except (OSError, RuntimeError):
        return Located(404)
    if not real.is_relative_to(real_root):
        return Located(403)
    if real.is_dir():
        if not url_path.endswith("/"):
            return Located(301, location=url_path + "/")  # so the page's relative links work
        real = real / "index.html"
    return Located(200, file=real) if real.is_file() else Located(404)


class DevServer(ThreadingHTTPServer):
    """Serves one preview; every request thread is a daemon, so stopping never waits on one."""

    daemon_threads = True
    block_on_close = False
    # The default backlog of 5 drops a burst's connections (a page's assets, a link checker),
    # and each dropped client waits 1 s, 3 s, 7 s... to try again. 300 at once overflow 128
    # too; 1024 answers 1,000 at once without a retry. Linux caps it at net.core.somaxconn.
    request_queue_size = 1024
    # A read or write that waits this long on the client closes the connection, so a client
    # that connects and sends nothing does not hold a thread forever. The event stream reads
    # nothing after its request and waits for builds on the preview, so it stays open.
    idle_timeout = 30.0

    def __init__(self, address: tuple[str, int], preview: Preview | None = None) -> None:
        super().__init__(address, RequestHandler)
        self.preview = preview

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        connection.settimeout(self.idle_timeout)
        return connection, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return  # a browser closed a tab or a stream: nothing went wrong here
        if self.preview is not None:
            self.preview.log("warning", f"could not answer a request: {error!r}")


class RequestHandler(BaseHTTPRequestHandler):
    """GET and HEAD for the built site, plus the reload script, its stylesheet and events."""

    server: DevServer

    def version_string(self) -> str:
        return "reader-serve"

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not every request

    def _answer(self, *, head: bool) -> None:
        preview = self.server.preview
        assert preview is not None
        path = request_path(self.path)
        if path is None:
            self._send(400, b"bad request target\n", "text/plain", head=head)
        elif not self._host_allowed():
            self._send(
                403, b"this server answers only to its own address\n", "text/plain", head=head
            )
        elif path == EVENTS_PATH:
            self._stream_events(preview, head=head)
        elif path == SCRIPT_PATH:
            self._send(200, RELOAD_SCRIPT.encode(), "text/javascript", head=head)
        elif path == STYLE_PATH:
            self._send(200, OVERLAY_STYLE.encode(), "text/css", head=head)
        else:
            self._send_site_file(preview, path, head=head)

    def _host_allowed(self) -> bool:
        """Refuse requests made to another name (DNS rebinding) when bound to loopback."""
        bound = self.server.server_address[0]
        if str(bound) not in LOOPBACK_NAMES:
            return True
        host = self.headers.get("Host")
        if host is None:
            return True
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.lower() in LOOPBACK_NAMES

    def _send_site_file(self, preview: Preview, path: str, *, head: bool) -> None:
        state = preview.state()
        if not state.built:
            page = waiting_page(state).encode()
            self._send(503, page, "text/html", head=head)
            return
        located = locate_file(preview.out, path)
        if located.status == 301 and located.location is not None:
            self._send(301, b"", "text/plain", head=head, location=located.location)
        elif located.status == 200 and located.file is not None:
            self._send_file(located.file, 200, state, head=head)
        elif located.status == 403:
            self._send(403, b"forbidden: outside the built site\n", "text/plain", head=head)
        elif (preview.out / "404.html").is_file():
            self._send_file(preview.out / "404.html", 404, state, head=head)
        else:
            self._send(404, b"not found\n", "text/plain", head=head)

    def _send_file(self, file: Path, status: int, state: BuildState, *, head: bool) -> None:
        try:
            data = file.read_bytes()
        except OSError:  # swapped away by a build that just finished: try the new one
            self._send(503, b"rebuilding, reload in a moment\n", "text/plain", head=head)
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = prepare_page(data.decode("utf-8", errors="replace"), state).encode()
        self._send(status, data, kind, head=head)

    def _send(
        self, status: int, body: bytes, kind: str, *, head: bool, location: str | None = None
    ) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("script") else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if location is not None:
            self.send_header("Location", location)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _stream_events(self, preview: Preview, *, head: bool) -> None:
        """Send the current build's token, then each new one, until the client or server goes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        state = preview.state()
        try:
            self._event(state.token)
            while not preview.closed:
                latest = preview.wait_for_build(state.token, KEEPALIVE_SECONDS)
                if preview.closed:
                    break
                if latest.token != state.token:
                    state = latest
                    self._event(state.token)
                else:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
        except (ConnectionError, OSError):
            return

    def _event(self, token: str) -> None:
        self.wfile.write(f"retry: 1000\nevent: build\ndata: {token}\n\n".encode())
        self.wfile.flush()


def request_path(target: str) -> str | None:
    """The path of a request target (origin or absolute form), without query or fragment."""
    if not target.startswith("/"):
        match = re.match(r"https?://[^/?#]*(/[^?#]*)?", target, re.IGNORECASE)
        if match is None:
            return None
        return match.group(1) or "/"
    return re.split(r"[?#]", target, maxsplit=1)[0]


def watch_project(
    preview: Preview, folders: Iterable[Path], *, stop: threading.Event, ready: threading.Event
) -> None:
    """Rebuild after every change under `folders` until `stop` is set; never raises."""
    try:
        for changes in watchfiles.watch(
            *folders,
            stop_event=stop,
            debounce=300,
            rust_timeout=200,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            ready.set()
            if changes and not stop.is_set():
                preview.rebuild(describe_changes(changes, preview.project))
    except Exception as exc:
        preview.log("error", f"stopped watching for changes: {type(exc).__name__}: {exc}")
    finally:
        ready.set()


def describe_changes(changes: Iterable[tuple[object, str]], project: Path) -> str:
    """'content/articles/x.md changed', or how many files did."""
    root = project.resolve()
    paths = {Path(path) for _, path in changes}
    # An editor's temporary file, made and renamed away in one save, is not worth naming.
    names = sorted(
        {_relative(p, root) for p in paths if p.exists()} or {_relative(p, root) for p in paths}
    )
    if len(names) == 1:
        return f"{names[0]} changed"
    return f"{len(names)} files changed: {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def site_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def serve_site(
    project: Path,
    *,
    host: str,
    port: int,
    drafts: bool,
    log: Log,
    on_ready: Callable[[str], None],
) -> None:
    """Serve the project's site until interrupted (Ctrl-C); then stop cleanly and return."""
    try:
        server = DevServer((host, port))
    except OSError as exc:
        hint = "; choose another --port" if exc.errno == errno.EADDRINUSE else ""
        message = f"cannot serve here: {exc.strerror or exc}{hint}"
        raise ReaderError.single(f"{host}:{port}", 0, message) from None
    stop, ready = threading.Event(), threading.Event()
    with tempfile.TemporaryDirectory(prefix="reader-serve-") as temporary, server:
        url = site_url(host, int(server.server_address[1]))
        preview = Preview(project, Path(temporary) / "site", drafts=drafts, base_url=url, log=log)
        server.preview = preview
        folders = [project / name for name in WATCHED if (project / name).is_dir()]
        watcher = threading.Thread(
            target=watch_project,
            args=(preview, folders),
            kwargs={"stop": stop, "ready": ready},
            name="reader-watch",
            daemon=True,
        )
        try:
            preview.rebuild()
            watcher.start()
            ready.wait(timeout=10)
            on_ready(url)
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            preview.close()
            if watcher.is_alive():
                watcher.join(timeout=5)
