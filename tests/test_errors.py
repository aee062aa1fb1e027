"""Bad input: every mistake is reported as `path:line: message`, the build stops with exit code 1
and no traceback, and the site built before is left byte for byte as it was.

Each test starts from the valid project of conftest.py, built once, breaks one thing (or, at the
end, several) and runs `reader build` in-process through `reader.cli.main`. A few end-to-end
cases run the real command in a subprocess. The last part covers valid but unusual input.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.build import build
from reader.cli import main
from reader.content import load_project
from reader.errors import Problem
from reader.metadata import NO_BASE_URL_WARNING
from reader.model import PartialDate

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader, Snapshot, WriteFiles, WriteProject

BROKEN = "content/articles/broken.md"

# A valid article to break. Its lines: 1 fence, 2 title, 3 authors, 4 the author's name,
# 5 publication, 6 published, 7 stance, 8 stance_note, 9 summary, 10 fence, 12 the body.
# A line added with `extra()` becomes line 10, and the closing fence moves to line 11.
ARTICLE = """\
---
title: A broken article
authors:
  - name: Ada Lovelace
publication: The Test Review
published: "2021-08-15"
stance: engage
stance_note: It argues for talking.
summary: A short summary.
---

Body text.
"""

FAILED = "reader: build failed"


def edit(old: str, new: str, text: str = ARTICLE) -> str:
    """`text` with its one occurrence of `old` replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def extra(line: str) -> str:
    """The article with `line` added as line 10, after 'summary'."""
    return edit("summary: A short summary.\n", f"summary: A short summary.\n{line}\n")


def at(line: int, message: str, path: str = BROKEN) -> str:
    return f"{path}:{line}: {message}"


def case(name: str, content: str | bytes, line: int, message: str) -> object:
    """A (content, expected) parameter for a broken article with one problem."""
    return pytest.param(content, [at(line, message)], id=name)


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject) -> Path:
    """The valid project with its site/ built, shared read-only by every test here."""
    root = write_project(tmp_path_factory.mktemp("built") / "project")
    build(root, root / "site")
    assert (root / "site" / "index.html").is_file()
    return root


@pytest.fixture
def project(built_once: Path, tmp_path: Path) -> Path:
    """A private copy of the valid project and the site built from it, ready to break."""
    root = tmp_path / "project"
    shutil.copytree(built_once, root, symlinks=True)
    return root


@dataclass
class BrokenBuild:
    """A built copy of the valid project, to break and then build with the CLI in-process."""

    root: Path
    capsys: pytest.CaptureFixture[str]
    write_files: WriteFiles
    snapshot: Snapshot

    def fails(
        self,
        files: Mapping[str, str | bytes],
        expected: Sequence[str],
        *,
        drop: Sequence[str] = (),
        args: Sequence[str] = (),
    ) -> None:
        """Write `files`, delete `drop`, build: exactly `expected` on stderr, then the summary
        line; exit code 1, nothing on stdout, no traceback, and site/ unchanged."""
        self.write_files(self.root, files, drop=drop)
        before = self.snapshot(self.root / "site")
        assert before, "the project must have been built first"
        self.capsys.readouterr()
        code = main(["build", "--project", str(self.root), *args])
        out, err = self.capsys.readouterr()
        lines = err.splitlines()
        assert "Traceback" not in err
        assert lines[:-1] == list(expected), err
        assert lines[-1].startswith(FAILED), err
        assert code == 1
        assert out == ""
        assert self.snapshot(self.root / "site") == before


@pytest.fixture
def check(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    write_files: WriteFiles,
    snapshot: Snapshot,
) -> BrokenBuild:
    """The built copy of the valid project, with `fails()` to break it and check the build."""
    return BrokenBuild(project, capsys, write_files, snapshot)


# --- files that cannot be read as an article -----------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        case(
            "missing-front-matter",
            "title: No fences\n\nBody.\n",
            1,
            "missing front matter: the first line must be '---'",
        ),
        case(
            "unterminated-front-matter",
            "---\ntitle: Never closed\nstance: engage\n\nBody.\n",
            1,
            "front matter is not closed: add a '---' line after it",
        ),
        case("empty-front-matter", "---\n---\n\nBody.\n", 1, "front matter is empty"),
        case("empty-file", "", 1, "empty file: an article starts with '---' front matter"),
        case("blank-file", "\n  \n\n", 1, "empty file: an article starts with '---' front matter"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            [f"{BROKEN}: is a binary file, not UTF-8 text"],
            id="binary-file",
        ),
        pytest.param(
            "---\n- title\n- stance\n---\n\nBody.\n",
            [at(2, "front matter must be a mapping of 'key: value' lines")],
            id="front-matter-is-a-list",
        ),
        case(
            "front-matter-is-a-scalar",
            "---\nJust a sentence.\n---\n\nBody.\n",
            2,
            "front matter must be a mapping of 'key: value' lines",
        ),
        case(
            "empty-body",
            edit("Body text.\n", ""),
            10,
            "body is empty: the article's text goes after the front matter",
        ),
        case(
            "blank-body",
            edit("Body text.\n", "  \n\n   \n"),
            10,
            "body is empty: the article's text goes after the front matter",
        ),
    ],
)
def test_unreadable_article_is_reported_with_its_path_and_line(
    check: BrokenBuild,
    content: str | bytes,
    expected: list[str],
) -> None:
    check.fails({BROKEN: content}, expected)


@pytest.mark.parametrize(
    ("summary", "bad_byte"),
    [
        pytest.param(b"A short \xff summary", 0xFF, id="stray-0xff"),
        pytest.param(b"A short caf\xe9 summary", 0xE9, id="latin-1-e-acute"),
        pytest.param(b"A short \x93quoted\x94 summary", 0x93, id="windows-1252-quotes"),
        pytest.param(b"A short summary \xe2\x80", 0xE2, id="truncated-utf8-sequence"),
    ],
)
def test_non_utf8_bytes_are_reported_with_line_and_byte_offset(
    check: BrokenBuild, summary: bytes, bad_byte: int
) -> None:
    data = ARTICLE.encode().replace(b"A short summary", summary)
    offset = data.index(bytes([bad_byte]))
    message = f"not valid UTF-8: byte 0x{bad_byte:02x} at offset {offset}"
    check.fails({BROKEN: data}, [at(9, message)])


# --- YAML ----------------------------------------------------------------------------------

COLON_HINT = (
    "a value containing ': ' needs quotes, e.g. title: \"Talks: the case\" "
    "(or the line is indented too far)"
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        case(
            "unclosed-bracket",
            edit("publication: The Test Review", "publication: [The Test Review"),
            6,
            "YAML syntax error: expected ',' or ']', but got ':' "
            "(while parsing a flow sequence at line 5)",
        ),
        case(
            "missing-colon",
            edit("stance: engage", "stance engage"),
            8,
            "YAML syntax error: could not find expected ':' "
            "(while scanning a simple key at line 7); each line is 'key: value', and a value "
            "that goes on to the next line is indented under its key",
        ),
        case(
            "unclosed-quote",
            edit('published: "2021-08-15"', 'published: "2021-08-15'),
            9,
            "YAML syntax error: found unexpected end of stream "
            "(while scanning a quoted scalar at line 6); a quote opened there is never closed",
        ),
        case(
            "tab-indent",
            edit("  - name: Ada Lovelace", "\t- name: Ada Lovelace"),
            4,
            "YAML syntax error: found character '\\t' that cannot start any token "
            "(while scanning for the next token); indent with spaces, not tabs",
        ),
        pytest.param(
            edit("stance_note: It argues", "  stance_note: It argues"),
            [at(8, f"YAML syntax error: mapping values are not allowed here; {COLON_HINT}")],
            id="bad-indent",
        ),
        pytest.param(
            edit("title: A broken article", "title: MARK ALMOND: Making deals"),
            [at(2, f"YAML syntax error: mapping values are not allowed here; {COLON_HINT}")],
            id="colon-in-a-value",
        ),
        case(
            "value-starting-with-a-star",
            edit("A short summary.", "*Not* a summary."),
            9,
            "YAML syntax error: expected alphabetic or numeric character, but found '*' "
            "(while scanning an alias); a value that starts with * or & needs quotes",
        ),
        case(
            "value-starting-with-a-bracket",
            edit("A short summary.", "[Draft] a summary."),
            9,
            "YAML syntax error: expected <block end>, but found '<scalar>' (while parsing a "
            "block mapping at line 2); a value that starts with a quote, [ or { must be quoted "
            'as a whole, e.g. title: "[Draft] A title"',
        ),
        case(
            "value-starting-with-an-at",
            edit("A short summary.", "@someone said so."),
            9,
            "YAML syntax error: found character '@' that cannot start any token (while "
            "scanning for the next token); a value that starts with @ needs quotes",
        ),
        case(
            "unknown-escape",
            edit("A short summary.", '"A \\q summary."'),
            9,
            "YAML syntax error: found unknown escape character 'q' (while scanning a "
            "double-quoted scalar); in double quotes a backslash starts an escape: write \\\\ "
            "for a backslash, or use single quotes",
        ),
        case(
            "control-character",
            edit("A short summary.", "A short\x07summary."),
            9,
            "YAML error: character U+0007 is not allowed in YAML text",
        ),
        case(
            "python-object-tag",
            edit("title: A broken article", 'title: !!python/object/apply:os.system ["echo hi"]'),
            2,
            "YAML tag '!!python/object/apply:os.system' is not allowed",
        ),
        case(
            "python-name-tag",
            extra("curator_note: !!python/name:os.system ''"),
            10,
            "YAML tag '!!python/name:os.system' is not allowed",
        ),
        case(
            "binary-tag",
            extra("curator_note: !!binary aGVsbG8="),
            10,
            "YAML tag '!!binary' is not allowed",
        ),
        case(
            "local-tag", extra("curator_note: !local text"), 10, "YAML tag '!local' is not allowed"
        ),
        case(
            "alias",
            extra("topics: &t [aid]\ncurator_note: *t"),
            11,
            "YAML aliases (*name) are not allowed in content",
        ),
        case(
            "deep-nesting",
            extra("topics: " + "[" * 40 + "]" * 40),
            10,
            "YAML nested more than 16 levels deep",
        ),
        case(
            "nesting-beyond-pythons-recursion-limit",
            extra("topics: " + "[" * 5000 + "]" * 5000),
            10,
            "YAML nested more than 16 levels deep",
        ),
    ],
)
def test_yaml_mistake_is_reported_at_the_yaml_line(
    check: BrokenBuild, content: str, expected: list[str]
) -> None:
    check.fails({BROKEN: content}, expected)


BILLION_LAUGHS = """\
lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
lol1: &lol1 [*lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0]
lol2: &lol2 [*lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1]
lol3: &lol3 [*lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2]
lol4: &lol4 [*lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3]
lol5: &lol5 [*lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4]
lol6: &lol6 [*lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5]
lol7: &lol7 [*lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6]
lol8: &lol8 [*lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7]
lol9: &lol9 [*lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8]
"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {BROKEN: f"---\n{BILLION_LAUGHS}---\n\nBody.\n"},
            [at(3, "YAML aliases (*name) are not allowed in content")],
            id="in-front-matter",
        ),
        pytest.param(
            {"content/site.yaml": BILLION_LAUGHS},
            ["content/site.yaml:2: YAML aliases (*name) are not allowed in content"],
            id="in-site-yaml",
        ),
    ],
)
def test_yaml_alias_bomb_fails_fast_with_the_alias_error(
    check: BrokenBuild,
    files: dict[str, str],
    expected: list[str],
) -> None:
    started = time.perf_counter()
    check.fails(files, expected)
    assert time.perf_counter() - started < 2.0


# --- front matter fields -------------------------------------------------------------------

REQUIRED_LINES = {
    "title": "title: A broken article\n",
    "authors": "authors:\n  - name: Ada Lovelace\n",
    "publication": "publication: The Test Review\n",
    "published": 'published: "2021-08-15"\n',
    "stance": "stance: engage\n",
    "stance_note": "stance_note: It argues for talking.\n",
    "summary": "summary: A short summary.\n",
}


@pytest.mark.parametrize("key", list(REQUIRED_LINES))
def test_missing_required_field_is_named_at_the_opening_fence(check: BrokenBuild, key: str) -> None:
    content = edit(REQUIRED_LINES[key], "")
    check.fails({BROKEN: content}, [at(1, f"missing required key '{key}'")])


def test_every_missing_required_field_is_reported_at_once(check: BrokenBuild) -> None:
    content = "---\ndate_note: Nothing else is given.\n---\n\nBody.\n"
    expected = [at(1, f"missing required key '{key}'") for key in sorted(REQUIRED_LINES)]
    check.fails({BROKEN: content}, expected)


FIELD_LINES = {
    "title": 2,
    "authors": 3,
    "publication": 5,
    "published": 6,
    "stance": 7,
    "stance_note": 8,
    "summary": 9,
}


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        *((key, "", "expected text, got nothing") for key in FIELD_LINES if key != "authors"),
        *((key, '""', "must not be empty") for key in FIELD_LINES if key != "authors"),
        ("title", "'   '", "must not be empty"),
        ("stance_note", "~", "expected text, got nothing"),
        ("summary", "null", "expected text, got nothing"),
        ("authors", "", "expected a list, got nothing"),
        ("authors", "[]", "must list at least one entry"),
    ],
)
def test_empty_required_field_is_reported_at_its_line(
    check: BrokenBuild, key: str, value: str, problem: str
) -> None:
    content = edit(REQUIRED_LINES[key], f"{key}: {value}".rstrip() + "\n")
    expected = [at(FIELD_LINES[key], f"{key}: {problem}")]
    check.fails({BROKEN: content}, expected)


@pytest.mark.parametrize(
    ("stance", "message"),
    [
        ("appease", "stance: 'appease' is not one of engage, pressure, resist"),
        (
            "engagement",
            "stance: 'engagement' is not one of engage, pressure, resist (did you mean 'engage'?)",
        ),
        (
            "Resist",
            "stance: 'Resist' is not one of engage, pressure, resist (did you mean 'resist'?)",
        ),
        (
            "presure",
            "stance: 'presure' is not one of engage, pressure, resist (did you mean 'pressure'?)",
        ),
    ],
)
def test_unknown_stance_names_file_and_line(check: BrokenBuild, stance: str, message: str) -> None:
    content = edit("stance: engage", f"stance: {stance}")
    check.fails({BROKEN: content}, [at(7, message)])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            edit("title: A broken", "titel: A broken"),
            [
                at(1, "missing required key 'title'"),
                at(2, "unknown key 'titel' (did you mean 'title'?)"),
            ],
            id="titel",
        ),
        pytest.param(
            extra("sourceurl: https://example.org/"),
            [at(10, "unknown key 'sourceurl' (did you mean 'source_url'?)")],
            id="sourceurl",
        ),
        case(
            "date-note",
            extra("date-note: Inferred."),
            10,
            "unknown key 'date-note' (did you mean 'date_note'?)",
        ),
        case(
            "no-close-match",
            extra("colour: red"),
            10,
            "unknown key 'colour' (expected one of: title, authors, publication, "
            "published, date_note, source_url, stance, stance_note, summary, topics, "
            "seed, curator_note, draft, positions)",
        ),
    ],
)
def test_unknown_key_suggests_the_closest_known_key(
    check: BrokenBuild, content: str, expected: list[str]
) -> None:
    check.fails({BROKEN: content}, expected)


@pytest.mark.parametrize(
    ("line", "first"),
    [("stance: resist", 7), ("title: Another title", 2), ("published: '2021-08-16'", 6)],
)
def test_duplicate_key_names_the_line_of_the_first(
    check: BrokenBuild, line: str, first: int
) -> None:
    key = line.split(":")[0]
    message = f"duplicate key '{key}' (first given at line {first})"
    check.fails({BROKEN: extra(line)}, [at(10, message)])


@pytest.mark.parametrize(
    ("published", "message"),
    [
        ('"2021-02-30"', "published: '2021-02-30': February 2021 has no day 30"),
        ("2021-02-30", "published: '2021-02-30': February 2021 has no day 30"),
        ('"2023-02-29"', "published: '2023-02-29': February 2023 has no day 29"),
        ('"2021-13-01"', "published: '2021-13-01' has no month 13"),
        ("2021-13-01", "published: '2021-13-01' has no month 13"),
        (
            "late June 2021",
            "published: 'late June 2021' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (
            "2021-08-15 10:30:00",
            "published: '2021-08-15 10:30:00' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        ("[2021, 8]", "published: expected text, got a list"),
    ],
)
def test_impossible_or_prose_date_is_reported_with_its_reason(
    check: BrokenBuild, published: str, message: str
) -> None:
    content = edit('published: "2021-08-15"', f"published: {published}")
    check.fails({BROKEN: content}, [at(6, message)])


@pytest.mark.parametrize(
    ("published", "precision"), [('"2021-08"', "month"), ("2021", "year"), ('"2021"', "year")]
)
def test_month_or_year_precision_without_date_note_is_refused(
    check: BrokenBuild, published: str, precision: str
) -> None:
    content = edit('published: "2021-08-15"', f"published: {published}")
    message = f"date_note: required when the date is only a {precision}"
    check.fails({BROKEN: content}, [at(6, message)])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            edit("authors:\n  - name: Ada Lovelace", "authors: Ada Lovelace"),
            [at(3, "authors: expected a list, got 'Ada Lovelace'")],
            id="authors-not-a-list",
        ),
        case(
            "authors-a-mapping",
            edit("authors:\n  - name: Ada Lovelace", "authors: {name: Ada Lovelace}"),
            3,
            "authors: expected a list, got a mapping",
        ),
        case(
            "author-without-name",
            edit("  - name: Ada Lovelace", "  - about: analyst"),
            4,
            "authors entry: missing required key 'name'",
        ),
        case(
            "second-author-without-name",
            edit("  - name: Ada Lovelace", "  - name: Ada Lovelace\n  - about: analyst"),
            5,
            "authors entry: missing required key 'name'",
        ),
        case(
            "author-a-plain-name",
            edit("  - name: Ada Lovelace", "  - Ada Lovelace"),
            4,
            "authors entry must be a mapping of 'key: value' lines",
        ),
        case(
            "author-unknown-key",
            edit("  - name: Ada Lovelace", "  - name: Ada Lovelace\n    role: analyst"),
            5,
            "unknown key 'role' (expected one of: name, about)",
        ),
        case(
            "topics-not-a-list",
            extra("topics: recognition"),
            10,
            "topics: expected a list, got 'recognition'",
        ),
        case(
            "topic-not-a-slug",
            extra("topics: [aid, Human Rights]"),
            10,
            "topics: 'Human Rights' is not a slug (lowercase letters, digits and hyphens)",
        ),
        pytest.param(
            extra("topics: [aid, aid]"),
            [at(10, "topics: 'aid' is listed twice")],
            id="topic-twice",
        ),
        case(
            "draft-not-a-bool",
            extra("draft: maybe"),
            10,
            "draft: expected true or false, got 'maybe'",
        ),
        case(
            "draft-quoted",
            extra('draft: "true"'),
            10,
            "draft: expected true or false, got 'true' (remove the quotes)",
        ),
        case(
            "title-that-yaml-reads-as-a-bool",
            edit("title: A broken article", "title: No"),
            2,
            "title: expected text, got 'No', which YAML reads as false: put it in quotes",
        ),
        case(
            "title-a-list",
            edit("title: A broken article", "title: [A, list]"),
            2,
            "title: expected text, got a list",
        ),
    ],
)
def test_wrongly_shaped_field_is_reported_at_its_line(
    check: BrokenBuild, content: str, expected: list[str]
) -> None:
    check.fails({BROKEN: content}, expected)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "ftp://example.org/article.txt",
        "data:text/html,<script>alert(1)</script>",
        "example.org/article",
        "//example.org/article",
        "https://",
    ],
)
def test_source_url_must_be_http_or_https(check: BrokenBuild, url: str) -> None:
    content = extra(f"source_url: '{url}'")
    message = f"source_url: '{url}' is not an http:// or https:// URL"
    check.fails({BROKEN: content}, [at(10, message)])


@pytest.mark.parametrize(
    ("seed", "message"),
    [
        ("seeds/missing.txt", "seed: 'seeds/missing.txt' does not exist"),
        ("../../etc/passwd", "seed: '../../etc/passwd' is outside the project's seeds/ folder"),
        ("/etc/passwd", "seed: '/etc/passwd' is outside the project's seeds/ folder"),
        (
            "seeds/../content/site.yaml",
            "seed: 'seeds/../content/site.yaml' is outside the project's seeds/ folder",
        ),
        ("seeds", "seed: 'seeds' is not a file"),
        ('"seeds/a\\0b.txt"', "seed: 'seeds/a\\x00b.txt' contains a control character"),
        (
            "seeds/" + "a" * 300 + ".txt",
            f"seed: 'seeds/{'a' * 300}.txt' cannot be used: File name too long",
        ),
    ],
)
def test_seed_must_be_an_existing_file_inside_seeds(
    check: BrokenBuild, seed: str, message: str
) -> None:
    check.fails({BROKEN: extra(f"seed: {seed}")}, [at(10, message)])


def test_seed_symlink_pointing_outside_seeds_is_refused(check: BrokenBuild) -> None:
    (check.root / "seeds" / "link.txt").symlink_to(check.root / "content" / "site.yaml")
    message = "seed: 'seeds/link.txt' is outside the project's seeds/ folder"
    check.fails({BROKEN: extra("seed: seeds/link.txt")}, [at(10, message)])


def test_every_mistake_in_one_article_is_reported_at_once(check: BrokenBuild) -> None:
    content = edit("title: A broken article\n", "")
    content = edit("stance: engage", "stance: appease", content)
    content = edit(
        "summary: A short summary.\n",
        "summary: A short summary.\nsource_url: ftp://x.org/\ndraft: maybe\ntopics: aid\n",
        content,
    )
    expected = [
        at(1, "missing required key 'title'"),
        at(6, "stance: 'appease' is not one of engage, pressure, resist"),
        at(9, "source_url: 'ftp://x.org/' is not an http:// or https:// URL"),
        at(10, "draft: expected true or false, got 'maybe'"),
        at(11, "topics: expected a list, got 'aid'"),
    ]
    check.fails({BROKEN: content}, expected)


def test_article_file_name_must_be_a_slug(check: BrokenBuild) -> None:
    message = "file name 'Broken_Article.md' must be a slug: lowercase letters, digits, hyphens"
    path = "content/articles/Broken_Article.md"
    check.fails({path: ARTICLE}, [f"{path}: {message}"])


# --- the body ------------------------------------------------------------------------------

H1 = "level-1 heading in the body: the title is the page's only h1; use ## for subheads"


@pytest.mark.parametrize(
    ("content", "lines"),
    [
        pytest.param(ARTICLE + "\n# A heading\n\nMore text.\n", [14], id="atx"),
        pytest.param(ARTICLE + "\nA heading\n=========\n", [14], id="setext"),
        pytest.param(ARTICLE + "\n# One\n\n## Fine\n\n# Two\n", [14, 18], id="two"),
        pytest.param(
            (ARTICLE + "\n# A heading\n").replace("\n", "\r\n"), [14], id="crlf-line-endings"
        ),
        pytest.param("\ufeff" + ARTICLE + "\n# A heading\n", [14], id="after-a-bom"),
        pytest.param(
            extra("curator_note: >-\n  A note\n  on three lines.") + "\n# A heading\n",
            [17],
            id="after-a-folded-note",
        ),
    ],
)
def test_level_one_heading_in_body_is_reported_at_its_file_line(
    check: BrokenBuild, content: str, lines: list[int]
) -> None:
    check.fails({BROKEN: content}, [at(line, H1) for line in lines])


# --- placeholders and problems reported together -------------------------------------------


def left(line: str) -> str:
    return (
        f"placeholder left in a published article: {line}; fill it in, or keep the article "
        "a draft (draft: true)"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            edit("summary: A short summary.", "summary: 'TODO: one to three sentences'"),
            [at(9, left("summary: 'TODO: one to three sentences'"))],
            id="summary",
        ),
        pytest.param(
            extra("draft: false") + "\nTODO: the article's text, in the author's words and in "
            "order, with subheads as ## headings.\n",
            [at(15, left("TODO: the article's text, in the author's words and in…"))],
            id="draft-false-and-body",
        ),
        pytest.param(
            edit('published: "2021-08-15"', 'published: "2021-08-15"  # TODO: check the day'),
            [at(6, left('published: "2021-08-15"  # TODO: check the day'))],
            id="comment",
        ),
    ],
)
def test_a_published_article_with_a_placeholder_is_refused(
    check: BrokenBuild, content: str, expected: list[str]
) -> None:
    check.fails({BROKEN: content}, expected)


def test_a_draft_with_placeholders_builds_with_drafts(
    project: Path, write_files: WriteFiles
) -> None:
    content = extra("draft: true").replace("A short summary.", "'TODO: one to three sentences'")
    write_files(project, {BROKEN: content})
    assert main(["build", "--project", str(project), "--drafts", "--no-search"]) == 0


def test_the_body_is_checked_even_when_the_front_matter_is_broken(check: BrokenBuild) -> None:
    content = edit("stance: engage", "stance: appease") + "\n# A heading\n"
    other = "content/articles/other.md"
    expected = [
        at(7, "stance: 'appease' is not one of engage, pressure, resist"),
        at(14, H1),
        f"{other}:14: {H1}",
        f"{SITE}:3: language: 'english' is not a language tag like 'en'",
    ]
    files = {
        BROKEN: content,
        other: ARTICLE + "\n# Another heading\n",
        SITE: "title: t\ndescription: d\nlanguage: english\n",
    }
    check.fails(files, expected)


def test_a_topic_missing_from_topics_yaml_is_reported_at_its_line(check: BrokenBuild) -> None:
    listed = ("aid", "recognition", "armed-resistance")
    files = {
        "content/topics.yaml": "".join(f"- key: {key}\n  label: {key}\n" for key in listed),
        BROKEN: extra("topics:\n  - aid\n  - recogniton"),
    }
    message = "topics: 'recogniton' is not in content/topics.yaml (did you mean 'recognition'?)"
    check.fails(files, [at(12, message)])


# --- questions and positions -------------------------------------------------------------

QUESTIONS = "content/questions.yaml"
QUESTIONS_YAML = """\
- key: recognition
  question: Recognise them?
- key: talks
  question: Talk to them?
  description: Negotiation, direct or not.
"""
ANSWERS = "yes, no, conditional, mixed"


def positions(*lines: str) -> str:
    """The article with a `positions` block: its lines start at line 10."""
    return extra("\n".join(["positions:", *lines]))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            positions("  recogniton:", "    answer: yes", "    para: para-1"),
            [
                at(
                    11,
                    f"positions: 'recogniton' is not in {QUESTIONS} (did you mean 'recognition'?)",
                )
            ],
            id="unknown-question",
        ),
        pytest.param(
            positions("  talks:", "    answer: maybe", "    para: para-1"),
            [at(12, f"positions: talks: answer: 'maybe' is not one of {ANSWERS}")],
            id="unknown-answer",
        ),
        pytest.param(
            positions("  talks:", "    answer: Yes", "    para: para-1"),
            [
                at(
                    12,
                    f"positions: talks: answer: 'Yes' is not one of {ANSWERS} "
                    "(did you mean 'yes'?)",
                )
            ],
            id="capitalised-answer",
        ),
        pytest.param(
            positions("  talks:", "    answer: true", "    para: para-1"),
            [at(12, f"positions: talks: answer: 'true' is not one of {ANSWERS}")],
            id="boolean-answer",
        ),
        pytest.param(
            positions("  talks:", "    answer: no", "    para: 12"),
            [
                at(
                    13,
                    "positions: talks: para: '12' is not a paragraph's id; write 'para-' and the "
                    "paragraph's number, e.g. 'para-12'",
                )
            ],
            id="para-a-number",
        ),
        pytest.param(
            positions("  talks:", "    answer: no", "    para: the third"),
            [
                at(
                    13,
                    "positions: talks: para: 'the third' is not a paragraph's id; write 'para-' "
                    "and the paragraph's number, e.g. 'para-3'",
                )
            ],
            id="para-in-words",
        ),
        pytest.param(
            positions("  talks:", "    anwser: yes", "    para: para-1"),
            [
                at(11, "missing required key 'answer'"),
                at(12, "unknown key 'anwser' (did you mean 'answer'?)"),
            ],
            id="misspelled-key",
        ),
        pytest.param(
            positions("  talks:", "    answer: yes"),
            [at(11, "missing required key 'para'")],
            id="missing-para",
        ),
        pytest.param(
            positions("  talks:", "    answer: yes", "    para: para-1", '    note: ""'),
            [at(14, "positions: talks: note: must not be empty")],
            id="empty-note",
        ),
        pytest.param(
            positions(
                "  talks: {answer: yes, para: para-1}", "  talks: {answer: no, para: para-1}"
            ),
            [at(12, "positions: duplicate key 'talks' (first given at line 11)")],
            id="question-twice",
        ),
        pytest.param(
            positions("  - talks"),
            [at(11, "positions: expected a mapping of question keys to answers")],
            id="positions-a-list",
        ),
    ],
)
def test_a_mistake_in_positions_is_reported_at_its_line(
    check: BrokenBuild, article: str, expected: list[str]
) -> None:
    check.fails({QUESTIONS: QUESTIONS_YAML, BROKEN: article}, expected)


def test_a_position_on_a_paragraph_the_article_lacks_is_reported_at_its_line(
    check: BrokenBuild,
) -> None:
    article = positions("  talks:", "    answer: yes", "    para: para-4")
    message = (
        "positions: talks: para: 'para-4' is not in the article, which has one paragraph, "
        "para-1; paragraphs are counted from the top of the body, list items and quotations "
        "included, headings not"
    )
    check.fails({QUESTIONS: QUESTIONS_YAML, BROKEN: article}, [at(13, message)])


def test_a_position_without_a_questions_file_says_where_questions_go(check: BrokenBuild) -> None:
    article = positions("  talks: {answer: yes, para: para-1}")
    message = (
        f"positions: 'talks' is not in {QUESTIONS} (there is no such file: list the questions "
        "there first)"
    )
    check.fails({BROKEN: article}, [at(11, message)])


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        pytest.param(
            QUESTIONS_YAML + "- key: talks\n  question: Talk again?\n",
            [f"{QUESTIONS}:6: key: question 'talks' is defined twice"],
            id="question-defined-twice",
        ),
        pytest.param(
            "- key: talks\n  qestion: Talk to them?\n",
            [
                f"{QUESTIONS}:1: missing required key 'question'",
                f"{QUESTIONS}:2: unknown key 'qestion' (did you mean 'question'?)",
            ],
            id="misspelled-key",
        ),
        pytest.param(
            "- key: Direct talks\n  question: Talk to them?\n",
            [
                f"{QUESTIONS}:1: key: 'Direct talks' is not a slug "
                "(lowercase letters, digits and hyphens)"
            ],
            id="key-not-a-slug",
        ),
        pytest.param(
            "talks: Talk to them?\n",
            [f"{QUESTIONS}:1: questions.yaml: expected a list, got a mapping"],
            id="not-a-list",
        ),
    ],
)
def test_a_mistake_in_questions_yaml_is_reported_at_its_line(
    check: BrokenBuild, questions: str, expected: list[str]
) -> None:
    # A broken questions.yaml does not make every article's positions unknown as well.
    article = positions("  talks: {answer: yes, para: para-1}")
    check.fails({QUESTIONS: questions, BROKEN: article}, expected)


# --- nothing read from outside the project, nor anything but a regular file ----------------

OUTSIDE = "is a link to a file outside the project; reader reads only the project's own files"


@pytest.mark.parametrize(
    "path",
    [
        "templates/static/x.txt",
        "templates/static/deep/x.css",
        "content/articles/outside.md",
        "templates/about.html",
        "content/site.yaml",
        "content/about.md",
        "content/topics.yaml",
    ],
)
def test_a_link_to_a_file_outside_the_project_is_refused(
    check: BrokenBuild, tmp_path: Path, path: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("title: the host's secret\n")
    link = check.root / path
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    check.fails({}, [f"{path}: {OUTSIDE}"])


def test_a_link_to_a_device_is_refused_without_reading_it(check: BrokenBuild) -> None:
    (check.root / "content/articles/zero.md").symlink_to("/dev/zero")
    check.fails({}, [f"content/articles/zero.md: {OUTSIDE}"])


@pytest.mark.parametrize("path", ["content/articles/pipe.md", "content/about.md"])
def test_a_pipe_is_refused_without_waiting_for_it(check: BrokenBuild, path: str) -> None:
    (check.root / path).unlink(missing_ok=True)
    os.mkfifo(check.root / path)
    check.fails({}, [f"{path}: is not a regular file (a pipe); reader reads only regular files"])


def test_a_linked_folder_of_static_files_is_refused(check: BrokenBuild, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>")
    (check.root / "templates/static/assets").symlink_to(tmp_path / "assets")
    message = "is a link to a folder; reader does not follow linked folders: copy it in"
    check.fails({}, [f"templates/static/assets: {message}"])


def test_a_link_inside_the_project_is_followed(project: Path) -> None:
    target = project / "content/articles/pressure-works.md"
    moved = project / "content/pressure-works.md"
    target.rename(moved)
    target.symlink_to(Path("..") / "pressure-works.md")
    assert main(["build", "--project", str(project), "--no-search"]) == 0
    assert (project / "site/articles/pressure-works/index.html").is_file()


def test_a_file_too_large_to_be_content_is_refused(check: BrokenBuild) -> None:
    big = ARTICLE + "Words and more words.\n" * (10 * 1024 * 1024 // 22 + 1)
    message = "is 10.0 MiB, more than the 10 MiB reader reads from one file"
    check.fails({BROKEN: big}, [f"{BROKEN}: {message}"])


# --- timeline, stances, site ---------------------------------------------------------------

TIMELINE = "content/timeline.yaml"
STANCES = "content/stances.yaml"
SITE = "content/site.yaml"

EVENT = '- date: "2021-08-15"\n  title: The capital falls\n'


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {TIMELINE: EVENT + '- date: "2021-02-30"\n  title: A bad date\n'},
            [f"{TIMELINE}:3: date: '2021-02-30': February 2021 has no day 30"],
            id="bad-date",
        ),
        pytest.param(
            {TIMELINE: EVENT + "- date: summer 2021\n  title: A prose date\n"},
            [f"{TIMELINE}:3: date: 'summer 2021' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"],
            id="prose-date",
        ),
        pytest.param(
            {TIMELINE: EVENT + '- date: "2021-09"\n  summary: No title.\n'},
            [f"{TIMELINE}:3: missing required key 'title'"],
            id="missing-title",
        ),
        pytest.param(
            {TIMELINE: EVENT + "  articles: [engage-now, resist-togther]\n"},
            [
                f"{TIMELINE}:3: articles: no article 'resist-togther' "
                "(did you mean 'resist-together'?)"
            ],
            id="misspelled-slug",
        ),
        pytest.param(
            {TIMELINE: EVENT + "  articles:\n    - engage-now\n    - no-such-article\n"},
            [f"{TIMELINE}:5: articles: no article 'no-such-article'"],
            id="unknown-slug-in-block-list",
        ),
        pytest.param(
            {TIMELINE: EVENT + "  titel: Again\n"},
            [f"{TIMELINE}:3: unknown key 'titel' (did you mean 'title'?)"],
            id="unknown-key",
        ),
        pytest.param(
            {TIMELINE: EVENT + EVENT},
            [
                f"{TIMELINE}:3: event 'The capital falls' on 2021-08-15 is listed twice "
                "(first on line 1): remove one of them"
            ],
            id="event-twice",
        ),
        pytest.param(
            {TIMELINE: EVENT + '- date: "2021-08-15"\n  title: The capital falls!\n'},
            [
                f"{TIMELINE}:3: event 'The capital falls!' on 2021-08-15 would have the same id, "
                "event-2021-08-15-the-capital-falls, as 'The capital falls' on line 1: give one "
                "of them a title that differs in its letters or digits"
            ],
            id="event-same-id",
        ),
        pytest.param(
            {TIMELINE: "capital-falls: 2021-08-15\n"},
            [f"{TIMELINE}:1: timeline.yaml: expected a list, got a mapping"],
            id="not-a-list",
        ),
        pytest.param(
            {STANCES: "engage: Engage\npressure: Pressure\n"},
            [f"{STANCES}:1: stances.yaml: expected a list, got a mapping"],
            id="stances-not-a-list",
        ),
        pytest.param(
            {STANCES: "- key: engage\n  label: Engage\n  definition: Talk.\n  label: Again\n"},
            [f"{STANCES}:4: duplicate key 'label' (first given at line 2)"],
            id="stances-duplicate-key",
        ),
        pytest.param(
            {
                STANCES: "- key: engage\n  label: Engage\n  definition: Talk.\n"
                "- key: engage\n  label: Talk\n  definition: Talk again.\n"
            },
            [f"{STANCES}:4: key: stance 'engage' is defined twice"],
            id="stance-defined-twice",
        ),
        pytest.param(
            {STANCES: "- key: Engage Now\n  label: Engage\n  definition: Talk.\n"},
            [
                f"{STANCES}:1: key: 'Engage Now' is not a slug "
                "(lowercase letters, digits and hyphens)"
            ],
            id="stance-key-not-a-slug",
        ),
        pytest.param(
            {STANCES: ""},
            [f"{STANCES}:1: is empty: list the stances in display order"],
            id="stances-empty",
        ),
        pytest.param(
            {SITE: "description: d\nlanguage: en\n"},
            [f"{SITE}:1: missing required key 'title'"],
            id="site-missing-title",
        ),
        pytest.param(
            {SITE: "title: t\ndescription: d\nlanguage: english\n"},
            [f"{SITE}:3: language: 'english' is not a language tag like 'en'"],
            id="site-bad-language",
        ),
        pytest.param(
            {SITE: "title: t\ndescription: d\nlanguage: en_GB\n"},
            [f"{SITE}:3: language: 'en_GB' is not a language tag like 'en'"],
            id="site-underscore-language",
        ),
        pytest.param(
            {SITE: "title: t\ndescription: d\nlanguage: en\nbase_url: example.org/reader\n"},
            [f"{SITE}:4: base_url: 'example.org/reader' is not an http:// or https:// URL"],
            id="site-bad-base-url",
        ),
        pytest.param(
            {SITE: "title: t\ndescription: d\nlanguage: en\nbase_url: javascript:alert(1)\n"},
            [f"{SITE}:4: base_url: 'javascript:alert(1)' is not an http:// or https:// URL"],
            id="site-javascript-base-url",
        ),
        pytest.param(
            {SITE: "description: d\nlanguage: english\ntitel: t\n"},
            [
                f"{SITE}:1: missing required key 'title'",
                f"{SITE}:2: language: 'english' is not a language tag like 'en'",
                f"{SITE}:3: unknown key 'titel' (did you mean 'title'?)",
            ],
            id="site-several-mistakes",
        ),
        pytest.param(
            {SITE: "title: t\ndescription: d\nlanguage: en\ntagline: '{article} texts'\n"},
            [
                f"{SITE}:4: tagline: unknown placeholder '{{article}}' (did you mean "
                "'articles'?); the prose may use {articles}, {stances}, {events}, "
                "{first_year}, {last_year}"
            ],
            id="site-unknown-placeholder",
        ),
        pytest.param(
            {SITE: "title: t\ndescription: d\nlanguage: en\nintro: >-\n  A long\n  {articles:x}\n"},
            [f"{SITE}:4: intro: '{{articles:x}}': ':x' is not a format; use ':words' or ':Words'"],
            id="site-placeholder-in-folded-intro",
        ),
        pytest.param(
            {SITE: "- title: t\n"},
            [f"{SITE}:1: site.yaml must be a mapping of 'key: value' lines"],
            id="site-a-list",
        ),
        pytest.param(
            {SITE: ""},
            [f"{SITE}:1: is empty: give at least title, description, language"],
            id="site-empty",
        ),
    ],
)
def test_broken_project_file_is_reported_at_its_line(
    check: BrokenBuild, files: dict[str, str], expected: list[str]
) -> None:
    check.fails(files, expected)


def test_missing_site_yaml_is_named(check: BrokenBuild) -> None:
    expected = [f"{SITE}: missing: the project needs this file"]
    check.fails({}, expected, drop=[SITE])


def test_broken_stances_do_not_make_every_article_stance_unknown(check: BrokenBuild) -> None:
    files = {STANCES: "- key: engage\n  label: Engage\n", BROKEN: ARTICLE}
    expected = [f"{STANCES}:1: missing required key 'definition'"]
    check.fails(files, expected)


def test_broken_article_named_by_the_timeline_is_reported_once(check: BrokenBuild) -> None:
    path = "content/articles/engage-now.md"
    valid = (check.root / path).read_text(encoding="utf-8")
    content = edit("stance: engage", "stance: appease", valid)
    expected = [f"{path}:10: stance: 'appease' is not one of engage, pressure, resist"]
    check.fails({path: content}, expected)


# --- templates and options -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "templates/index.html": (
                    '{% extends "base.html" %}\n{% block main %}\n'
                    "<ul>\n{% for group in %}\n{% endfor %}\n</ul>\n{% endblock %}\n"
                )
            },
            [
                "templates/index.html:4: template syntax error: "
                "Expected an expression, got 'end of statement block'"
            ],
            id="syntax-error",
        ),
        pytest.param(
            {"templates/partials/macros.html": "{% macro date(value) %}\n{{ value.label }\n"},
            ["templates/partials/macros.html:2: template syntax error: unexpected '}'"],
            id="syntax-error-in-partial",
        ),
        pytest.param(
            {
                "templates/about.html": (
                    '{% extends "base.html" %}\n{% block main %}\n<h1>About</h1>\n'
                    "<p>{{ no_such_variable }}</p>\n{% endblock %}\n"
                )
            },
            [
                "templates/about.html:4: template error: 'no_such_variable' is undefined "
                "(rendering about/index.html)"
            ],
            id="undefined-variable",
        ),
        pytest.param(
            {
                "templates/base.html": (TEMPLATES / "base.html")
                .read_text(encoding="utf-8")
                .replace("{{ config.title }}</a>", "{{ config.no_such_field }}</a>")
            },
            [
                "templates/base.html:21: template error: 'reader.model.SiteConfig object' has "
                "no attribute 'no_such_field' (rendering index.html and 12 other pages)"
            ],
            id="undefined-in-base-reported-once",
        ),
        pytest.param(
            {"templates/about.html": b"{% extends 'base.html' %}\xff\n"},
            ["templates/about.html:1: not valid UTF-8: byte 0xff at offset 25"],
            id="template-not-utf8",
        ),
    ],
)
def test_template_mistake_is_reported_at_the_template_line(
    check: BrokenBuild, files: dict[str, str | bytes], expected: list[str]
) -> None:
    check.fails(files, expected)


HOSTILE = (
    '{% extends "base.html" %}\n{% block main %}\n<h1>About</h1>\n'
    "<p>{{ EXPRESSION }}</p>\n{% endblock %}\n"
)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        pytest.param(
            'cycler.__init__.__globals__.os.popen("touch PWNED").read()',
            "access to attribute '__init__' of 'type' object is unsafe.",
            id="globals-of-a-global",
        ),
        pytest.param(
            "page.__class__.__mro__",
            "access to attribute '__class__' of 'Page' object is unsafe.",
            id="class-of-a-value",
        ),
        pytest.param(
            "config.title.__class__.__base__.__subclasses__()",
            "access to attribute '__class__' of 'str' object is unsafe.",
            id="subclasses",
        ),
        pytest.param(
            "[page].append(page)",
            "access to attribute 'append' of 'list' object is unsafe.",
            id="changing-a-value",
        ),
    ],
)
def test_a_template_that_reaches_for_python_internals_fails_at_its_line(
    check: BrokenBuild,
    expression: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # where the command would leave its mark
    check.fails(
        {"templates/about.html": HOSTILE.replace("EXPRESSION", expression)},
        [f"templates/about.html:4: template error: {message} (rendering about/index.html)"],
    )
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    "base_url", ["ftp://example.org/", "example.org", "javascript:alert(1)", "/reader/"]
)
def test_base_url_option_must_be_http_or_https(check: BrokenBuild, base_url: str) -> None:
    expected = [f"--base-url: '{base_url}' is not an http(s) URL"]
    check.fails({}, expected, args=["--base-url", base_url])


# --- several problems at once --------------------------------------------------------------

SEVERAL_BROKEN: dict[str, str | bytes] = {
    BROKEN: edit("stance: engage", "stance: engagee"),
    "content/articles/bad-date.md": edit('"2021-08-15"', '"2021-02-30"'),
    "content/articles/zz-binary.md": b"\x00\x01",
    SITE: "title: t\ndescription: d\nlanguage: english\n",
    TIMELINE: EVENT + "  articles: [resist-togther]\n",
    "templates/index.html": "{% if %}\n",
}
SEVERAL_EXPECTED = [
    "--base-url: 'ftp://x' is not an http(s) URL",
    "content/articles/bad-date.md:6: published: '2021-02-30': February 2021 has no day 30",
    at(7, "stance: 'engagee' is not one of engage, pressure, resist (did you mean 'engage'?)"),
    "content/articles/zz-binary.md: is a binary file, not UTF-8 text",
    f"{SITE}:3: language: 'english' is not a language tag like 'en'",
    f"{TIMELINE}:3: articles: no article 'resist-togther' (did you mean 'resist-together'?)",
    "templates/index.html:1: template syntax error: "
    "Expected an expression, got 'end of statement block'",
]


def test_several_broken_files_are_all_reported_in_one_run_sorted(check: BrokenBuild) -> None:
    assert sorted(SEVERAL_EXPECTED) == SEVERAL_EXPECTED
    check.fails(SEVERAL_BROKEN, SEVERAL_EXPECTED, args=["--base-url", "ftp://x"])


# --- end to end: the real command in a subprocess ------------------------------------------


def test_command_builds_the_valid_project_from_its_folder(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    root = make_project()
    result = run_reader("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"reader: warning: {NO_BASE_URL_WARNING}\n"
    assert result.stdout.startswith("reader: built ")
    assert (root / "site" / "articles" / "engage-now" / "index.html").is_file()


@pytest.mark.parametrize(
    ("files", "args", "expected"),
    [
        pytest.param(SEVERAL_BROKEN, ["--base-url", "ftp://x"], SEVERAL_EXPECTED, id="several"),
        pytest.param(
            {BROKEN: f"---\n{BILLION_LAUGHS}---\n\nBody.\n"},
            [],
            [at(3, "YAML aliases (*name) are not allowed in content")],
            id="alias-bomb",
        ),
        pytest.param(
            {BROKEN: ARTICLE.encode().replace(b"Body text.", b"Caf\xe9 text.")},
            [],
            [at(12, f"not valid UTF-8: byte 0xe9 at offset {ARTICLE.index('Body') + 3}")],
            id="latin-1-body",
        ),
        pytest.param(
            {BROKEN: extra("topics: " + "[" * 5000 + "]" * 5000)},
            [],
            [at(10, "YAML nested more than 16 levels deep")],
            id="deep-nesting",
        ),
    ],
)
def test_command_reports_problems_on_stderr_and_keeps_the_site(
    project: Path,
    run_reader: RunReader,
    write_files: WriteFiles,
    snapshot: Snapshot,
    files: dict[str, str | bytes],
    args: list[str],
    expected: list[str],
) -> None:
    before = snapshot(project / "site")
    write_files(project, files)
    started = time.perf_counter()
    result = run_reader("build", "--project", project, *args)
    assert time.perf_counter() - started < 30
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert lines[:-1] == expected
    assert lines[-1].startswith(FAILED)
    assert result.stdout == ""
    assert snapshot(project / "site") == before


# --- valid but unusual input builds --------------------------------------------------------


class _H1Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self._inside = True
            self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.h1[-1] += data


def page_h1(path: Path) -> list[str]:
    parser = _H1Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.h1


RTL_TITLE = (
    "\u0637\u0627\u0644\u0628\u0627\u0646 \u0648 \u062f\u06cc\u067e\u0644\u0645\u0627\u0633\u06cc"
)
RTL_BODY = (
    "\u0639\u0642\u0628\u200c\u0646\u0634\u06cc\u0646\u06cc \u062a\u0645\u0627\u0645 \u0634\u062f."
)
LONG_TITLE = ("A very long title that goes on " * 20)[:500]


@pytest.mark.parametrize(
    ("content", "title", "published"),
    [
        pytest.param("\ufeff" + ARTICLE, "A broken article", "2021-08-15", id="utf8-bom"),
        pytest.param(ARTICLE.replace("\n", "\r\n"), "A broken article", "2021-08-15", id="crlf"),
        pytest.param(
            ("\ufeff" + ARTICLE).replace("\n", "\r\n").encode(),
            "A broken article",
            "2021-08-15",
            id="bom-and-crlf-bytes",
        ),
        pytest.param(
            edit("A broken article", RTL_TITLE).replace("Body text.", RTL_BODY),
            RTL_TITLE,
            "2021-08-15",
            id="right-to-left",
        ),
        pytest.param(
            edit("A broken article", "Talks \U0001f91d now \U0001f1e6\U0001f1eb"),
            "Talks \U0001f91d now \U0001f1e6\U0001f1eb",
            "2021-08-15",
            id="emoji",
        ),
        pytest.param(
            edit("A broken article", LONG_TITLE), LONG_TITLE, "2021-08-15", id="500-characters"
        ),
        pytest.param(
            edit('"2021-08-15"', "2024-02-07"), "A broken article", "2024-02-07", id="unquoted-date"
        ),
        pytest.param(
            edit('"2021-08-15"', '"2021-08"\ndate_note: "Inferred: late August."'),
            "A broken article",
            "2021-08",
            id="month-precision",
        ),
        pytest.param(
            edit('"2021-08-15"', "2021\ndate_note: Only the year is printed."),
            "A broken article",
            "2021",
            id="year-precision",
        ),
        pytest.param(edit("A broken article", "1984"), "1984", "2021-08-15", id="title-1984"),
        pytest.param(edit("A broken article", "'No'"), "No", "2021-08-15", id="title-no-in-quotes"),
        pytest.param(
            ARTICLE + "\n```markdown\n# Not a heading, code\n```\n",
            "A broken article",
            "2021-08-15",
            id="hash-line-in-code",
        ),
    ],
)
def test_valid_but_unusual_article_builds(
    project: Path, write_files: WriteFiles, content: str | bytes, title: str, published: str
) -> None:
    write_files(project, {BROKEN: content})
    loaded = {a.slug: a for a in load_project(project).articles}["broken"]
    assert loaded.title == title
    assert loaded.published == PartialDate.parse(published)
    assert "\r" not in loaded.body
    assert "\ufeff" not in loaded.body
    build(project, project / "site")
    assert page_h1(project / "site" / "articles" / "broken" / "index.html") == [title]


def test_draft_is_built_only_with_drafts(project: Path, write_files: WriteFiles) -> None:
    write_files(project, {BROKEN: extra("draft: true")})
    page = Path("articles", "broken", "index.html")
    build(project, project / "site")
    assert not (project / "site" / page).exists()
    build(project, project / "site", drafts=True)
    assert page_h1(project / "site" / page) == ["A broken article"]


def test_draft_false_is_built(project: Path, write_files: WriteFiles) -> None:
    write_files(project, {BROKEN: extra("draft: false")})
    build(project, project / "site")
    assert (project / "site" / "articles" / "broken" / "index.html").is_file()


def test_a_problem_is_always_one_line_with_control_characters_escaped() -> None:
    problem = Problem("content/articles/x.md", 3, "unknown key 'a\nb\x1b[31m'")
    assert str(problem) == "content/articles/x.md:3: unknown key 'a\\nb\\x1b[31m'"
    assert str(Problem("content/site.yaml", 0, "missing")) == "content/site.yaml: missing"
