"""The wheel, installed in a fresh virtual environment as a user would, far from this checkout:
it holds the theme and the worked example, and `reader init` then `reader build` works."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from reader import __version__
from reader.build import build

REPO = Path(__file__).resolve().parents[1]
# What a wheel is built from: the project's files, not what builds and tests leave about.
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "site", ".site.*", "build", "dist", "*.egg-info", "bench", "tests",
    "test-artifacts", ".reader-cache", ".hypothesis", ".*_cache", "__pycache__",
)  # fmt: skip
SHIPPED = {"templates": "reader/theme", "content": "reader/example/content"}
SHIPPED_SEEDS = "reader/example/seeds"


def _run(command: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the project's sources."""
    root = tmp_path_factory.mktemp("wheel")
    sources = root / "sources"
    shutil.copytree(REPO, sources, ignore=NOT_SOURCES)
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", root / "dist", "."], sources
    )
    (found,) = (root / "dist").glob("*.whl")
    return found


@pytest.fixture(scope="module")
def reader_command(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`reader`, from the wheel installed in a new virtual environment."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", venv], venv.parent)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], venv.parent)
    return venv / "bin" / "reader"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_the_wheel_holds_the_theme_the_example_and_honest_metadata(wheel: Path) -> None:
    assert wheel.name == f"policy_reader-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for folder, inside in SHIPPED.items():
            for name, data in _files(REPO / folder).items():
                assert archive.read(f"{inside}/{name}") == data, name
        for name, data in _files(REPO / "seeds").items():
            assert archive.read(f"{SHIPPED_SEEDS}/{name}") == data, name
        info = f"policy_reader-{__version__}.dist-info"
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert metadata["Name"] == "policy-reader"
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("Project-URL") == ["Homepage, https://pypi.org/project/policy-reader/"]
    assert f"{info}/licenses/LICENSE" in names
    assert "reader/py.typed" in names
    assert "Programming Language :: Python :: 3.11" in metadata.get_all("Classifier")
    assert "reader = reader.__main__:entry" in entry_points
    # Nothing of the checkout's own: no tests, no benchmarks, no build output.
    assert not [n for n in names if n.startswith(("tests/", "bench/", "site/", "reader/site/"))]


def test_installed_reader_init_then_build_gives_a_working_site(
    reader_command: Path, tmp_path: Path
) -> None:
    version = _run([reader_command, "--version"], tmp_path)
    assert version.stdout.strip() == f"reader {__version__}"
    _run([reader_command, "init", "my-reader"], tmp_path)
    project = tmp_path / "my-reader"
    assert not (project / "templates").exists()
    built = _run([reader_command, "build"], project)
    assert "no articles yet" in built.stderr
    site = project / "site"
    for page in ("index.html", "timeline/index.html", "about/index.html", "static/style.css"):
        assert (site / page).is_file(), page
    assert (site / "static/style.css").read_bytes() == (
        REPO / "templates/static/style.css"
    ).read_bytes()
    assert any((site / "pagefind").rglob("pagefind.js"))

    # A project that is only content/: the theme does the rest.
    only = tmp_path / "only-content"
    shutil.copytree(project / "content", only / "content")
    _run([reader_command, "build", "--no-search"], only)
    assert (only / "site" / "index.html").is_file()


def test_installed_reader_init_example_gives_this_reader(
    reader_command: Path, tmp_path: Path
) -> None:
    _run([reader_command, "init", "--example", "example"], tmp_path)
    example = tmp_path / "example"
    assert _files(example / "content") == _files(REPO / "content")
    _run([reader_command, "build", "--no-search"], example)
    build(REPO, tmp_path / "ours", cache=False, search=False)
    assert _files(example / "site") == _files(tmp_path / "ours")


def _readme_block(language: str, containing: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", (REPO / "README.md").read_text(), re.DOTALL)
    (block,) = [b for b in blocks if containing in b]
    return str(block)


def test_the_readme_s_netlify_and_rsync_recipes_publish_a_new_reader(
    reader_command: Path, wheel: Path, tmp_path: Path
) -> None:
    """Run as written, with the installed reader on the PATH; pip finds this version of
    policy-reader in the folder of the wheel, as it would on PyPI."""
    _run([reader_command, "init", "my-reader"], tmp_path)
    project = tmp_path / "my-reader"
    scripts = reader_command.parent
    path = f"{scripts}:{os.environ['PATH']}"

    netlify = tomllib.loads(_readme_block("toml", "[build]"))["build"]
    pip = {"PIP_FIND_LINKS": str(wheel.parent), "PIP_NO_INDEX": "1"}
    _run(
        ["bash", "-e", "-c", netlify["command"]],
        project,
        PATH=path,
        URL="https://x.netlify.app",
        **pip,
    )
    sitemap = (project / netlify["publish"] / "sitemap.xml").read_text()
    assert "<loc>https://x.netlify.app/</loc>" in sitemap

    if shutil.which("rsync") is None:
        if os.environ.get("CI"):
            pytest.fail("missing in CI: rsync")
        pytest.skip("rsync is not installed")
    served = tmp_path / "www"
    (served / "stale").mkdir(parents=True)
    recipe = _readme_block("sh", "rsync ").replace(
        "user@example.org:/var/www/reader/", f"{served}/"
    )
    _run(["bash", "-e", "-c", recipe], project, PATH=path)
    assert _files(served) == _files(project / "site")
    assert not (served / "stale").exists()
    modes = {stat.S_IMODE(p.stat().st_mode) for p in served.rglob("*")}
    assert modes == {0o755, 0o644}
