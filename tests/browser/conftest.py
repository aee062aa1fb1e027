"""Real-browser fixtures: Debian's Chromium driven by Playwright, a local server, the built site.

On a machine without Chromium (or without Playwright) these tests skip and say how to install
it; in CI (CI=true) they fail instead, so they can never be skipped silently there.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("READER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "test-artifacts"
SUB_PATH = "reader"


def require(condition: bool, how: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"missing in CI: {how}")
    pytest.skip(how)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once, inside a folder that also serves it under /reader/."""
    root = tmp_path_factory.mktemp("served")
    build(REPO, root / SUB_PATH, cache=False)  # never write into the working tree
    return root / SUB_PATH


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[str]:
    """Every HTML page of the site, as paths relative to its root."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    """Serve the site's parent on 127.0.0.1 (a free port); yield the site's base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{SUB_PATH}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Chromium from the system; never a downloaded one."""
    require(
        CHROMIUM.exists(),
        f"Chromium not found at {CHROMIUM}: install it with 'apt-get install chromium' "
        "(or set READER_CHROMIUM) to run the browser tests",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed: run 'make setup'")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE_JS.is_file(), "axe-core is not installed: run 'npm ci --prefix tests/browser'")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    require(java is not None, "Java is not installed: the Nu Html Checker needs a JRE")
    require(VNU_JAR.is_file(), "vnu-jar is not installed: run 'npm ci --prefix tests/browser'")
    assert java is not None
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
