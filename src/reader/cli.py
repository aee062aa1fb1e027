"""The `reader` command: the only place that prints and chooses exit codes."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import build
from .errors import ReaderError

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 70
EXIT_INTERRUPTED = 130

EXAMPLES = """\
examples:
  reader build                               build ./content into ./site
  reader build --out public --base-url https://example.org/reader/
  reader build --project ~/readers/taliban --drafts
"""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Build a curated policy-analysis reader as a static website.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_parser = commands.add_parser(
        "build",
        help="build the site",
        description="Validate content/, render every page and replace the output folder at once.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_parser.add_argument(
        "--project", type=Path, default=Path(), help="project folder (default: .)"
    )
    build_parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: PROJECT/site)"
    )
    build_parser.add_argument(
        "--base-url", default=None, help="public address of the site, for canonical links"
    )
    build_parser.add_argument("--drafts", action="store_true", help="include draft articles")
    build_parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = make_parser().parse_args(argv)
    try:
        return _run_build(args)
    except ReaderError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        noun = "problem" if count == 1 else "problems"
        print(
            f"reader: build failed ({count} {noun}); the output was left as it was", file=sys.stderr
        )
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("reader: interrupted; the output was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(f"reader: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        if not args.debug:
            print("reader: run again with --debug to see the traceback", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def _run_build(args: argparse.Namespace) -> int:
    project: Path = args.project
    out: Path = args.out if args.out is not None else project / "site"
    report = build(project, out, base_url=args.base_url, drafts=args.drafts)
    for warning in report.warnings:
        print(f"reader: warning: {warning}", file=sys.stderr)
    drafts = f", {report.drafts_skipped} drafts skipped" if report.drafts_skipped else ""
    print(
        f"reader: built {report.pages} pages ({report.files} files, "
        f"{report.size / 1024:.0f} KiB{drafts}) in {report.seconds:.2f} s -> {out}"
    )
    return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
