"""Run one build and measure it: wall time, CPU time, and the memory of its whole process tree."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.02
# Reading smaps_rollup walks a process's page tables (about 4 ms of CPU per GiB resident): a
# sample waits at least this many times its own CPU time, so the sampler takes a tenth of a core.
SAMPLE_SHARE = 9


@dataclass(frozen=True, slots=True)
class Sample:
    """What one build cost. Memory is in bytes; `error` is empty when the build succeeded.

    `peak_pss` is None for runs recorded before it was measured.
    """

    seconds: float
    cpu_seconds: float
    peak_rss: int
    peak_processes: int
    error: str
    load: float
    peak_detail: str = ""  # the programs at the peak, e.g. "python 540 MiB (PSS 310 MiB) ×3"
    peak_pss: int | None = None

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True, slots=True)
class Usage:
    """One look at a session: summed RSS and PSS, process count, highest single high-water mark."""

    total: int
    pss: int
    processes: int
    high_water: int
    programs: tuple[tuple[str, int, int], ...]  # (command name, RSS, PSS) of each process


def session_usage(session: int) -> Usage:
    """The memory of every live process in `session` (bytes).

    Threads share their process's memory and are not listed in /proc, so the RSS sum counts
    nothing twice except pages that forked processes share (each process counts them): an
    overestimate. The PSS sum counts a page shared by n processes 1/n in each, so once in all.
    VmHWM is each process's own peak since its exec, so a spike between samples is not missed.
    """
    total = pss_total = processes = high_water = 0
    programs: list[tuple[str, int, int]] = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_bytes()
            # Fields after the command name, which is in parentheses and may hold spaces.
            fields = stat[stat.rindex(b")") + 2 :].split()
            if int(fields[3]) != session:
                continue
            status = Path(entry.path, "status").read_bytes()
        except OSError:
            continue
        rss = int(fields[21]) * PAGE
        pss = _pss(entry.path, rss)
        total += rss
        pss_total += pss
        processes += 1
        name = stat[stat.index(b"(") + 1 : stat.rindex(b")")].decode(errors="replace")
        programs.append((name, rss, pss))
        found = _VMHWM.search(status)
        if found:
            high_water = max(high_water, int(found[1]) * 1024)
    return Usage(total, pss_total, processes, high_water, tuple(programs))


def _pss(process: str, rss: int) -> int:
    """A process's proportional set size (bytes), or its RSS if smaps_rollup cannot be read."""
    try:
        found = _PSS.search(Path(process, "smaps_rollup").read_bytes())
    except OSError:
        return rss
    return int(found[1]) * 1024 if found else rss


def describe_programs(programs: tuple[tuple[str, int, int], ...]) -> str:
    """'python 540 MiB (PSS 310 MiB) ×3, …': RSS and PSS by program, largest RSS first."""
    by_name: dict[str, list[tuple[int, int]]] = {}
    for name, rss, pss in programs:
        by_name.setdefault(name, []).append((rss, pss))
    ranked = sorted(by_name.items(), key=lambda item: -sum(rss for rss, _ in item[1]))
    return ", ".join(
        f"{name} {sum(r for r, _ in sizes) / 2**20:.0f} MiB "
        f"(PSS {sum(p for _, p in sizes) / 2**20:.0f} MiB)"
        + (f" ×{len(sizes)}" if len(sizes) > 1 else "")
        for name, sizes in ranked
    )


_VMHWM = re.compile(rb"^VmHWM:\s+(\d+) kB", re.MULTILINE)
_PSS = re.compile(rb"^Pss:\s+(\d+) kB", re.MULTILINE)


class _Sampler(threading.Thread):
    """Samples a session's memory until stopped; keeps the highest values seen.

    Either peak is at least the highest single high-water mark: the session held that much at
    once, whether or not a sample caught it.
    """

    def __init__(self, session: int) -> None:
        super().__init__(daemon=True)
        self.session = session
        self.peak = 0
        self.peak_pss = 0
        self.peak_processes = 0
        self.peak_programs: tuple[tuple[str, int, int], ...] = ()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            started = time.thread_time()
            usage = session_usage(self.session)
            peak = max(usage.total, usage.high_water)
            if peak > self.peak:
                self.peak = peak
                self.peak_programs = usage.programs
            self.peak_pss = max(self.peak_pss, usage.pss, usage.high_water)
            self.peak_processes = max(self.peak_processes, usage.processes)
            spent = time.thread_time() - started
            self.stopped.wait(max(SAMPLE_SECONDS, SAMPLE_SHARE * spent))


def measure(
    command: Sequence[str],
    *,
    cwd: Path,
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> Sample:
    """Run `command` in its own session and measure it; never raise for a failed build."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        sampler = _Sampler(process.pid)
        sampler.start()
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        # wait4 reaps the build and gives its rusage (and that of the children it reaped).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        _kill_leftovers(process.pid)
        sampler.stopped.set()
        sampler.join()
        err.seek(0)
        error = _error_text(process.returncode, err.read(), timed_out.is_set(), timeout)
    # Not ru_maxrss: at exec the kernel folds the forking parent's high-water mark into the
    # child's, so it would report this (large) benchmark process for small builds.
    return Sample(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss=sampler.peak,
        peak_pss=sampler.peak_pss,
        peak_processes=max(1, sampler.peak_processes),
        peak_detail=describe_programs(sampler.peak_programs),
        error=error,
        load=load,
    )


def _kill_leftovers(session: int) -> None:
    """A build that left processes behind would distort the next one: end them."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(session, signal.SIGKILL)


def _error_text(code: int, stderr: bytes, timed_out: bool, timeout: float) -> str:
    if timed_out:
        return f"timed out after {timeout:.0f} s"
    if code == 0:
        return ""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return f"exit status {code}: " + (" | ".join(lines[-3:]) if lines else "(no message)")
