"""Publishing: the GitHub Pages workflow `reader init` writes is a valid workflow, its build
step builds the site it uploads, and that site works under the sub-path GitHub Pages gives a
project (every link and file found, the 404 page styled and linked at any depth)."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import urllib.parse
from collections import deque
from pathlib import Path
from typing import Any

import pytest
import yaml

from html_tree import parse_html
from pages_host import pages_host
from reader import __version__, starter

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


def _workflow() -> dict[Any, Any]:
    workflow = yaml.safe_load(starter.PAGES_WORKFLOW)
    assert isinstance(workflow, dict)
    return workflow


def _schema_errors(tmp_path: Path, text: str) -> str | None:
    """What GitHub's published workflow schema (vendored by check-jsonschema) finds wrong."""
    path = tmp_path / "pages.yml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return None if result.returncode == 0 else result.stdout + result.stderr


def test_the_workflow_is_valid_for_github_actions(tmp_path: Path) -> None:
    assert _schema_errors(tmp_path, starter.PAGES_WORKFLOW) is None
    # The check can fail: a job without `runs-on`, a step both `uses` and `run`.
    broken = starter.PAGES_WORKFLOW.replace("    runs-on: ubuntu-latest\n", "", 1)
    assert _schema_errors(tmp_path, broken) is not None
    broken = starter.PAGES_WORKFLOW.replace("        id: deployment\n", "        run: x\n")
    assert _schema_errors(tmp_path, broken) is not None


def test_the_workflow_builds_with_the_address_github_gives_and_uploads_that_site() -> None:
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("uses", "").split("@")[0] or step["run"].split()[0] for step in steps]
    assert names == [
        "actions/checkout",
        "actions/setup-python",
        "python",
        "actions/configure-pages",
        "reader",
        "actions/upload-pages-artifact",
    ]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages"))
    build = next(s for s in steps if "reader build" in s.get("run", ""))
    assert build["env"]["BASE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    assert steps[-1]["with"]["path"] == "site"
    assert steps[2]["run"] == "python -m pip install -r requirements.txt"
    requirements = starter.new_reader_files(title="T", question="Q?")["requirements.txt"]
    assert f"policy-reader=={__version__}" in requirements.decode().splitlines()
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def _run_build_step(project: Path, base_url: str) -> None:
    """Run the workflow's build step as the runner would: its `run` in bash, with its env,
    BASE_URL as configure-pages gives it (no trailing slash), `reader` on the PATH."""
    step = next(
        s for s in _workflow()["jobs"]["build"]["steps"] if "reader build" in s.get("run", "")
    )
    scripts = Path(sys.executable).parent
    env = {
        **os.environ,
        "BASE_URL": base_url.rstrip("/"),
        "PATH": f"{scripts}:{os.environ['PATH']}",
    }
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no base_url" not in result.stderr


def _get(url: str) -> tuple[int, str, bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


def _links(url: str, body: bytes) -> list[str]:
    page = parse_html(body.decode("utf-8"))
    found = []
    for tag, attribute in LINKING.items():
        for element in page.find_all(tag):
            value = element.attrs.get(attribute)
            if value and not value.startswith(("#", "mailto:", "data:")):
                found.append(urllib.parse.urldefrag(urllib.parse.urljoin(url, value)).url)
    return found


def _crawl(start: str, base_url: str) -> tuple[set[str], dict[str, int]]:
    """Every page reachable from `start` under `base_url`, and every link's status there."""
    pages: set[str] = set()
    statuses: dict[str, int] = {}
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in statuses:
            continue
        status, kind, body = _get(url)
        statuses[url] = status
        if status == 200 and kind.startswith("text/html"):
            pages.add(url)
            queue.extend(u for u in _links(url, body) if u.startswith(base_url))
    return pages, statuses


@pytest.mark.parametrize("example", [False, True], ids=["new-reader", "example"])
def test_the_site_works_under_the_sub_path_github_pages_gives_a_project(
    tmp_path: Path, example: bool
) -> None:
    files = (
        starter.example_files()
        if example
        else starter.new_reader_files(title="Regulating AI", question="How should AI be ruled?")
    )
    project = tmp_path / "ai-rules"
    starter.write_project(project, files)
    with pages_host("ai-rules") as (host, served):
        _run_build_step(project, host.base_url)
        site = project / "site"
        served.append(site)
        pages, statuses = _crawl(host.base_url, host.base_url)
        broken = {url: status for url, status in statuses.items() if status != 200}
        assert broken == {}
        every_page = {
            host.base_url + p.relative_to(site).as_posix().removesuffix("index.html")
            for p in site.rglob("*.html")
            if p.name != "404.html"
        }
        assert {url.removesuffix("index.html") for url in pages} == every_page
        assert len(pages) > (40 if example else 5)

        # GitHub serves the site's 404.html at any missing address, however deep.
        missing = host.base_url + "articles/no-such-article/or/deeper/"
        status, _, body = _get(missing)
        assert status == 404
        links = _links(missing, body)
        assert host.base_url + "static/style.css" in links
        assert host.base_url + "index.html" in links
        inside = [u for u in links if u.startswith(host.base_url)]
        assert {u: _get(u)[0] for u in inside} == dict.fromkeys(inside, 200)
