"""`reader check`: everything the build validates, and what only a finished site shows.

The site is built into a temporary folder, never into `site/`; its links are then followed,
the sources' addresses examined, and the content weighed for what a curator would want to
know before publishing: articles missing from the timeline, stances without an article,
drafts and the placeholders left in them.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .build import build
from .content import load_project
from .errors import Problem
from .links import BrokenLink, PageLinks, find_broken_links, read_page
from .model import Article, Project
from .questions import QUESTIONS_FILE
from .scaffold import find_placeholders
from .sources import read_text

ABOUT_PAGE = "about/index.html"
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)", re.IGNORECASE)
_TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}", re.IGNORECASE)
_UNSAFE_URL_CHARS = frozenset('<>"{}|\\^`')


@dataclass(frozen=True, slots=True)
class DraftStatus:
    path: str
    placeholder_lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CheckReport:
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    drafts: tuple[DraftStatus, ...]
    articles: int  # published articles


def check_project(root: Path, *, progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """Check the project in `root`; only the build's own problems raise, as ReaderError."""
    with tempfile.TemporaryDirectory(prefix="reader-check-") as temporary:
        out = Path(temporary) / "site"
        build(root, out, drafts=False, progress=progress)
        project = load_project(root)
        pages = read_built_pages(out)
        files = [p.relative_to(out).as_posix() for p in sorted(out.rglob("*")) if p.is_file()]
    broken = find_broken_links(pages, files, base_url=project.config.base_url)
    texts = {a.path: read_text(root / a.path, shown=a.path, root=root) for a in project.articles}
    errors = [
        *(_locate_link(b, project, texts) for b in broken),
        *check_source_urls(project.articles, texts),
        *check_timeline_coverage(project, texts),
    ]
    warnings = [
        *check_stance_balance(project, root),
        *check_draft_events(project),
        *check_unanswered_questions(project, root),
    ]
    drafts = tuple(
        DraftStatus(a.path, tuple(find_placeholders(texts[a.path])))
        for a in project.articles
        if a.draft
    )
    return CheckReport(
        errors=tuple(sorted(set(errors))),
        warnings=tuple(sorted(set(warnings))),
        drafts=drafts,
        articles=sum(not a.draft for a in project.articles),
    )


def read_built_pages(out: Path) -> dict[str, PageLinks]:
    """The ids and links of every HTML page under `out`."""
    return {
        path.relative_to(out).as_posix(): read_page(
            path.relative_to(out).as_posix(), path.read_text(encoding="utf-8")
        )
        for path in sorted(out.rglob("*.html"))
    }


def _locate_link(broken: BrokenLink, project: Project, texts: dict[str, str]) -> Problem:
    """Point at the Markdown line that wrote the link when there is one, else the built page."""
    link = broken.link
    message = f"link '{link.target}' {broken.reason}"
    source = _source_of(link.page, project)
    if source is not None:
        text = texts.get(source)
        if text is None and source == "content/about.md":
            text = project.about
        line = _find_line(text or "", link.target)
        if line:
            return Problem(source, line, message)
    return Problem(f"built page {link.page}", link.line, message)


def _source_of(page: str, project: Project) -> str | None:
    if page == ABOUT_PAGE:
        return "content/about.md"
    for article in project.articles:
        if page == f"articles/{article.slug}/index.html":
            return article.path
    return None


def _find_line(text: str, target: str) -> int:
    """The line of `text` that holds `target`, or its part before the fragment; 0 if none."""
    for needle in (target, target.split("#", 1)[0]):
        if not needle:
            continue
        for number, line in enumerate(text.split("\n"), start=1):
            if f"({needle}" in line or f"<{needle}>" in line or f"]: {needle}" in line:
                return number
    return 0


def check_source_urls(articles: Sequence[Article], texts: dict[str, str]) -> Iterator[Problem]:
    """Every source_url must be an address a browser can open."""
    for article in articles:
        if article.source_url is None:
            continue
        reason = url_problem(article.source_url)
        if reason is not None:
            line = key_line(texts[article.path], "source_url")
            yield Problem(article.path, line, f"source_url: '{article.source_url}' {reason}")


def url_problem(url: str) -> str | None:
    """Why `url` is not a well-formed http(s) address, or None."""
    if any(ch in _UNSAFE_URL_CHARS or ch.isspace() or not ch.isprintable() for ch in url):
        return "holds a character that must be percent-encoded"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"is malformed ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "is not an http:// or https:// address"
    if parts.username is not None or parts.password is not None:
        return "carries a user name or password"
    host = parts.hostname or ""
    labels = host.rstrip(".").split(".")
    try:
        ascii_labels = [label.encode("idna").decode("ascii") for label in labels]
    except UnicodeError:
        return f"has a host name '{host}' that is not valid"
    if len(labels) < 2:
        return f"has no domain: '{host}' lacks a top-level domain such as .org"
    if not all(_HOST_LABEL.fullmatch(label) for label in ascii_labels):
        return f"has a host name '{host}' that is not valid"
    if not _TOP_LEVEL.fullmatch(ascii_labels[-1]):
        return f"has a top-level domain '.{labels[-1]}' that does not exist"
    if port == 0:
        return "has port 0"
    return None


def check_timeline_coverage(project: Project, texts: dict[str, str]) -> Iterator[Problem]:
    """Every published article must be named by at least one timeline event."""
    named = {slug for event in project.timeline for slug in event.articles}
    for article in project.articles:
        if not article.draft and article.slug not in named:
            line = key_line(texts[article.path], "title")
            message = (
                f"'{article.slug}' is on no timeline event: add it to the events it refers to "
                "in content/timeline.yaml"
            )
            yield Problem(article.path, line, message)


def check_draft_events(project: Project) -> Iterator[Problem]:
    """An event that names a draft shows without it until the draft is published."""
    drafts = {a.slug for a in project.articles if a.draft}
    for event in project.timeline:
        for slug in event.articles:
            if slug in drafts:
                message = f"event '{event.title}' names the draft '{slug}', not yet published"
                yield Problem("content/timeline.yaml", event.line, message)


def check_stance_balance(project: Project, root: Path) -> Iterator[Problem]:
    """Warn about a stance that no published article takes."""
    taken = {a.stance for a in project.articles if not a.draft}
    path = "content/stances.yaml"
    text = read_text(root / path, shown=path, root=root)
    for stance in project.stances:
        if stance.key not in taken:
            line = _entry_line(text, stance.key)
            yield Problem(path, line, f"no published article takes the stance '{stance.key}'")


def check_unanswered_questions(project: Project, root: Path) -> Iterator[Problem]:
    """Warn about a question of questions.yaml that no published article answers."""
    answered = {p.question for a in project.articles if not a.draft for p in a.positions}
    unanswered = [q for q in project.questions if q.key not in answered]
    if not unanswered:
        return
    text = read_text(root / QUESTIONS_FILE, shown=QUESTIONS_FILE, root=root)
    for question in unanswered:
        message = (
            f"no published article answers the question '{question.key}': give it in the "
            "positions of the articles that do, or leave the question out"
        )
        yield Problem(QUESTIONS_FILE, _entry_line(text, question.key), message)


def key_line(text: str, key: str) -> int:
    """The line where a top-level front matter key is given, or 1."""
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    for number, line in enumerate(text.split("\n"), start=1):
        if pattern.match(line):
            return number
    return 1


def _entry_line(text: str, key: str) -> int:
    """The line of a YAML list's entry `key: <key>` (a stance's, a question's), or 1."""
    pattern = re.compile(rf"\s*(?:-\s+)?key\s*:\s*['\"]?{re.escape(key)}['\"]?\s*(?:#.*)?$")
    for number, line in enumerate(text.split("\n"), start=1):
        if pattern.fullmatch(line):
            return number
    return 1
