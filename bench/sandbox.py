"""What Jinja's sandbox costs reader: its pages, and its whole build, with and without it.

    .venv/bin/python bench/sandbox.py --articles 1000 --repeat 9

Writes the corpus of `corpus.py`, then, alternately with reader's sandboxed environment and
with a plain one configured the same way:
- renders every page in this one process (no workers, no fingerprints), after loading,
  rendering and assembling the corpus once: the CPU time the pages take;
- builds the corpus from nothing (no cache; no search index unless `--search`), as
  `reader build` does, its pages rendered on every core: the wall time of the build.
Prints the fastest and the median of each. Not part of the tests.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import corpus
import jinja2

from reader import templates
from reader.bodies import render_bodies
from reader.build import _load, build
from reader.entries import actor_path, links_from_articles
from reader.site import Site, assemble_site
from reader.templates import make_environment, render_site


def _plain(sandboxed: jinja2.Environment) -> jinja2.Environment:
    """The same environment without the sandbox: same loader, options, globals and filters."""
    plain = jinja2.Environment(
        loader=sandboxed.loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    plain.globals.update(sandboxed.globals)
    plain.filters.update(sandboxed.filters)
    return plain


def _cpu_seconds(site: Site, environment: jinja2.Environment) -> float:
    """The CPU time of rendering every page: what the sandbox adds, without the wait of a
    machine that is busy with something else."""
    started = time.process_time()
    for _ in render_site(site, environment, workers=1):
        pass
    return time.process_time() - started


def _build_seconds(root: Path, out: Path, *, sandboxed: bool, search: bool) -> float:
    """The wall time of a clean build of `root`, its templates sandboxed or not."""
    shutil.rmtree(out, ignore_errors=True)
    original = templates.make_environment
    if not sandboxed:
        templates.make_environment = lambda sources: _plain(original(sources))
    try:
        started = time.perf_counter()
        build(root, out, cache=False, search=search)
        return time.perf_counter() - started
    finally:
        templates.make_environment = original


def _line(label: str, times: list[float], base: list[float] | None = None) -> str:
    fastest, median = min(times), statistics.median(times)
    text = f"  {label:<28} fastest {fastest:.3f} s, median {median:.3f} s"
    if base is not None:
        faster = (fastest / min(base) - 1) * 100
        middle = (median / statistics.median(base) - 1) * 100
        text += f"  ({faster:+.1f}%, {middle:+.1f}%)"
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument(
        "--search",
        action="store_true",
        help="build with the search index, as reader does by default",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "project"
        corpus.write_reader(corpus.make_corpus(args.articles), root)
        project, environment, _ = _load(root, base_url=None)
        links = links_from_articles({a.key: actor_path(a.key) for a in project.actors})
        bodies = render_bodies(project, actor_links=links, cache=None)
        site = assemble_site(project, bodies.content, drafts=False)
        sandboxed = make_environment(environment.loader.templates)  # type: ignore[union-attr]
        plain = _plain(sandboxed)
        pages: dict[bool, list[float]] = {True: [], False: []}
        builds: dict[bool, list[float]] = {True: [], False: []}
        _cpu_seconds(site, sandboxed), _cpu_seconds(site, plain)  # compile every template
        for _ in range(args.repeat):
            for sandbox, chosen in ((True, sandboxed), (False, plain)):
                pages[sandbox].append(_cpu_seconds(site, chosen))
                seconds = _build_seconds(root, root / "site", sandboxed=sandbox, search=args.search)
                builds[sandbox].append(seconds)
    print(f"{args.articles} articles, {len(site.pages)} pages, {args.repeat} runs of each:")
    print("pages rendered in one process, CPU time:")
    print(_line("plain Jinja environment", pages[False]))
    print(_line("sandboxed (reader's)", pages[True], pages[False]))
    options = "--no-cache" if args.search else "--no-cache --no-search"
    print(f"clean build (reader build {options}), wall time:")
    print(_line("plain Jinja environment", builds[False]))
    print(_line("sandboxed (reader's)", builds[True], builds[False]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
