"""Bodies and pages rendered by worker processes are what this process would render, in the
same order, and a template error in a child is reported as it would be here.

Each case runs in a fresh interpreter: reader forks only from a single-threaded process, and
the test process may have threads left by other tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2

from reader import bodies, templates
from reader.content import load_project
from reader.errors import ReaderError
from reader.site import Site, assemble_site
from reader.templates import compile_templates, load_templates, render_site
from synthetic import write_project


def _site(project: Path, *, breaking: str | None) -> tuple[Site, jinja2.Environment]:
    loaded = load_project(project)
    rendered = bodies.render_bodies(loaded, actor_links={}, cache=None, workers=1)
    site = assemble_site(loaded, rendered.content, drafts=False)
    sources = load_templates(project)
    if breaking is not None:  # one article's page fails: a variable no template is given
        test = f"{{% if page.path == '{breaking}' %}}{{{{ no_such_variable }}}}{{% endif %}}"
        sources.sources["article.html"] = sources.sources["article.html"].replace(
            "{% block main %}", "{% block main %}" + test, 1
        )
    return site, compile_templates(sources.sources, sources.shown)


def _render_both_ways(project: Path, breaking: str | None) -> dict[str, object]:
    """Render the site in this process, then in two children; what each way gave."""
    templates.PARALLEL_PAGES_FROM = 10  # fork from a few pages up, in chunks of three
    templates.PAGES_PER_CHUNK = 3
    render_pages, renderers = templates._render_pages, []

    def noting(*args: object) -> object:
        renderers.append(os.getpid())
        return render_pages(*args)  # type: ignore[arg-type]

    templates._render_pages = noting  # type: ignore[assignment]
    site, environment = _site(project, breaking=breaking)
    outcome: dict[str, object] = {"main": os.getpid(), "pages": len(site.pages)}
    for workers in (1, 2):
        try:
            files = list(render_site(site, environment, workers=workers))
            outcome[f"files{workers}"] = [[path, data.decode()] for path, data in files]
        except ReaderError as exc:
            outcome[f"error{workers}"] = str(exc)
        # A child's own list is lost with it; children are known by what they rendered.
        outcome[f"here{workers}"] = len(renderers)
        renderers.clear()
    return outcome


def _bodies_three_ways(project: Path) -> dict[str, object]:
    """Render every body here, in forked children, and in workers of a fork server."""
    loaded = load_project(project)
    outcome: dict[str, object] = {"forkable": bodies.can_fork()}
    for way, workers in (("here", 1), ("forked", 2)):
        rendered = bodies.render_bodies(loaded, actor_links={}, cache=None, workers=workers)
        outcome[way] = repr(rendered.content)
    bodies.can_fork = lambda: False  # as in `reader serve`, which has threads
    rendered = bodies.render_bodies(loaded, actor_links={}, cache=None, workers=2)
    outcome["spawned"] = repr(rendered.content)
    return outcome


def _run(project: Path, breaking: str | None = None, *, what: str = "pages") -> dict[str, object]:
    command = [sys.executable, __file__, what, str(project), breaking or ""]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_pages_from_children_equal_pages_rendered_here(tmp_path: Path) -> None:
    outcome = _run(write_project(tmp_path / "project", articles=30))
    assert outcome["here1"] == outcome["pages"]  # one call per page, all in this process
    assert outcome["here2"] == 0  # every page rendered in a child
    assert outcome["files2"] == outcome["files1"]
    assert len(outcome["files1"]) == outcome["pages"] + 1  # type: ignore[arg-type]


def test_a_template_error_in_a_child_is_reported_as_here(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=30)
    outcome = _run(project, breaking="articles/article-00017/index.html")
    assert outcome["here2"] == 0
    assert outcome["error2"] == outcome["error1"]
    assert "no_such_variable" in str(outcome["error1"])
    assert "article-00017" in str(outcome["error1"])


def test_bodies_from_workers_equal_bodies_rendered_here(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=bodies.PARALLEL_FROM + 10)
    outcome = _run(project, what="bodies")
    assert outcome["forkable"]
    assert outcome["forked"] == outcome["here"]
    assert outcome["spawned"] == outcome["here"]


if __name__ == "__main__":
    what, folder, breaking = sys.argv[1:]
    if what == "bodies":
        print(json.dumps(_bodies_three_ways(Path(folder))))
    else:
        print(json.dumps(_render_both_ways(Path(folder), breaking or None)))
