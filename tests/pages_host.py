"""A static host like GitHub Pages for a project site, for the tests: the site is served under
/NAME/, a folder's address serves its index.html, and any other missing address gets the
site's 404.html with status 404, at whatever depth it was asked.

Binds 127.0.0.1 on a free port and stops when its block ends.
"""

from __future__ import annotations

import http.server
import mimetypes
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Host:
    port: int
    name: str

    @property
    def base_url(self) -> str:
        """The site's address, with its trailing slash."""
        return f"http://127.0.0.1:{self.port}/{self.name}/"


@contextmanager
def pages_host(name: str) -> Iterator[tuple[Host, list[Path]]]:
    """Serve, under /NAME/, the folder put in the yielded list (empty until the test builds
    it: the address has to be known before the build, as GitHub's is)."""
    served: list[Path] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def _answer(self, *, send_body: bool) -> None:
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            status, file = 404, None
            if path.startswith(f"/{name}/") and served:
                root = served[0].resolve()
                target = (root / path.removeprefix(f"/{name}/")).resolve()
                if target.is_relative_to(root):
                    if target.is_dir() and path.endswith("/"):
                        target = target / "index.html"
                    if target.is_file():
                        status, file = 200, target
                if file is None:
                    file = root / "404.html"
            body = file.read_bytes() if file is not None else b"not found"
            kind = mimetypes.guess_type(file.name)[0] if file is not None else None
            self.send_response(status)
            self.send_header("Content-Type", kind or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Host(int(httpd.server_address[1]), name), served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
