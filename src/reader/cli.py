"""The `reader` command: the only place that prints and chooses exit codes."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .errors import Problem, ReaderError
from .terminal import Painter, ProgressBar, wants_colour, wants_progress

if TYPE_CHECKING:
    from .check import CheckReport
    from .importer import ImportReport

# Each command imports what it needs when it runs: `reader --version` or a build with nothing
# to do should not wait for every command's modules, and a Ctrl-C while they load is then met
# by main()'s handler like any other.

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2  # as argparse exits on a wrong command line
EXIT_INTERNAL_ERROR = 70
EXIT_INTERRUPTED = 130

EXAMPLES = """\
examples:
  reader build                               build ./content into ./site
  reader build --out public --base-url https://example.org/reader/
  reader build --project ~/readers/taliban --drafts
"""
CHECK_EXAMPLES = """\
examples:
  reader check                               check ./content and the site it would build
  reader check --project ~/readers/taliban
"""
IMPORT_EXAMPLES = """\
examples:
  reader import seeds/005_a1b2c3.txt --stance engage
  reader import ~/Downloads/scrape.txt --slug the-case-for-talks --stance pressure
"""
SERVE_EXAMPLES = """\
examples:
  reader serve                               preview at http://127.0.0.1:8000/
  reader serve --port 9000 --drafts          another port, drafts included
  reader serve --host 0.0.0.0                let other machines on the network see it
"""
INIT_EXAMPLES = """\
examples:
  reader init ai-rules --title "Regulating AI" --question "How should the EU regulate AI?"
  reader init --example taliban-reader       this reader's five articles, as a worked example
"""
NEW_EXAMPLES = """\
examples:
  reader new "The case for talks" --stance engage
  reader new "Isolation works" --stance pressure --slug isolation-works
"""
PACK_EXAMPLES = """\
examples:
  reader pack                                the whole reader as ./reader.pdf
  reader pack --out handout.pdf --paper letter --date 2024-10-01
"""
OVERVIEW = """\
examples:
  reader init my-reader --question "..."        start a new reader in a new folder
  reader import seeds/new.txt --stance resist   clean a raw text into a draft article
  reader new "A title" --stance engage          start a draft article from nothing
  reader serve                                  preview while you edit; pages reload by themselves
  reader check                                  find mistakes before publishing
  reader build                                  write the site into ./site
  reader pack                                   the whole reader as one PDF, to print

'reader COMMAND --help' shows a command's options and more examples.
"""


@dataclass(frozen=True, slots=True)
class Console:
    """Where and how the command writes: results on stdout, problems on stderr."""

    out: TextIO
    err: TextIO
    paint_out: Painter
    paint_err: Painter

    @classmethod
    def for_streams(cls, out: TextIO, err: TextIO) -> Console:
        environ = os.environ
        return cls(
            out, err, Painter(wants_colour(out, environ)), Painter(wants_colour(err, environ))
        )

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def done(self, text: str) -> None:
        print(self.paint_out.success(text), file=self.out, flush=True)

    def problem(self, problem: Problem | str, *, warning: bool = False) -> None:
        text = str(problem)
        where, sep, message = text.partition(": ")
        label = self.paint_err.warning("warning: ") if warning else ""
        line = f"{self.paint_err.strong(where + ':')} {label}{message}" if sep else label + text
        print(line, file=self.err, flush=True)

    def fail(self, text: str) -> None:
        print(self.paint_err.error(text), file=self.err, flush=True)

    def warn(self, text: str) -> None:
        print(self.paint_err.warning(text), file=self.err, flush=True)

    @contextlib.contextmanager
    def progress(self, label: str) -> Iterator[Callable[[int, int], None] | None]:
        """A progress callback drawing a bar on stderr, or None where no bar may be drawn."""
        if not wants_progress(self.err, os.environ):
            yield None
            return
        bar = ProgressBar(self.err, label=label)
        try:
            yield bar.update
        finally:
            bar.finish()


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Build a curated policy-analysis reader as a static website.",
        epilog=OVERVIEW,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _add_global_options(parser, default=None)
    parser.set_defaults(project=Path(), debug=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # The same options after the command; SUPPRESS keeps a command that lacks them from
    # resetting what was given before it (`reader --project X build`).
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, default=argparse.SUPPRESS)

    def add(name: str, help: str, description: str, epilog: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help,
            description=description,
            epilog=epilog,
            parents=[common],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    _add_build(add("build", "build the site", _BUILD_TEXT, EXAMPLES))
    _add_check(add("check", "find mistakes before publishing", _CHECK_TEXT, CHECK_EXAMPLES))
    _add_import(
        add("import", "turn a raw text into a draft article", _IMPORT_TEXT, IMPORT_EXAMPLES)
    )
    _add_init(add("init", "start a new reader in a new folder", _INIT_TEXT, INIT_EXAMPLES))
    _add_new(add("new", "start a draft article", _NEW_TEXT, NEW_EXAMPLES))
    _add_serve(add("serve", "preview the site while you edit", _SERVE_TEXT, SERVE_EXAMPLES))
    _add_pack(add("pack", "write the whole reader as one PDF", _PACK_TEXT, PACK_EXAMPLES))
    return parser


def _add_global_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument("--project", type=Path, default=default, help="project folder (default: .)")
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help="show the traceback of an internal error",
    )


_BUILD_TEXT = "Validate content/, render every page and replace the output folder at once."
_CHECK_TEXT = (
    "Validate everything 'reader build' does, then build into a temporary folder (site/ is "
    "never touched) and check what only a finished site shows: links and fragments that lead "
    "nowhere, malformed source_url addresses, articles on no timeline event, placeholders left "
    "in published articles. Warns about stances no article takes, and lists the drafts. Exits "
    "with 1 if anything is wrong, 0 if there are only warnings."
)
_IMPORT_TEXT = (
    "Clean a raw scraped text into content/articles/SLUG.md, a draft: repeated lines, photo "
    "captions, site chrome, stray punctuation and no-break spaces are removed by rule, and "
    "every removed line is listed so you can check that none was the author's. Bylines, "
    "biographies and credits are removed too, and offered as suggestions in the front matter. "
    "Unknown values are left as TODO placeholders. A seed outside seeds/ is copied there "
    "unchanged. Never overwrites an article."
)
_INIT_TEXT = (
    "Create a new reader in DIR, a new or empty folder: content/ (the site's title and "
    "question, stances to rewrite, an empty timeline, an about page), seeds/ for the raw "
    "texts, a README with the next steps, a .gitignore, and a GitHub Actions workflow that "
    "publishes it on GitHub Pages. It builds at once, with no articles yet. With --example, "
    "the reader on the Taliban instead, five articles and their raw texts, as a worked example."
)
_NEW_TEXT = (
    "Create content/articles/SLUG.md, a draft with every key of the front matter; unknown "
    "values, and today's date, are left as TODO placeholders. Never overwrites an article."
)
_SERVE_TEXT = (
    "Build the site into a temporary folder and serve it on this machine. Every change under "
    "content/, templates/ or seeds/ rebuilds it, and open pages reload by themselves. A "
    "mistake is shown in the terminal and over the last good build in the browser, until it "
    "is fixed. Ctrl-C stops the server."
)

_PACK_TEXT = (
    "Write the whole reader as one PDF, to print or read offline: a cover with the question "
    "and the date, the contents with page numbers, the stances, every published article in "
    "full with its metadata, source and citation, the answers to the questions, and the "
    "timeline. The same content gives the same bytes: the date is the newest of the "
    "content's unless --date gives one. Needs WeasyPrint and the Pango library."
)


def _add_build(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: PROJECT/site)"
    )
    parser.add_argument(
        "--base-url", default=None, help="public address of the site, for canonical links"
    )
    parser.add_argument("--drafts", action="store_true", help="include draft articles")
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="build everything afresh, ignoring and not updating .reader-cache/",
    )
    parser.add_argument(
        "--no-search", action="store_true", help="skip the search index (the search page says so)"
    )
    parser.set_defaults(
        run=_run_build, failure="build failed", kept="the output was left as it was"
    )


def _add_check(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(run=_run_check, failure="check failed", kept="")


def _add_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("seed_file", type=Path, metavar="SEED_FILE", help="the raw text to import")
    parser.add_argument("--slug", help="the article's file name (default: from the title)")
    parser.add_argument("--stance", help="the article's stance, a key of content/stances.yaml")
    parser.set_defaults(run=_run_import, failure="import failed", kept="nothing was written")


def _add_init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, metavar="DIR", help="the new reader's folder")
    parser.add_argument("--title", help="the reader's title (default: from DIR's name)")
    parser.add_argument(
        "--question", help="the question its articles answer (default: a placeholder)"
    )
    parser.add_argument("--language", default="en", help="the language of the site (default: en)")
    parser.add_argument(
        "--example", action="store_true", help="write the five-article Taliban reader instead"
    )
    parser.set_defaults(run=_run_init, failure="init failed", kept="nothing was written")


def _add_new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", metavar="TITLE", help="the article's title")
    parser.add_argument(
        "--stance", required=True, help="the article's stance, a key of content/stances.yaml"
    )
    parser.add_argument("--slug", help="the article's file name (default: from the title)")
    parser.set_defaults(run=_run_new, failure="new failed", kept="nothing was written")


def _add_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any free)"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument("--drafts", action="store_true", help="include draft articles")
    parser.set_defaults(run=_run_serve, failure="serve failed", kept="")


def _add_pack(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=None, help="the PDF to write (default: PROJECT/reader.pdf)"
    )
    parser.add_argument(
        "--date",
        type=_pack_date,
        default=None,
        help="the date on the cover and in the PDF, YYYY-MM-DD or 'today' "
        "(default: the newest date of the articles and events)",
    )
    parser.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="the page size (default: a4)"
    )
    parser.set_defaults(run=_run_pack, failure="pack failed", kept="the PDF was left as it was")


def _pack_date(text: str) -> dt.date:
    if text == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        parser = make_parser()
        args = parser.parse_args(argv)
        console = Console.for_streams(sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        print("reader: interrupted; nothing was done", file=sys.stderr)
        return EXIT_INTERRUPTED
    if args.command is None:  # `reader` alone: what it can do, rather than a usage error
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    run: Callable[[argparse.Namespace, Console], int] = args.run
    try:
        return run(args, console)
    except ReaderError as exc:
        for problem in exc.problems:
            console.problem(problem)
        count = len(exc.problems)
        noun = "problem" if count == 1 else "problems"
        kept = f"; {args.kept}" if args.kept else ""
        console.fail(f"reader: {args.failure} ({count} {noun}){kept}")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        kept = f"; {args.kept}" if args.kept else ""
        console.fail(f"reader: interrupted{kept}")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        console.fail(f"reader: internal error: {type(exc).__name__}: {exc}")
        if not args.debug:
            console.fail("reader: run again with --debug to see the traceback")
        return EXIT_INTERNAL_ERROR


def _run_build(args: argparse.Namespace, console: Console) -> int:
    from .build import build

    project: Path = args.project
    out: Path = args.out if args.out is not None else project / "site"
    with console.progress("building") as progress:
        report = build(
            project,
            out,
            base_url=args.base_url,
            drafts=args.drafts,
            progress=progress,
            cache=args.cache,
            search=not args.no_search,
        )
    for warning in report.warnings:
        console.warn(f"reader: warning: {warning}")
    drafts = f", {report.drafts_skipped} drafts skipped" if report.drafts_skipped else ""
    kept = ""
    if report.pages_kept and not report.up_to_date:
        kept = f", {report.pages_kept} pages unchanged and not rendered again"
    sizes = f"{report.files} files, {report.size / 1024:.0f} KiB{drafts}{kept}"
    if report.up_to_date:
        console.done(
            f"reader: up to date: {report.pages} pages ({sizes}), nothing changed since the "
            f"last build; checked in {report.seconds:.2f} s -> {out}"
        )
    else:
        console.done(
            f"reader: built {report.pages} pages ({sizes}) in {report.seconds:.2f} s -> {out}"
        )
    return EXIT_OK


def _run_pack(args: argparse.Namespace, console: Console) -> int:
    from .pack import pack

    project: Path = args.project
    out: Path = args.out if args.out is not None else project / "reader.pdf"
    report = pack(project, out, date=args.date, paper=args.paper)
    noun = "article" if report.articles == 1 else "articles"
    date = f", dated {report.date.label}" if report.date is not None else ""
    console.done(
        f"reader: packed {report.articles} {noun} into {report.pages} pages "
        f"({report.size / 1024:.0f} KiB{date}) in {report.seconds:.2f} s -> {out}"
    )
    return EXIT_OK


def _run_check(args: argparse.Namespace, console: Console) -> int:
    from .check import check_project

    with console.progress("checking") as progress:
        report = check_project(args.project, progress=progress)
    for problem in report.errors:
        console.problem(problem)
    for problem in report.warnings:
        console.problem(problem, warning=True)
    _show_drafts(report, console)
    counts = _counts(report)
    if report.errors:
        console.fail(f"reader: check failed ({counts})")
        return EXIT_USER_ERROR
    console.done(f"reader: check passed ({counts})")
    return EXIT_OK


def _counts(report: CheckReport) -> str:
    def count(n: int, noun: str) -> str:
        return f"{n} {noun}{'' if n == 1 else 's'}"

    parts = [count(report.articles, "published article")]
    if report.errors:
        parts.append(count(len(report.errors), "error"))
    if report.warnings:
        parts.append(count(len(report.warnings), "warning"))
    if report.drafts:
        parts.append(count(len(report.drafts), "draft"))
    return ", ".join(parts)


def _show_drafts(report: CheckReport, console: Console) -> None:
    if not report.drafts:
        return
    console.say("reader: drafts, not published ('reader build --drafts' shows them):")
    for draft in report.drafts:
        lines = draft.placeholder_lines
        if lines:
            where = ", ".join(str(n) for n in lines[:8]) + (", ..." if len(lines) > 8 else "")
            noun = "placeholder" if len(lines) == 1 else "placeholders"
            console.say(f"  {draft.path}: {len(lines)} {noun} left (lines {where})")
        else:
            console.say(f"  {draft.path}: ready, once its draft: true is removed")


def _run_import(args: argparse.Namespace, console: Console) -> int:
    from .importer import import_seed

    report = import_seed(
        args.project, args.seed_file, today=dt.date.today(), slug=args.slug, stance=args.stance
    )
    _show_import(
        report, console, stance_given=args.stance is not None, slug_given=args.slug is not None
    )
    return EXIT_OK


def _show_import(
    report: ImportReport, console: Console, *, stance_given: bool, slug_given: bool
) -> None:
    cleaned = report.cleaned
    headings = sum(p.heading for p in cleaned.paragraphs)
    shape = f"{len(cleaned.paragraphs) - headings} paragraphs, {headings} subheads"
    if report.seed_copied:
        console.say(f"reader: copied the seed, unchanged, to {report.seed}")
    console.done(f"reader: wrote {report.article}, a draft ({shape}) from {report.seed}")
    if not slug_given and cleaned.title is not None:
        _show_slug(console, report.slug, title=cleaned.title, what="the headline")
    if cleaned.removed:
        count = len(cleaned.removed)
        noun = "line" if count == 1 else "lines"
        console.say(f"reader: removed {count} {noun}; check that none is the author's text:")
        for removal in cleaned.removed:
            where = console.paint_out.strong(f"{report.seed}:{removal.line}:")
            console.say(f"  {where} {removal.reason}: {removal.text}")
    if cleaned.spaces_fixed:
        console.say(f"reader: replaced {cleaned.spaces_fixed} no-break or invisible spaces")
    if cleaned.suggestions:
        count = len(cleaned.suggestions)
        verb = "is" if count == 1 else "are"
        console.say(
            f"reader: {count} of them (bylines, biographies, credits) {verb} offered in the "
            "front matter, to use or delete"
        )
    if not stance_given:
        console.warn(
            "reader: warning: no --stance given; choose one in the file: until then the build fails"
        )
    console.say(
        f"reader: next: replace the TODO placeholders in {report.article}, then run 'reader check'"
    )


def _show_slug(console: Console, slug: str, *, title: str, what: str) -> None:
    """The slug reader chose is the article's address: say it, so it can be changed now."""
    from .slugs import slug_words

    source = what if slug_words(title) else f"a hash of {what}, which has no letters or digits"
    console.say(f"reader: slug: {slug} (from {source}; use --slug to choose another)")


def _run_new(args: argparse.Namespace, console: Console) -> int:
    from .content import load_stances
    from .scaffold import (
        Draft,
        check_slug,
        check_stance,
        new_article_body,
        render_draft,
        slugify,
    )
    from .scaffold import write_draft as write_article

    project: Path = args.project
    keys = tuple(stance.key for stance in load_stances(project))
    stance = check_stance(args.stance, keys)
    title = " ".join(args.title.split())
    if not title:
        raise ReaderError.single("TITLE", 0, "is empty: give the article's title")
    slug = check_slug(args.slug) if args.slug is not None else slugify(title)
    draft = Draft(
        title=title,
        published=dt.date.today(),
        stance=stance,
        stance_keys=keys,
        body=new_article_body(),
        origin=(
            "A draft made by `reader new`. Replace every TODO below, the text too, then set "
            "`draft: false` and run `reader check`."
        ),
    )
    path = write_article(project, slug, render_draft(draft))
    console.done(f"reader: wrote {path}, a draft")
    if args.slug is None:
        _show_slug(console, slug, title=title, what="the title")
    console.say(
        "reader: next: replace its TODO placeholders (today's date stands in for the "
        "publication date), paste the text, then run 'reader check'"
    )
    return EXIT_OK


def _run_init(args: argparse.Namespace, console: Console) -> int:
    from .starter import example_files, new_reader_files, title_from_folder, write_project

    folder: Path = args.folder
    if args.example:
        given = [f"--{name}" for name in ("title", "question") if getattr(args, name)]
        if given:
            raise ReaderError.single(given[0], 0, "does not go with --example")
        files = example_files()
    else:
        files = new_reader_files(
            title=args.title if args.title is not None else title_from_folder(folder),
            question=args.question if args.question is not None else DEFAULT_QUESTION,
            language=args.language,
        )
    write_project(folder, files)
    what = "the worked example" if args.example else "a new reader"
    console.done(f"reader: wrote {what} into {folder} ({len(files)} files)")
    steps = "" if args.example else "; then see its README.md for the next steps"
    console.say(f"reader: next: cd {folder} && reader build{steps}")
    return EXIT_OK


DEFAULT_QUESTION = "What question do these articles answer?"


def _run_serve(args: argparse.Namespace, console: Console) -> int:
    from .serve import serve_site

    def log(kind: str, message: str) -> None:
        if kind == "problem":
            console.problem(message)
        elif kind == "error":
            console.fail(f"reader: {message}")
        elif kind == "warning":
            console.warn(f"reader: warning: {message}")
        elif kind == "ok":
            console.done(f"reader: {message}")
        else:
            console.say(f"reader: {message}")

    def ready(url: str) -> None:
        drafts = ", drafts included" if args.drafts else ""
        console.say(f"reader: serving {url} ({_watched(args.project)}{drafts}); Ctrl-C stops")

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve_site(
            args.project,
            host=args.host,
            port=args.port,
            drafts=args.drafts,
            log=log,
            on_ready=ready,
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    console.say("reader: stopped")
    return EXIT_OK


def _watched(project: Path) -> str:
    from .serve import WATCHED

    names = [f"{name}/" for name in WATCHED if (project / name).is_dir()]
    return "watching " + ", ".join(names) if names else "watching nothing"


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Stop `serve` on SIGTERM as on Ctrl-C: cleanly, removing its temporary folder."""
    raise KeyboardInterrupt


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
        # The command is done: a Ctrl-C from here to the exit would only turn its outcome into
        # Python's own death by signal, so it is ignored.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except KeyboardInterrupt:  # in the instant between the two
        print("reader: interrupted", file=sys.stderr)
        code = EXIT_INTERRUPTED
    sys.exit(code)
