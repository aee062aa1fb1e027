"""Benchmark reader against Hugo, Eleventy and Pelican on the same synthetic corpus.

    python bench/run.py --sizes 5,1000,10000 --repeat 3

Installs the peers into bench/.peers/ (once), writes each size's corpus once for each tool into
bench/.corpora/, builds it with each tool in turn (the order rotates between repetitions),
cleaning the output before every cold build, then times the rebuilds of each reader tool
(`reader` and `reader-no-search`) and the real five-article site. Prints the tables and writes
them to bench/RESULTS.md. Not part of the tests.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import corpus
import peers
import rebuilds
import report
from measure import Sample, measure
from peers import Tool, Unavailable
from report import Report, Result

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPORA = BENCH / ".corpora"
WARMUP_SIZE = 5


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="5,1000,10000", help="article counts (default: %(default)s)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build (default: 3)")
    parser.add_argument(
        "--tools",
        default=",".join(peers.TOOL_NAMES),
        help="tools to run, from %(default)s",
    )
    parser.add_argument(
        "--timeout", type=float, default=1200, help="seconds before a build is killed (1200)"
    )
    parser.add_argument("--keep", action="store_true", help="keep bench/.corpora/ afterwards")
    parser.add_argument("--no-rebuilds", action="store_true", help="skip reader's rebuilds")
    parser.add_argument("--five-runs", type=int, default=15, help="runs of the five-article site")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile a reader build of N articles",
    )
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default: 7)")
    parser.add_argument(
        "--results",
        type=Path,
        default=BENCH / "RESULTS.md",
        help="where to write the tables (and, beside them, every run's numbers as .json)",
    )
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="only render the tables of an earlier run"
    )
    args = parser.parse_args(argv)
    args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.tool_list = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(args.tool_list) - set(peers.TOOL_NAMES)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    if args.repeat < 1 or any(size < 1 for size in args.size_list):
        parser.error("--repeat and --sizes must be positive")
    return args


def say(text: str) -> None:
    print(text, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render:
        loaded = report.from_json(args.render.read_text(encoding="utf-8"))
        # The notes describe the harness, so they come from this copy of it.
        loaded.method, loaded.peer_notes = METHOD, corpus.PEER_NOTES
        text = report.render(loaded)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(text, encoding="utf-8")
        say(f"written to {args.results}")
        return 0
    CORPORA.mkdir(parents=True, exist_ok=True)
    source = snapshot_reader(CORPORA / "reader-source")
    tools, missing = load_tools(args.tool_list, source)
    for name, reason in missing.items():
        say(f"{name}: not available, skipped: {reason}")
    tools = warm_up(tools, missing, timeout=args.timeout, source=source)
    if not tools:
        say("no tool could run; nothing measured")
        return 1
    result = Report(
        command="python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=describe_machine(),
        versions=describe_versions(tools, source, missing),
        notes=[],
        cores=len(os.sched_getaffinity(0)),
        peer_notes=corpus.PEER_NOTES,
    )
    if args.repeat < 3:
        result.notes.append(f"{args.repeat} run(s) per build: too few to be a result.")
    result.loads_before = os.getloadavg()
    for size in args.size_list:
        bench_size(size, tools, args, result, source)
    if "reader" in tools:
        five_article_site(tools["reader"], source, runs=args.five_runs, into=result)
        mention_finding(tools["reader"], into=result)
        if args.profile:
            result.profile = profile_reader(tools["reader"], source, args.profile, seed=args.seed)
    finish(result, args)
    if not args.keep:
        shutil.rmtree(CORPORA, ignore_errors=True)
    return 0


def snapshot_reader(into: Path) -> Path:
    """Copy reader's package and the repo's templates, so edits made meanwhile cannot mix in."""
    shutil.rmtree(into, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "src" / "reader", into / "reader", ignore=ignore)
    for folder in ("templates", "content", "seeds"):
        shutil.copytree(REPO / folder, into / "project" / folder, ignore=ignore)
    return into


def load_tools(names: Sequence[str], source: Path) -> tuple[dict[str, Tool], dict[str, str]]:
    """Install and describe each chosen tool; collect why any cannot be had."""
    makers: dict[str, Callable[[], Tool]] = {
        "hugo": peers.hugo_tool,
        "hugo-pagefind": peers.hugo_pagefind_tool,
        "eleventy": peers.eleventy_tool,
        "pelican": peers.pelican_tool,
        "reader": lambda: peers.reader_tool(source),
        "reader-no-search": lambda: peers.reader_without_search(source),
    }
    tools: dict[str, Tool] = {}
    missing: dict[str, str] = {}
    for name in names:
        say(f"{name}: installing or checking…")
        try:
            tools[name] = makers[name]()
        except (Unavailable, OSError, subprocess.SubprocessError) as exc:
            missing[name] = str(exc)
    return tools, missing


def warm_up(
    tools: dict[str, Tool], missing: dict[str, str], *, timeout: float, source: Path
) -> dict[str, Tool]:
    """Build a tiny corpus once with each tool, untimed: loads binaries into the page cache,
    writes Python bytecode, and shows that every tool works before the long runs."""
    small = corpus.make_corpus(WARMUP_SIZE)
    working: dict[str, Tool] = {}
    for name, tool in tools.items():
        project = lay_out(name, small, CORPORA / f"warm-up-{name}", source)
        sample = measure(
            tool.command(project), cwd=project, timeout=timeout, env=tool.environment(project)
        )
        if sample.ok:
            working[name] = tool
        else:
            missing[name] = f"the warm-up build failed: {sample.error}"
            say(f"{name}: not available, skipped: {missing[name]}")
        shutil.rmtree(project, ignore_errors=True)
    return working


def lay_out(tool: str, data: corpus.Corpus, project: Path, source: Path) -> Path:
    """Write `data` for `tool` into a fresh `project` folder."""
    shutil.rmtree(project, ignore_errors=True)
    if tool.startswith("reader"):
        corpus.write_reader(data, project, templates=source / "project" / "templates")
    else:
        corpus.LAYOUTS[tool](data, project)
    if tool == "eleventy":
        # The config requires markdown-it-footnote: let Node find the peers' node_modules.
        (project / "node_modules").symlink_to(peers.NODE / "node_modules")
    return project


def clean(project: Path, pristine: frozenset[str]) -> None:
    """Remove whatever a build left in the project (output, caches, locks)."""
    for entry in project.iterdir():
        if entry.name in pristine:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def rotate(items: Sequence[str], by: int) -> list[str]:
    by %= len(items)
    return [*items[by:], *items[:by]]


def bench_size(
    size: int, tools: dict[str, Tool], args: argparse.Namespace, into: Report, source: Path
) -> None:
    """Cold builds of one size with each tool, `args.repeat` times; after each build by a
    reader tool, that tool's rebuilds."""
    say(f"\n== {size:,} articles: writing the corpus for {', '.join(tools)}")
    data = corpus.make_corpus(size, seed=args.seed)
    edited = data.articles[size // 2].slug
    projects = {name: lay_out(name, data, CORPORA / f"{name}-{size}", source) for name in tools}
    del data
    pristine = {name: frozenset(e.name for e in p.iterdir()) for name, p in projects.items()}
    failed: set[str] = set()
    for rep in range(args.repeat):
        for name in rotate(list(tools), rep):
            if name in failed:
                continue
            tool, project = tools[name], projects[name]
            clean(project, pristine[name])
            sample = timed(tool, project, args.timeout, f"{size:,} {name} cold, run {rep + 1}")
            if sample.ok and (missing := peers.missing_pages(name, project, articles=size)):
                sample = dataclasses.replace(sample, error=missing)
            into.results.append(Result(name, size, "cold", sample))
            if not sample.ok:
                failed.add(name)
                say(f"   {name} failed at {size:,} articles; its other runs are skipped")
            elif name.startswith("reader") and not args.no_rebuilds:
                last = rep == args.repeat - 1
                rebuild_reader(tool, project, pristine[name], edited, rep, args, into, last)
    if not args.keep:
        for project in projects.values():
            shutil.rmtree(project, ignore_errors=True)


def timed(tool: Tool, project: Path, timeout: float, label: str, *, warm: bool = False) -> Sample:
    sample = measure(
        tool.command(project, warm=warm),
        cwd=project,
        timeout=timeout,
        env=tool.environment(project),
    )
    pss = (sample.peak_pss or 0) / report.MIB
    shown = f"{sample.seconds:8.2f} s {sample.peak_rss / report.MIB:6.0f} MiB RSS {pss:6.0f} PSS"
    say(
        f"   {label:<40} {shown}  load {sample.load:.1f}"
        + (f"  {sample.error}" if sample.error else "")
    )
    return sample


def rebuild_reader(
    tool: Tool,
    project: Path,
    pristine: frozenset[str],
    slug: str,
    rep: int,
    args: argparse.Namespace,
    into: Report,
    check: bool,
) -> None:
    """Time a reader tool's rebuilds after a build with its warm command (`reader` or
    `reader-no-search`: the default command, with its own options); restore the article."""
    size = into.results[-1].size
    label = f"{size:,} {tool.name}"
    if peers.reader_has_no_cache(tool):
        clean(project, pristine)
        first = timed(tool, project, args.timeout, f"{label} first build", warm=True)
        into.results.append(Result(tool.name, size, "first", first))
    article = project / "content" / "articles" / f"{slug}.md"
    original = article.read_text(encoding="utf-8")
    out = project / "site"
    needle = f"/{slug}/index.html".encode()
    own = f"articles/{slug}/index.html"
    title = f"Retitled for benchmark run {rep + 1}"
    try:
        before = rebuilds.snapshot(out, [needle])
        steps = (
            ("unchanged", None),
            ("body", rebuilds.edit_body(original, mark=f"Edited in benchmark run {rep + 1}.")),
        )
        for kind, text in steps:
            if text is not None:
                article.write_text(text, encoding="utf-8")
            sample = timed(tool, project, args.timeout, f"{label} rebuild: {kind}", warm=True)
            after = rebuilds.snapshot(out, [needle])
            allowed = frozenset() if kind == "unchanged" else before.hits[0] | {own}
            change = rebuilds.compare(before, after, dependents=allowed)
            into.results.append(Result(tool.name, size, kind, sample, change))
            before = after
        article.write_text(rebuilds.edit_title(article.read_text("utf-8"), title=title), "utf-8")
        sample = timed(tool, project, args.timeout, f"{label} rebuild: title", warm=True)
        after = rebuilds.snapshot(out, [needle, title.encode()])
        linking = before.hits[0] | {own}
        change = rebuilds.compare(
            before, after, dependents=linking, must_show=linking, shown=after.hits[1]
        )
        into.results.append(Result(tool.name, size, "title", sample, change))
        if check:
            verdict = compare_with_clean(tool, project, pristine, args.timeout)
            into.equivalence.setdefault(tool.name, {})[size] = verdict
    finally:
        article.write_text(original, encoding="utf-8")


def compare_with_clean(tool: Tool, project: Path, pristine: frozenset[str], timeout: float) -> str:
    """Build a copy of the edited project from nothing and compare it with the rebuilt site."""
    with tempfile.TemporaryDirectory(dir=CORPORA) as scratch:
        copy = Path(scratch) / "project"
        copy.mkdir()
        for name in pristine:
            source = project / name
            if source.is_dir():
                shutil.copytree(source, copy / name, symlinks=True)
            else:
                shutil.copy2(source, copy / name)
        sample = measure(tool.command(copy), cwd=copy, timeout=timeout, env=tool.environment(copy))
        if not sample.ok:
            return f"the clean build to compare with failed ({sample.error})"
        differ = rebuilds.differing_files(project / "site", copy / "site")
    if not differ:
        return "the rebuilt site is byte-identical to a clean build of the same input"
    shown = ", ".join(differ[:5]) + (" …" if len(differ) > 5 else "")
    return f"**{len(differ)} files differ** from a clean build of the same input ({shown})"


def mention_finding(tool: Tool, *, into: Report) -> None:
    """The mention target: bench/mentions.py's figures, with the snapshot's reader."""
    say("\n== finding mentions: 4,000 aliases in a 100 KB article")
    done = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), str(BENCH / "mentions.py"), "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, **tool.environment(CORPORA)},
        timeout=900,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        into.notes.append(f"bench/mentions.py failed: {detail[0]}")
        return
    into.mentions = json.loads(lines[-1])
    say(f"   compiling and finding: {into.mentions['seconds'] * 1000:.1f} ms")


def five_article_site(tool: Tool, source: Path, *, runs: int, into: Report) -> None:
    """The repo's own five-article project, end to end, interpreter start included."""
    say("\n== the five-article site, end to end")
    project = CORPORA / "five-article-site"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(source / "project", project)
    pristine = frozenset(e.name for e in project.iterdir())
    python = str(REPO / ".venv" / "bin" / "python")
    # (label, command, clean the project before each run)
    cases: list[tuple[str, list[str], bool]] = [
        (report.FIVE_FIRST, tool.command(project, warm=True), True),
        ("reader build (again, nothing changed)", tool.command(project, warm=True), False),
        ("python -m reader --version", [python, "-m", "reader", "--version"], False),
        ("python -c pass (interpreter start alone)", [python, "-c", "pass"], False),
    ]
    if peers.reader_has_no_cache(tool):
        cases.insert(1, ("reader build --no-cache", tool.command(project), False))
    for label, command, fresh in cases:
        samples = []
        for number in range(max(runs, 10) + 1):
            if fresh:
                clean(project, pristine)
            sample = measure(command, cwd=project, timeout=120, env=tool.environment(project))
            if number:  # the first run only warms up
                samples.append(sample)
        into.five[label] = samples
        ok = sorted(s.seconds for s in samples if s.ok)
        shown = f"median {ok[len(ok) // 2]:.3f} s" if ok else samples[0].error
        say(f"   {label:<48} {shown}")


# Run reader's command line in this one process. Bodies move to worker processes from
# PARALLEL_FROM articles on, and pages from PARALLEL_PAGES_FROM pages on, where cProfile cannot
# see them: keep them here where those knobs exist.
_PROFILE_DRIVER = """\
import sys
import reader.bodies
import reader.cli
import reader.templates

if not hasattr(reader.bodies, "PARALLEL_FROM"):
    sys.exit("reader.bodies.PARALLEL_FROM is gone")
reader.bodies.PARALLEL_FROM = sys.maxsize
if hasattr(reader.templates, "PARALLEL_PAGES_FROM"):
    reader.templates.PARALLEL_PAGES_FROM = sys.maxsize
sys.exit(reader.cli.main(sys.argv[1:]))
"""


def profile_reader(tool: Tool, source: Path, size: int, *, seed: int) -> str:
    """Profile one cold reader build of `size` articles with cProfile; summarise where time goes."""
    say(f"\n== profiling a reader build of {size:,} articles")
    project = lay_out("reader", corpus.make_corpus(size, seed=seed), CORPORA / "profile", source)
    out = CORPORA / "profile.pstats"
    python, *rest = tool.command(project)
    arguments = rest[rest.index("reader") + 1 :]
    driver = CORPORA / "profile_driver.py"
    driver.write_text(_PROFILE_DRIVER, encoding="utf-8")
    one_process = [python, "-m", "cProfile", "-o", str(out), str(driver), *arguments]
    sample = measure(one_process, cwd=project, timeout=3600, env=tool.environment(project))
    where = (
        "in one process: bodies and pages are rendered here instead of in worker processes; "
        "time spent in other programs the build starts is not seen"
    )
    if not sample.ok:
        clean(project, frozenset({"content", "templates"}))
        sample = measure(
            [python, "-m", "cProfile", "-o", str(out), *rest],
            cwd=project,
            timeout=3600,
            env=tool.environment(project),
        )
        where = "main process only: work done in worker processes is not seen"
    if not sample.ok:
        return f"## Where reader's time goes\n\nThe profiled build failed: {sample.error}\n"
    return summarise_profile(out, size=size, seconds=sample.seconds, where=where)


def summarise_profile(path: Path, *, size: int, seconds: float, where: str) -> str:
    stats = pstats.Stats(str(path))
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    groups: dict[str, float] = {}
    for (filename, _, function), entry in raw.items():
        groups[_profile_group(filename, function)] = (
            groups.get(_profile_group(filename, function), 0) + entry[2]
        )
    top_groups = sorted(groups.items(), key=lambda item: -item[1])[:15]
    cumulative = sorted(raw.items(), key=lambda item: -item[1][3])
    lines = [
        "## Where reader's time goes\n",
        f"One cold build of {size:,} articles under cProfile ({seconds:.1f} s with the profiler; "
        f"it slows Python code more than C code, so shares matter more than totals), {where}.\n",
        "Own time by package or module:\n",
        "| where | own time | share |",
        "|---|---:|---:|",
        *[f"| {name} | {value:.2f} s | {value / total:.0%} |" for name, value in top_groups],
        "\nLargest cumulative times:\n",
        "| function | calls | cumulative | own |",
        "|---|---:|---:|---:|",
    ]
    shown = 0
    for (filename, line, function), entry in cumulative:
        if filename.startswith("<frozen runpy") or function in {"<module>", "main", "run"}:
            continue
        if function == "<built-in method builtins.exec>":
            continue
        where = _short_path(filename)
        lines.append(
            f"| `{where}:{line} {function}` | {entry[1]:,} | {entry[3]:.2f} s | {entry[2]:.2f} s |"
        )
        shown += 1
        if shown == 25:
            break
    return "\n".join(lines) + "\n"


_BUILTIN = re.compile(r"<built-in method ([\w.]+)[^>]*>|<method '(\w+)' of '([\w.]+)' objects>")


def _profile_group(filename: str, function: str) -> str:
    """Where a profiled function lives: a package, one of reader's modules, or a builtin."""
    if filename == "~":
        match = _BUILTIN.fullmatch(function)
        if match is None:
            return f"builtin {function}"
        name = match[1] or f"{match[3]}.{match[2]}"
        return f"builtin {name}"
    path = Path(filename)
    if path.suffix == ".html":
        return "compiled templates (Jinja)"
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    if "reader" in path.parts:
        return "reader." + path.stem
    return "stdlib " + path.stem.removeprefix("<frozen ").removesuffix(">")


def _short_path(filename: str) -> str:
    if filename == "~":
        return "builtin"
    parts = Path(filename).parts
    for marker in ("site-packages", "reader-source", "python3.11"):
        if marker in parts:
            return "/".join(parts[parts.index(marker) + 1 :])
    return filename


def describe_machine() -> list[str]:
    model = "unknown processor"
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) // 1024 // 1024
    cores = len(os.sched_getaffinity(0))
    return [
        f"{model}, {cores} cores available, {memory} GiB memory, Linux {platform.release()}",
    ]


def describe_versions(
    tools: dict[str, Tool], source: Path, missing: dict[str, str]
) -> dict[str, str]:
    versions = {name: tool.version for name, tool in tools.items()}
    for name in ("reader", "reader-no-search"):
        if name not in tools:
            continue
        versions[name] += f"; {describe_source(source)}"
        mode = (
            "with `--no-cache`"
            if peers.reader_has_no_cache(tools[name])
            else ("by the default command (reader has no `--no-cache` flag yet)")
        )
        versions[name] += f"; cold builds run {mode}"
        if name == "reader-no-search":
            versions[name] += ", and every build with `--no-search`"
    for name, reason in missing.items():
        versions[name] = f"not measured: {reason}"
    return versions


def describe_source(source: Path) -> str:
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "src", "templates"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    state = "with uncommitted changes in src/ or templates/" if dirty else "clean"
    return f"source of commit {commit}, {state}, copied when the run began"


def finish(result: Report, args: argparse.Namespace) -> None:
    result.loads_after = os.getloadavg()
    result.method = METHOD
    text = report.render(result)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    args.results.with_suffix(".json").write_text(report.to_json(result), encoding="utf-8")
    say("\n" + text)
    say(f"written to {args.results} and {args.results.with_suffix('.json')}")


METHOD = """\
- Each size's corpus is generated once (`bench/corpus.py`, seed 7: article *i* is the same at
  every size) and laid out once per tool; 6–8 KB per article file, dates over 24 years at day,
  month or year precision, all three stances, twelve topics, eight actors, one event per eight
  articles.
- Every build is a fresh process started from Python's `subprocess`, in its own session, with
  the corpus already in the page cache. Each tool builds a tiny corpus once, untimed, before
  the first measurement. The order of the tools rotates from one repetition to the next.
- Before each cold build, everything the previous build left in the project folder (output,
  caches, lock files) is deleted; Hugo's cache directory is pointed inside the project.
- *Wall time*: from spawning the process to reaping it. *CPU time*: user + system time of the
  build and of the children it waited for. *Peak memory*: sampled from `/proc` every 20 ms
  (less often once the build holds more than about half a GiB: reading PSS costs about 4 ms of
  CPU per GiB, and the sampler is kept to a tenth of one core) over all live processes of the
  build's session, summed two ways at the same instants: the highest sum of their resident
  set sizes (*RSS sum*) and the highest sum of their proportional set sizes (*PSS sum*, `Pss:`
  of `/proc/PID/smaps_rollup`; a process's RSS if that cannot be read); each is raised to the
  highest single process's own high-water mark (`VmHWM`) if that is higher. In the RSS sum,
  pages that forked workers share count once per process, so for a process pool it
  overstates; the PSS sum splits each shared page among the processes sharing it, including
  processes outside the build (shared libraries this harness maps too), so it may understate
  by a few MiB. A process that lives less than one sampling interval may be understated.
  (`ru_maxrss` is not used: at `exec` Linux folds the forking parent's high-water mark into
  the child's, so it would report the benchmark's own size for small builds.)
- reader runs as `.venv/bin/python -m reader build --project DIR` with `PYTHONPATH` pointing
  at a copy of `src/reader` taken when the run began, so edits made meanwhile cannot mix in;
  templates come from the same copy.
- reader is measured twice: `reader` builds the Pagefind search index as by default,
  `reader-no-search` passes `--no-search`. Each has its own copy of the corpus, and each is
  timed on its own rebuilds after its cold builds.
- Rebuilds edit the article in the middle of the generated order; the check that compares
  with a clean build runs after the last repetition's edits, for each reader tool.
"""


if __name__ == "__main__":
    sys.exit(main())
