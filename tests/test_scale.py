"""Large input builds with bounded memory: a 10 MB article, a 10,000-article project; a
larger file is refused before it is read.

Peak memory is measured in a separate process (its children's maximum resident set size), so
other tests' subprocesses cannot count. Nothing here measures speed: that is for bench/.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from reader.sources import MAX_TEXT_BYTES
from synthetic import article_text, write_project

MEASURE = """
import json, resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"code": result.returncode, "stderr": result.stderr, "peak_kib": peak}))
"""


def _build_measured(project: Path, *options: str) -> tuple[int, str, float]:
    """Build `project` in a child process; return exit code, stderr and peak memory in MiB."""
    command = [sys.executable, "-m", "reader", "build", "--project", str(project), *options]
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    report = json.loads(output.stdout)
    return report["code"], report["stderr"], report["peak_kib"] / 1024


def _write_long_article(project: Path, size: int) -> Path:
    paragraph = "The envoys met again, and again the talks ended without a text. " * 12
    body = "\n\n".join([paragraph] * (size // (len(paragraph) + 2)))
    front = article_text(0, rng=random.Random(1), paragraphs=1)
    article = project / "content" / "articles" / "article-00000.md"
    article.write_text(front + body, encoding="utf-8")
    return article


def test_a_10_mb_article_builds_with_bounded_memory(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=3)
    article = _write_long_article(project, MAX_TEXT_BYTES - 2000)
    assert MAX_TEXT_BYTES - 10_000 < article.stat().st_size <= MAX_TEXT_BYTES

    code, stderr, peak = _build_measured(project)
    assert code == 0, stderr
    page = project / "site" / "articles" / "article-00000" / "index.html"
    assert page.stat().st_size > MAX_TEXT_BYTES - 10_000
    assert peak < 300, f"peak memory {peak:.0f} MiB"


def test_a_20_mb_article_is_refused_before_it_is_read(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=3)
    article = _write_long_article(project, 20_000_000)
    code, stderr, peak = _build_measured(project)
    assert code == 1
    size = article.stat().st_size / 1024 / 1024
    assert stderr.splitlines()[0] == (
        f"content/articles/article-00000.md: is {size:.1f} MiB, more than the 10 MiB reader "
        "reads from one file"
    )
    assert peak < 100, f"peak memory {peak:.0f} MiB"


def test_a_10000_article_project_builds_with_bounded_memory(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=10_000)
    # reader's own memory: the search index is built by Pagefind, a separate program whose
    # memory grows with the site (near 900 MiB for these pages), so it is left out here.
    code, stderr, peak = _build_measured(project, "--no-search")
    assert code == 0, stderr
    assert len(list((project / "site" / "articles").iterdir())) == 10_000
    # The site is over 100 MiB and the build peaks near 150 MiB: pages are written as they are
    # rendered, never held all at once.
    assert peak < 256, f"peak memory {peak:.0f} MiB"
