"""A build killed at any moment leaves a complete site: the previous one, or the new one whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from snapshots import snapshot
from synthetic import write_project

ARTICLES = 500
# Fractions of a full build's wall time at which the build is killed.
KILL_POINTS = (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97)
PYTHON_STARTED = 0.1  # seconds


def _build(
    project: Path, *options: str, stderr: int = subprocess.DEVNULL, session: bool = False
) -> subprocess.Popen[bytes]:
    """Start a build; with `session`, in a process group of its own that takes Ctrl-C as a
    terminal's foreground job would (a shell may have started this one ignoring it)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "build", "--project", str(project), *options],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        env=env,
        start_new_session=session,
        preexec_fn=_take_ctrl_c if session else None,
    )


def _take_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("killed") / "project", articles=ARTICLES)


def test_sigkill_at_any_point_leaves_a_complete_site(project: Path) -> None:
    started = time.perf_counter()
    assert _build(project).wait() == 0
    duration = time.perf_counter() - started
    old = snapshot(project / "site")

    article = project / "content" / "articles" / "article-00001.md"
    article.write_text(article.read_text().replace("Synthetic article", "Edited article"))
    assert _build(project).wait() == 0
    new = snapshot(project / "site")
    assert new != old
    article.write_text(article.read_text().replace("Edited article", "Synthetic article"))
    assert _build(project).wait() == 0
    assert snapshot(project / "site") == old

    article.write_text(article.read_text().replace("Synthetic article", "Edited article"))
    outcomes = []
    for point in KILL_POINTS:
        process = _build(project)
        time.sleep(duration * point)
        process.send_signal(signal.SIGKILL)
        process.wait()
        site = snapshot(project / "site")
        assert site in (old, new), f"killed at {point:.0%}: site/ is neither build"
        outcomes.append("old" if site == old else "new")
        if site == new:  # put the old site back, so later kills test the swap again
            article.write_text(article.read_text().replace("Edited article", "Synthetic article"))
            assert _build(project).wait() == 0
            article.write_text(article.read_text().replace("Synthetic article", "Edited article"))
    assert "old" in outcomes, outcomes  # some kills landed mid-build

    assert _build(project).wait() == 0
    assert snapshot(project / "site") == new
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_at_any_point_stops_every_process_quietly(project: Path) -> None:
    """Ctrl-C reaches the whole process group, worker processes included: the build says it
    was interrupted (no traceback from any process), leaves site/ whole and leaves no process."""
    assert _build(project).wait() == 0
    started = time.perf_counter()
    assert _build(project, "--no-cache").wait() == 0
    duration = time.perf_counter() - started
    before = snapshot(project / "site")
    codes = set()
    for point in KILL_POINTS:
        process = _build(project, "--no-cache", stderr=subprocess.PIPE, session=True)
        # Not before Python itself has started: a Ctrl-C in its first milliseconds is its own.
        time.sleep(max(duration * point, PYTHON_STARTED))
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        deadline = time.monotonic() + 10
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _group_alive(process.pid), f"Ctrl-C at {point:.0%}: processes were left"
        text = stderr.decode()
        assert "Traceback" not in text, f"Ctrl-C at {point:.0%}:\n{text}"
        codes.add(process.returncode)
        assert process.returncode in (0, 130), (
            f"Ctrl-C at {point:.0%}: {process.returncode}\n{text}"
        )
        if process.returncode == 130:
            assert "interrupted" in text
        assert snapshot(project / "site") == before  # nothing changed: either way, the same
    assert 130 in codes
