"""`reader serve`: a real server in a subprocess, a real HTTP client, real edits on disk.

Every server binds 127.0.0.1 on a free port and is stopped (Ctrl-C, then kill) when its test
ends (see serving.py). Waits are bounded: a test that waits too long fails, it never hangs.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from html_tree import Element, parse_html
from reader.livereload import BuildState, allow_dev_policy, prepare_page
from reader.search import SEARCH, SEARCH_CONTENT_SECURITY_POLICY
from reader.serve import DevServer, locate_file, request_path
from serving import WAIT_SECONDS, Server, ThreadServer, launch, serve_in_thread, wait_for

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader, WriteProject

ENGAGE_NOW = "content/articles/engage-now.md"


StartServer = Callable[..., Server]


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    """Start `reader serve` on a project; every server started is stopped at the end."""
    servers: list[Server] = []

    def start(project: Path, *args: str) -> Server:
        servers.append(launch(project, tmp_path / f"tmp-{len(servers)}", *args))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def guarded_server(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject
) -> Iterator[Server]:
    """One server for the traversal tests, with secrets inside and beside its project."""
    root = tmp_path_factory.mktemp("guarded")
    project = write_project(root / "project", {"secret.txt": "the project's own secret\n"})
    (root / "secret.txt").write_text("a secret beside the project\n")
    server = launch(project, root / "tmp")
    yield server
    server.stop()


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def overlay(page: Element) -> Element | None:
    return page.by_id("reader-serve-problems")


def heading(server: Server, path: str) -> str:
    return server.page(path).find("h1").text


class EventStream:
    """The server's event stream, read as a browser's EventSource would."""

    def __init__(self, server: Server | ThreadServer) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT_SECONDS)
        self.connection.request("GET", "/__reader/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next_build(self) -> str:
        """The token of the next `build` event (comments and keep-alives are skipped)."""
        event, data = "", ""
        while True:
            line = self.response.readline().decode("utf-8")
            if not line:
                pytest.fail("the event stream closed")
            line = line.rstrip("\n")
            if not line and event == "build":
                return data
            if not line:
                event, data = "", ""
            elif line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")

    def close(self) -> None:
        self.connection.close()


def test_served_pages_carry_the_reload_script_and_built_pages_never_do(
    make_project: MakeProject, run_reader: RunReader, start_server: StartServer
) -> None:
    project = make_project()
    server = start_server(project)
    served = server.page("/")
    scripts = served.find_all("script")
    assert [s.attrs["src"] for s in scripts] == ["/__reader/reload.js"]
    policy = next(
        m.attrs["content"]
        for m in served.find_all("meta")
        if m.attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert "default-src 'none'" in policy
    status, headers, script = server.get("/__reader/reload.js")
    assert status == 200
    assert headers["content-type"].startswith("text/javascript")
    assert "EventSource" in script

    assert run_reader("build", "--project", project).returncode == 0
    for page in (project / "site").rglob("*.html"):
        built = parse_html(page.read_text(encoding="utf-8"))
        metas = built.find_all("meta")
        policy = next(m.attrs["content"] for m in metas if m.attrs.get("http-equiv"))
        if page.relative_to(project / "site").as_posix() == SEARCH:
            # The search page runs the site's own search script, and nothing of the server's.
            assert [s.attrs for s in built.find_all("script")] == [{"src": "../static/search.js"}]
            assert policy == SEARCH_CONTENT_SECURITY_POLICY
        else:
            assert built.find_all("script") == []
            assert "script-src" not in policy
            assert "connect-src" not in policy
        assert "__reader" not in page.read_text(encoding="utf-8")


def test_an_edit_rebuilds_the_site_and_tells_open_pages_to_reload(
    make_project: MakeProject, start_server: StartServer
) -> None:
    project = make_project()
    server = start_server(project)
    page = "/articles/engage-now/"
    assert heading(server, page) == "Engaging now is the only way"
    stream = EventStream(server)
    try:
        first = stream.next_build()
        edit(project, ENGAGE_NOW, "title: Engaging now is the only way", "title: Talk now")
        second = stream.next_build()
    finally:
        stream.close()
    assert second != first
    assert heading(server, page) == "Talk now"
    # The build is announced to open pages before it is printed: wait for the line.
    changed = "content/articles/engage-now.md changed"
    wait_for(lambda: any(changed in line for line in server.stdout), "the change reported")


def test_a_bad_edit_is_shown_over_the_last_good_build_until_it_is_fixed(
    make_project: MakeProject, start_server: StartServer
) -> None:
    project = make_project()
    server = start_server(project)
    page = "/articles/engage-now/"
    assert overlay(server.page(page)) is None
    edit(project, ENGAGE_NOW, "stance: engage", "stance: engagement")
    problem = (
        "content/articles/engage-now.md:10: stance: 'engagement' is not one of engage, "
        "pressure, resist (did you mean 'engage'?)"
    )
    shown = wait_for(lambda: overlay(server.page(page)), "the problems overlay")
    assert problem in shown.find("pre").text
    assert heading(server, page) == "Engaging now is the only way"  # the last good build
    wait_for(lambda: problem in server.stderr, "the problem in the terminal")

    edit(project, ENGAGE_NOW, "stance: engagement", "stance: engage")
    wait_for(lambda: overlay(server.page(page)) is None, "the overlay to go")
    assert server.process.poll() is None  # recovered without a restart
    fixed = "reader: fixed: built "
    wait_for(lambda: any(line.startswith(fixed) for line in server.stdout), "the fix reported")


def test_a_project_broken_from_the_start_is_served_once_it_builds(
    make_project: MakeProject, start_server: StartServer
) -> None:
    project = make_project({"content/stances.yaml": "- key: engage\n  label: Engage\n"})
    server = start_server(project)
    status, _, body = server.get("/")
    assert status == 503
    problems = overlay(parse_html(body))
    assert problems is not None
    assert "content/stances.yaml:1: missing required key 'definition'" in problems.text
    (project / "content" / "stances.yaml").write_text(
        "- key: engage\n  label: Engage\n  definition: Talk.\n"
        "- key: pressure\n  label: Pressure\n  definition: Push.\n"
        "- key: resist\n  label: Resist\n  definition: Back the others.\n",
        encoding="utf-8",
    )
    wait_for(lambda: server.get("/")[0] == 200, "the first good build")
    assert overlay(server.page("/")) is None


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/../secret.txt", 403),
        ("/../../secret.txt", 403),
        ("/%2e%2e/secret.txt", 403),
        ("/%2E%2E/%2e%2e/secret.txt", 403),
        ("/..%2fsecret.txt", 403),
        ("/static/..%2f..%2fsecret.txt", 403),
        ("/static/%2e%2e/%2e%2e/secret.txt", 403),
        ("/..%5csecret.txt", 403),
        ("/%00/secret.txt", 403),
        ("//secret.txt", 404),
        ("/%252e%252e/secret.txt", 404),
        ("/.reader-site", 404),
        ("/secret.txt", 404),
        ("http://127.0.0.1/../secret.txt", 403),
    ],
)
def test_nothing_outside_the_built_site_is_ever_served(
    guarded_server: Server, path: str, status: int
) -> None:
    got, _, body = guarded_server.get(path)
    assert got == status
    assert "secret" not in body


def test_requests_for_another_host_name_are_refused(
    make_project: MakeProject, start_server: StartServer
) -> None:
    server = start_server(make_project())
    assert server.get("/", headers={"Host": "attacker.example"})[0] == 403
    assert server.get("/", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_a_folder_without_its_slash_redirects_so_relative_links_work(
    make_project: MakeProject, start_server: StartServer
) -> None:
    server = start_server(make_project())
    status, headers, _ = server.get("/articles/engage-now?x=1")
    assert (status, headers["location"]) == (301, "/articles/engage-now/")
    status, _, body = server.get("/no-such-page/")
    assert status == 404
    assert parse_html(body).find("h1").text == "Page not found"


def test_ctrl_c_stops_the_server_cleanly(
    make_project: MakeProject, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(make_project())
    stream = EventStream(server)  # an open page must not keep the server alive
    try:
        assert stream.next_build()
        assert server.stop() == 0
    finally:
        stream.close()
    assert server.stdout[-1] == "reader: stopped"
    assert not any("Traceback" in line for line in server.stderr)
    assert list((tmp_path / "tmp-0").iterdir()) == []  # its temporary site is gone


def test_three_hundred_requests_at_once_are_all_answered_promptly(
    make_project: MakeProject, start_server: StartServer
) -> None:
    # A backlog too short for a burst drops SYNs, and each client then waits 1 s, 3 s, 7 s...
    # to try again: answers arrive seconds late, or not before the client gives up.
    server = start_server(make_project())
    clients = 300
    at_once = threading.Barrier(clients, timeout=WAIT_SECONDS)

    def fetch(_: int) -> tuple[int | str, float]:
        at_once.wait()
        start = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            connection.request("GET", "/")
            response = connection.getresponse()
            response.read()
            return response.status, time.monotonic() - start
        except OSError as exc:
            return type(exc).__name__, time.monotonic() - start
        finally:
            connection.close()

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        answers = list(pool.map(fetch, range(clients)))
    elapsed = time.monotonic() - began
    failed = sorted(str(status) for status, _ in answers if status != 200)
    slowest = max(seconds for _, seconds in answers)
    late = sum(seconds > 1 for _, seconds in answers)
    summary = f"{elapsed:.1f} s in all, the slowest {slowest:.1f} s, {late} over 1 s"
    assert failed == [], f"{len(failed)} failed ({', '.join(sorted(set(failed)))}); {summary}"
    assert elapsed < 5, summary


class QuickToCloseServer(DevServer):
    idle_timeout = 0.5


def test_a_connection_that_sends_nothing_is_closed_after_the_idle_timeout(
    make_project: MakeProject, tmp_path: Path
) -> None:
    idle = QuickToCloseServer.idle_timeout
    with serve_in_thread(make_project(), tmp_path / "site", QuickToCloseServer) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as silent:
            start = time.monotonic()
            assert silent.recv(1) == b""  # closed by the server, with no answer to give
            assert time.monotonic() - start >= idle * 0.9
        assert server.get("/")[0] == 200  # and it goes on serving


def test_an_event_stream_outlives_the_idle_timeout(
    make_project: MakeProject, tmp_path: Path
) -> None:
    # Between builds the stream writes nothing and the page sends nothing, for longer than the
    # idle timeout: the stream must stay open all the same.
    with serve_in_thread(make_project(), tmp_path / "site", QuickToCloseServer) as server:
        stream = EventStream(server)
        try:
            first = stream.next_build()
            time.sleep(QuickToCloseServer.idle_timeout * 4)
            server.preview.rebuild("a test asked")
            assert stream.next_build() != first
        finally:
            stream.close()


def test_the_served_policy_adds_only_the_reload_script_and_its_events() -> None:
    built = (
        "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
        "base-uri 'none'; form-action 'none'"
    )
    assert allow_dev_policy(built) == built + "; script-src 'self'; connect-src 'self'"
    assert allow_dev_policy("script-src 'none'; connect-src https:") == (
        "script-src 'self'; connect-src https: 'self'"
    )


def test_a_page_is_prepared_without_touching_its_text() -> None:
    page = (
        '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" '
        'content="default-src &#x27;none&#x27;"><title>t</title></head>'
        '<body class="x"><p>Body</p></body></html>'
    )
    good = prepare_page(page, BuildState("t-1", (), built=True))
    assert "reader-serve-problems" not in good
    assert good.replace(
        '<link rel="stylesheet" href="/__reader/overlay.css">\n'
        '<script src="/__reader/reload.js" data-build="t-1" defer></script>\n',
        "",
    ) == page.replace(
        '&#x27;none&#x27;"',
        '&#x27;none&#x27;; script-src &#x27;self&#x27;; connect-src &#x27;self&#x27;"',
    )
    bad = parse_html(prepare_page(page, BuildState("t-2", ("a.md:3: <b>oops</b>",), built=True)))
    box = bad.by_id("reader-serve-problems")
    assert box is not None
    assert box.find("pre").text == "a.md:3: <b>oops</b>"  # escaped, shown as text


def test_request_paths_and_files_are_mapped_strictly(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("a")
    (root / "index.html").write_text("i")
    (tmp_path / "outside.txt").write_text("o")
    (root / "link").symlink_to(tmp_path / "outside.txt")
    assert locate_file(root, "/").file == (root / "index.html").resolve()
    assert locate_file(root, "/a/").file == (root / "a" / "index.html").resolve()
    assert locate_file(root, "/a").location == "/a/"
    assert locate_file(root, "/link").status == 403  # a link out of the site is still out
    assert locate_file(root, "/a/../../outside.txt").status == 403
    assert request_path("/a/b?c=d#e") == "/a/b"
    assert request_path("http://127.0.0.1:8000/x?y") == "/x"
    assert request_path("*") is None


def test_a_port_in_use_is_a_clean_error(
    make_project: MakeProject, start_server: StartServer, run_reader: RunReader
) -> None:
    project = make_project()
    server = start_server(project)
    result = run_reader("serve", "--project", project, "--port", str(server.port))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"127.0.0.1:{server.port}: cannot serve here: Address already in use; choose another "
        "--port",
        "reader: serve failed (1 problem)",
    ]
