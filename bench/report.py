"""Turn the measured runs into tables: medians, ranges, ratios to Hugo, and the issue's targets."""

from __future__ import annotations

import dataclasses
import functools
import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from measure import Sample
from rebuilds import Rewrite

# What is left to do, and why, read from a run's numbers and profile: included in RESULTS.md.
ANALYSIS = Path(__file__).with_name("ANALYSIS.md")

MIB = 1024 * 1024
FIVE_FIRST = "reader build (first build: no site, no cache)"
REBUILDS = {
    "first": "first build (cache empty)",
    "unchanged": "nothing changed",
    "body": "one article's body edited",
    "title": "one article's title edited",
}
# The tools that run reader, and how the tables name them.
READER_TOOLS = ("reader", "reader-no-search")
LABELS = {"reader-no-search": "reader --no-search"}
LIKE_FOR_LIKE = (
    "No peer builds a search index, so `reader --no-search` is the like-for-like comparison, "
    "while `reader` shows what the search index (Pagefind) costs."
)


def label(tool: str) -> str:
    """How the tables name a tool: `reader-no-search` as the command line it runs."""
    return LABELS.get(tool, tool)


@dataclass(frozen=True, slots=True)
class Result:
    tool: str
    size: int
    kind: str  # "cold", or a key of REBUILDS
    sample: Sample
    rewrite: Rewrite | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """The runs of one tool, size and kind that succeeded, and the failures."""

    runs: tuple[Sample, ...]
    failures: tuple[str, ...]

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu_seconds for s in self.runs)

    @property
    def peak_rss(self) -> int:
        return max(s.peak_rss for s in self.runs)

    @property
    def peak_pss(self) -> int | None:
        """None if a run did not record it (runs from before PSS was measured)."""
        values = [s.peak_pss for s in self.runs if s.peak_pss is not None]
        return max(values) if len(values) == len(self.runs) else None

    @property
    def processes(self) -> int:
        return max(s.peak_processes for s in self.runs)

    def span(self) -> str:
        times = [s.seconds for s in self.runs]
        return f"{_secs(min(times))}–{_secs(max(times))}"


@dataclass(slots=True)
class Report:
    """Everything a run of the benchmark found, ready to print as Markdown."""

    command: str
    date: str
    machine: list[str]
    versions: dict[str, str]
    notes: list[str]
    cores: int = 1
    loads_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    loads_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    results: list[Result] = field(default_factory=list)
    five: dict[str, list[Sample]] = field(default_factory=dict)
    # reader tool -> articles -> how the rebuilt site compares with a clean build
    equivalence: dict[str, dict[int, str]] = field(default_factory=dict)
    profile: str = ""
    # bench/mentions.py --json: aliases, characters, seconds, same_spans (1 or 0), ...
    mentions: dict[str, float] = field(default_factory=dict)
    peer_notes: str = ""
    method: str = ""

    def summary(self, tool: str, size: int, kind: str = "cold") -> Summary | None:
        chosen = [r for r in self.results if (r.tool, r.size, r.kind) == (tool, size, kind)]
        if not chosen:
            return None
        return Summary(
            tuple(r.sample for r in chosen if r.sample.ok),
            tuple(r.sample.error for r in chosen if not r.sample.ok),
        )

    def sizes(self) -> list[int]:
        return sorted({r.size for r in self.results})

    def tools(self) -> list[str]:
        order = ("hugo", "hugo-pagefind", "eleventy", "pelican", "reader", "reader-no-search")
        return [t for t in order if any(r.tool == t for r in self.results)]

    def reader_tools(self) -> list[str]:
        """The reader tools this run measured; `reader` alone if none, to say "not measured"."""
        return [t for t in self.tools() if t in READER_TOOLS] or ["reader"]

    def hugo_median(self, size: int, peer: str = "hugo") -> float | None:
        hugo = self.summary(peer, size)
        return hugo.median if hugo and hugo.runs else None


def _secs(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _ratio(value: float, base: float | None) -> str:
    return f"{value / base:.2f}×" if base else "–"


def _mib(value: int | None) -> str:
    """Bytes as MiB; "—" for a number the run did not record."""
    return "—" if value is None else f"{value / MIB:.0f} MiB"


def to_json(report: Report) -> str:
    """Every run's numbers, so that the tables can be checked or rendered again."""
    return json.dumps(dataclasses.asdict(report), indent=1, ensure_ascii=False) + "\n"


def from_json(text: str) -> Report:
    raw = json.loads(text)
    results = [
        Result(
            r["tool"],
            r["size"],
            r["kind"],
            Sample(**r["sample"]),
            Rewrite(**{**r["rewrite"], "examples": tuple(r["rewrite"]["examples"])})
            if r["rewrite"]
            else None,
        )
        for r in raw.pop("results")
    ]
    five = {label: [Sample(**s) for s in runs] for label, runs in raw.pop("five").items()}
    equivalence: dict[str, dict[int, str]] = {}
    for key, value in raw.pop("equivalence").items():
        if isinstance(value, str):  # runs from before both reader tools were rebuilt: reader's
            equivalence.setdefault("reader", {})[int(key)] = value
        else:
            equivalence[key] = {int(size): text for size, text in value.items()}
    before, after = raw.pop("loads_before"), raw.pop("loads_after")
    return Report(
        **raw,
        loads_before=(before[0], before[1], before[2]),
        loads_after=(after[0], after[1], after[2]),
        results=results,
        five=five,
        equivalence=equivalence,
    )


def _load_lines(report: Report) -> tuple[str, list[str]]:
    """The machine's load during the run, and a warning if other work was using it."""
    loads = sorted(r.sample.load for r in report.results)
    line = (
        f"Load average (1, 5, 15 min): {_loads(report.loads_before)} when the builds began, "
        f"{_loads(report.loads_after)} when they ended"
    )
    if not loads:
        return line, []
    median = loads[len(loads) // 2]
    line += f"; 1-minute load as each build began: median {median:.2f}, max {loads[-1]:.2f}"
    # The builds themselves keep one or two cores busy; more than the cores means other work.
    if median <= report.cores:
        return line, []
    return line, [
        f"The machine was busy with other work while this ran (median load {median:.1f} on "
        f"{report.cores} cores): absolute times are inflated, and ratios less certain."
    ]


def _loads(values: Sequence[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def render(report: Report) -> str:
    """RESULTS.md."""
    load, warnings = _load_lines(report)
    parts = [
        "# Benchmark: reader, Hugo, Eleventy and Pelican\n",
        f"Measured {report.date} with `{report.command}`. Medians of every run; never one run. "
        "Every run's numbers are in `RESULTS.json`.\n",
        *[f"> **{note}**\n" for note in [*report.notes, *warnings]],
        "## Machine and versions\n",
        "\n".join(f"- {line}" for line in [*report.machine, load]) + "\n",
        "\n".join(f"- {label(name)}: {version}" for name, version in report.versions.items())
        + "\n",
        _cold_tables(report),
        _rebuild_table(report),
        _five_table(report),
        _targets(report),
    ]
    if report.profile:
        parts.append(report.profile)
    if ANALYSIS.is_file():  # written by hand, after reading a run's numbers and profile
        parts.append(ANALYSIS.read_text(encoding="utf-8"))
    parts += ["## How it is measured\n", report.method, "## What each tool builds\n"]
    parts.append(report.peer_notes)
    return "\n".join(parts)


def _cold_tables(report: Report) -> str:
    lines = ["## Cold builds\n"]
    lines.append(
        "Each build starts with no output and no cache. *Peak memory* is the highest total "
        "memory of all the build's processes at once, summed two ways. The *RSS sum* adds each "
        "process's resident set, so a page that forked workers share (copy-on-write) counts "
        "once per process. The *PSS sum* adds each process's proportional set size, which "
        "charges a page shared by *n* processes 1/*n* to each, so every page counts once: it is "
        "the fair total for processes that share pages, and the issue's memory target is judged "
        "on it. For one process, such as Hugo, PSS ≈ RSS. — marks a run recorded before PSS "
        "was measured. *× Hugo* is the median wall time over Hugo's at the same size. "
        f"{LIKE_FOR_LIKE}\n"
    )
    for size in report.sizes():
        lines += [
            f"### {size:,} articles\n",
            "| tool | median | min–max | CPU time (median) | peak memory (RSS sum) | "
            "peak memory (PSS sum) | × Hugo | runs |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        base = report.hugo_median(size)
        details = []
        for tool in report.tools():
            summary = report.summary(tool, size)
            if summary is None:
                continue
            lines.append(_row(label(tool), summary, base))
            if summary.runs and summary.processes > 1:
                top = max(summary.runs, key=lambda s: s.peak_rss)
                details.append(f"`{label(tool)}`'s processes at its RSS peak: {top.peak_detail}.")
        lines += ["", *details, ""] if details else [""]
    return "\n".join(lines)


def _row(label: str, summary: Summary, base: float | None) -> str:
    count = len(summary.runs)
    failed = f" ({len(summary.failures)} failed: {summary.failures[0]})" if summary.failures else ""
    if not summary.runs:
        return f"| {label} | – | – | – | – | – | – | 0{failed} |"
    procs = f" ({summary.processes} processes)" if summary.processes > 1 else ""
    return (
        f"| {label} | {_secs(summary.median)} | {summary.span()} | {_secs(summary.cpu)} | "
        f"{_mib(summary.peak_rss)}{procs} | {_mib(summary.peak_pss)} | "
        f"{_ratio(summary.median, base)} | {count}{failed} |"
    )


def _rebuild_table(report: Report) -> str:
    if not any(r.kind in REBUILDS for r in report.results):
        return ""
    lines = [
        "## reader's rebuilds\n",
        "For each reader tool (`reader`, and `reader --no-search` if the run had it), on its own "
        "copy of the project: after a build with the tool's usual command (cache on, if reader "
        "has one), the same project is built again: unchanged, then with one article's body "
        "edited, then with its title edited. *× Hugo cold* compares with Hugo's cold build of "
        "the same size. The page columns count HTML files: *rewritten* those whose mtime changed "
        "(or that appeared or went), *changed* those whose bytes changed, *needless* those "
        "rewritten with the bytes they had, *outside* those rewritten that are neither the "
        "article's page nor a page linking to it, *stale* pages linking to the article that do "
        "not show its new title. *Other files* are the rest of the output (static files, a "
        "search index), written or removed; reader's own `.reader-site` marker is not counted.\n",
        "| articles | tool | rebuild | median | min–max | peak memory (RSS sum) | "
        "peak memory (PSS sum) | × Hugo cold | pages rewritten | changed | needless | outside | "
        "stale | other files written |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in report.sizes():
        base = report.hugo_median(size)
        for tool in report.reader_tools():
            for kind, name in REBUILDS.items():
                cells = _rebuild_cells(report, tool, size, kind, base)
                if cells:
                    lines.append(f"| {size:,} | {label(tool)} | {name} | {cells} |")
    for tool, verdicts in report.equivalence.items():
        for size, verdict in sorted(verdicts.items()):
            lines.append(f"\nAt {size:,} articles, `{label(tool)}`, after the edits: {verdict}.")
    return "\n".join(lines) + "\n"


def _rebuild_cells(report: Report, tool: str, size: int, kind: str, base: float | None) -> str:
    """The measured cells of one rebuild row; "" if the tool has no such rebuild that worked."""
    summary = report.summary(tool, size, kind)
    if summary is None or not summary.runs:
        return ""
    rewrites = [
        r.rewrite
        for r in report.results
        if (r.tool, r.size, r.kind) == (tool, size, kind) and r.rewrite
    ]
    counts = [_counts(rewrites, name) for name in Rewrite.__slots__[1:6]]
    pages, others = _counts(rewrites, "files"), _counts(rewrites, "other_files")
    written = f"{_counts(rewrites, 'other_changed')} of {others}"
    cells = [f"{counts[0]} of {pages}", *counts[1:], written] if rewrites else ["–"] * 6
    return (
        f"{_secs(summary.median)} | {summary.span()} | {_mib(summary.peak_rss)} | "
        f"{_mib(summary.peak_pss)} | {_ratio(summary.median, base)} | " + " | ".join(cells)
    )


def _counts(rewrites: Sequence[Rewrite], name: str) -> str:
    """One number if every run agrees, else each run's."""
    values = [getattr(r, name) for r in rewrites]
    unique = sorted(set(values))
    return f"{unique[0]:,}" if len(unique) == 1 else "/".join(f"{v:,}" for v in values)


def _five_table(report: Report) -> str:
    if not report.five:
        return ""
    lines = [
        "## The five-article site, end to end\n",
        "The repo's own project (content/, templates/, seeds/ as they were when the run began), "
        "built by a fresh interpreter each time, interpreter start included.\n",
        "| command | median | min–max | peak memory (RSS sum) | peak memory (PSS sum) | runs |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for command, samples in report.five.items():
        ok = tuple(s for s in samples if s.ok)
        if not ok:
            lines.append(f"| {command} | failed: {samples[0].error} | | | | |")
            continue
        summary = Summary(ok, ())
        lines.append(
            f"| {command} | {summary.median:.3f} s | {min(s.seconds for s in ok):.3f}–"
            f"{max(s.seconds for s in ok):.3f} s | {_mib(summary.peak_rss)} | "
            f"{_mib(summary.peak_pss)} | {len(ok)} |"
        )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Target:
    text: str
    measured: str
    verdict: str
    tool: str = "reader"  # the reader tool judged


def targets(report: Report) -> list[Target]:
    """The issue's targets, each met, missed (by how much) or not measured: those on reader's
    builds once for each reader tool the run measured, the five-article site (run with the
    default command) once."""
    judges: list[Callable[[str], Target]] = []
    for size, limit in ((10_000, 1.25), (1_000, 1.5)):
        judges.append(functools.partial(_against_hugo, report, size=size, limit=limit))
    for peer, factor in (("pelican", 8.0), ("eleventy", 1.8)):
        for size in (1_000, 10_000):
            judges.append(
                functools.partial(_faster_than, report, peer=peer, size=size, factor=factor)
            )
    judges.append(functools.partial(_memory, report))
    judges.append(functools.partial(_rebuild_time, report, kind="unchanged", limit=0.1))
    judges.append(functools.partial(_rebuild_time, report, kind="body", limit=0.15))
    judges += [
        functools.partial(_rebuild_scope, report, kind="body"),
        functools.partial(_rebuild_scope, report, kind="title"),
    ]
    found = [judge(tool) for judge in judges for tool in report.reader_tools()]
    found.append(_five(report))
    found.append(_mentions(report))
    return found


def _mentions(report: Report) -> Target:
    text = "Mentions: 4,000 aliases in a 100 KB article in under 0.1 s, the same spans as before"
    figures = report.mentions
    if not figures:
        return Target(text, "–", "not measured")
    seconds, same = figures["seconds"], figures["same_spans"] == 1
    measured = (
        f"{seconds * 1000:.1f} ms for {figures['aliases']:,.0f} aliases and "
        f"{figures['characters']:,.0f} characters (compiling and finding); spans "
        f"{'equal' if same else 'NOT equal'} to the regular expression's on its first "
        f"{figures['compared_characters']:,.0f}"
    )
    verdict = _verdict(seconds < 0.1, f"{seconds * 1000:.1f} ms", "< 100 ms")
    if not same:
        verdict = "**missed**: the spans differ from the regular expression's"
    return Target(text, measured, verdict)


def _verdict(ok: bool, measured: str, bound: str) -> str:
    return "met" if ok else f"**missed**: {measured}, target {bound}"


def _against_hugo(report: Report, tool: str, *, size: int, limit: float) -> Target:
    """reader without search against Hugo; reader with its search index against Hugo followed
    by Pagefind, which is what a Hugo user runs to have search."""
    peer = "hugo" if tool == "reader-no-search" else "hugo-pagefind"
    against = "Hugo's" if peer == "hugo" else "Hugo + Pagefind's"
    text = f"Cold build, {size:,} articles: ≤ {limit}× {against} wall time"
    reader, hugo = report.summary(tool, size), report.hugo_median(size, peer)
    if reader is None or not reader.runs or hugo is None:
        return Target(text, "–", "not measured", tool)
    ratio = reader.median / hugo
    measured = f"{ratio:.2f}× ({_secs(reader.median)} vs {_secs(hugo)})"
    verdict = _verdict(ratio <= limit, f"{ratio:.2f}×", f"≤ {limit}×")
    return Target(text, measured, verdict, tool)


def _faster_than(report: Report, tool: str, *, peer: str, size: int, factor: float) -> Target:
    text = f"Cold build, {size:,} articles: ≥ {factor}× faster than {peer.title()}"
    reader, other = report.summary(tool, size), report.summary(peer, size)
    if reader is None or other is None or not reader.runs or not other.runs:
        return Target(text, "–", "not measured", tool)
    speedup = other.median / reader.median
    measured = f"{speedup:.2f}× ({_secs(other.median)} vs {_secs(reader.median)})"
    verdict = _verdict(speedup >= factor, f"{speedup:.2f}×", f"≥ {factor}×")
    return Target(text, measured, verdict, tool)


def _memory(report: Report, tool: str) -> Target:
    """Judged on the PSS sum; a run without it is judged on the RSS sum only if that is met.
    reader without search: at most 300 MiB; with its search index: below Hugo + Pagefind's."""
    reader = report.summary(tool, 10_000)
    peer = report.summary("hugo-pagefind", 10_000)
    if tool != "reader-no-search":
        text = "Cold build, 10,000 articles: all build processes below Hugo + Pagefind's (PSS sum)"
        if reader is None or not reader.runs or peer is None or not peer.runs:
            return Target(text, "–", "not measured", tool)
        if reader.peak_pss is None or peer.peak_pss is None:
            return Target(text, "–", "not measured: this run recorded only the RSS sum", tool)
        measured = f"PSS sum {_mib(reader.peak_pss)} (Hugo + Pagefind: {_mib(peer.peak_pss)})"
        ok = reader.peak_pss < peer.peak_pss
        return Target(
            text, measured, _verdict(ok, _mib(reader.peak_pss), f"< {_mib(peer.peak_pss)}"), tool
        )
    text = "Cold build, 10,000 articles: all build processes together ≤ 300 MiB (PSS sum)"
    if reader is None or not reader.runs:
        return Target(text, "–", "not measured", tool)
    hugo = report.summary("hugo", 10_000)
    pss, rss = reader.peak_pss, reader.peak_rss
    measured = f"PSS sum {_mib(pss)}, RSS sum {_mib(rss)}"
    if hugo and hugo.runs:
        measured += f" (Hugo: PSS sum {_mib(hugo.peak_pss)}, RSS sum {_mib(hugo.peak_rss)})"
    if pss is None:
        # The RSS sum is an upper bound of the PSS sum: below the limit, the target is met.
        if rss <= 300 * MIB:
            return Target(text, measured, "met (on the RSS sum, an upper bound)", tool)
        return Target(text, measured, "not measured: this run recorded only the RSS sum", tool)
    return Target(text, measured, _verdict(pss <= 300 * MIB, _mib(pss), "≤ 300 MiB"), tool)


def _rebuild_time(report: Report, tool: str, *, kind: str, limit: float) -> Target:
    text = f"Rebuild, {REBUILDS[kind]}, 10,000 articles: ≤ {limit}× Hugo's cold build"
    reader, hugo = report.summary(tool, 10_000, kind), report.hugo_median(10_000)
    if reader is None or not reader.runs or hugo is None:
        return Target(text, "–", "not measured", tool)
    ratio = reader.median / hugo
    measured = f"{ratio:.2f}× ({_secs(reader.median)} vs {_secs(hugo)})"
    verdict = _verdict(ratio <= limit, f"{ratio:.2f}×", f"≤ {limit}×")
    return Target(text, measured, verdict, tool)


def _rebuild_scope(report: Report, tool: str, *, kind: str) -> Target:
    if kind == "body":
        text = (
            "One article's body edited: only its page and the pages that list it are rewritten; "
            "unchanged files keep their mtime"
        )
    else:
        text = "One article's title edited: every page that shows it is updated, nothing else"
    rewrites = [r.rewrite for r in report.results if (r.tool, r.kind) == (tool, kind) and r.rewrite]
    if not rewrites:
        return Target(text, "–", "not measured", tool)
    # The run with the most trouble; among equals, the largest site.
    worst = max(rewrites, key=lambda r: (r.needless + r.outside + r.stale, r.files, r.rewritten))
    measured = (
        f"worst run: {worst.rewritten:,} of {worst.files:,} pages rewritten, {worst.changed:,} "
        f"changed, {worst.needless:,} needless, {worst.outside:,} outside, {worst.stale} stale; "
        f"{worst.other_changed:,} of {worst.other_files:,} other files written"
    )
    ok = all(r.needless == 0 and r.outside == 0 and r.stale == 0 for r in rewrites)
    if worst.examples:
        measured += " (e.g. " + ", ".join(f"`{e}`" for e in worst.examples) + ")"
    return Target(text, measured, "met" if ok else "**missed**", tool)


def _five(report: Report) -> Target:
    text = (
        "The five-article site, end to end including interpreter start: ≤ 0.35 s median "
        "(a first build: no site, no cache)"
    )
    samples = report.five.get(FIVE_FIRST, [])
    ok = [s.seconds for s in samples if s.ok]
    if not ok:
        return Target(text, "–", "not measured")
    median = statistics.median(ok)
    return Target(text, f"{median:.3f} s", _verdict(median <= 0.35, f"{median:.3f} s", "≤ 0.35 s"))


def _targets(report: Report) -> str:
    lines = [
        "## Targets\n",
        "Each target on reader's builds is judged for each reader tool the run measured: "
        "`reader --no-search` against Hugo, `reader` (with its search index) against Hugo "
        "followed by Pagefind over Hugo's output; the five-article site is built with the "
        "default command.\n",
        "| target | tool | measured | verdict |",
        "|---|---|---|---|",
    ]
    previous = ""
    for t in targets(report):
        # A target judged for several tools is named once, on its first row.
        text, previous = ("" if t.text == previous else t.text), t.text
        lines.append(f"| {text} | {label(t.tool)} | {t.measured} | {t.verdict} |")
    return "\n".join(lines) + "\n"
