"""A build killed at any moment leaves a complete site: the previous one, or the new one whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from synthetic import write_project

ARTICLES = 500
# Fractions of a full build's wall time at which the build is killed.
KILL_POINTS = (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _build(project: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "build", "--project", str(project)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("killed") / "project", articles=ARTICLES)


def test_sigkill_at_any_point_leaves_a_complete_site(project: Path) -> None:
    started = time.perf_counter()
    assert _build(project).wait() == 0
    duration = time.perf_counter() - started
    old = _snapshot(project / "site")

    article = project / "content" / "articles" / "article-00001.md"
    article.write_text(article.read_text().replace("Synthetic article", "Edited article"))
    assert _build(project).wait() == 0
    new = _snapshot(project / "site")
    assert new != old
    article.write_text(article.read_text().replace("Edited article", "Synthetic article"))
    assert _build(project).wait() == 0
    assert _snapshot(project / "site") == old

    article.write_text(article.read_text().replace("Synthetic article", "Edited article"))
    outcomes = []
    for point in KILL_POINTS:
        process = _build(project)
        time.sleep(duration * point)
        process.send_signal(signal.SIGKILL)
        process.wait()
        site = _snapshot(project / "site")
        assert site in (old, new), f"killed at {point:.0%}: site/ is neither build"
        outcomes.append("old" if site == old else "new")
        if site == new:  # put the old site back, so later kills test the swap again
            article.write_text(article.read_text().replace("Edited article", "Synthetic article"))
            assert _build(project).wait() == 0
            article.write_text(article.read_text().replace("Synthetic article", "Edited article"))
    assert "old" in outcomes, outcomes  # some kills landed mid-build

    assert _build(project).wait() == 0
    assert _snapshot(project / "site") == new
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []
