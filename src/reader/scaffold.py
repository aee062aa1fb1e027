"""New draft articles: the full front matter, unknown values left as marked placeholders.

Every placeholder carries the marker `TODO:`, in its value or in a comment on its line, so that
`reader check` can list what is left to fill in. The placeholders are valid values (today's
date, a URL under `.invalid`), so a draft builds with `--drafts` while it is being written; a
missing stance is the exception, since no valid value would be honest.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .cleaner import split_name_prefix
from .errors import ReaderError
from .slugs import make_slug, slug_words
from .yamlnodes import did_you_mean, is_slug

PLACEHOLDER = "TODO"
ARTICLES_DIR = "content/articles"
_PLACEHOLDER_RE = re.compile(rf"\b{PLACEHOLDER}:")
_YAML_BREAKS = re.compile("[\u0085\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class SuggestedAuthor:
    name: str
    about: str | None
    source: str  # where the suggestion comes from, e.g. "the seed's line 53"


@dataclass(frozen=True, slots=True)
class Draft:
    """What is known about a new article; everything else becomes a placeholder."""

    title: str | None
    published: dt.date  # a placeholder: the date the draft was made
    stance: str | None
    stance_keys: tuple[str, ...]
    body: str
    origin: str  # how the draft was made and what to do next, shown as a comment at the top
    title_source: str | None = None  # where a guessed title comes from; None if not a guess
    authors: tuple[SuggestedAuthor, ...] = ()
    seed: str | None = None
    notes: tuple[str, ...] = ()  # removed lines offered to the curator, as comments


def slugify(title: str) -> str:
    """The slug `reader new` and `reader import` give an article: `slugs.make_slug` of its
    title, less a byline such as "MARK ALMOND:" that a headline may begin with."""
    rest, name = split_name_prefix(title)
    return make_slug(rest if name is not None and slug_words(rest) else title)


def check_slug(slug: str) -> str:
    """Return `slug` if it can name an article file; raise ReaderError if not."""
    if not is_slug(slug):
        message = f"'{slug}' is not a slug: use lowercase letters, digits and single hyphens"
        raise ReaderError.single("--slug", 0, message)
    return slug


def check_stance(stance: str, keys: Sequence[str]) -> str:
    """Return `stance` if it is one of `keys`; raise ReaderError with a hint if not."""
    if stance not in keys:
        hint = did_you_mean(stance, keys)
        message = f"'{stance}' is not one of {', '.join(keys)}{hint}"
        raise ReaderError.single("--stance", 0, message)
    return stance


def article_file(root: Path, slug: str) -> Path:
    return root / ARTICLES_DIR / f"{slug}.md"


def refuse_existing(root: Path, slug: str) -> None:
    """Raise ReaderError if an article with this slug exists: reader never overwrites one."""
    path = article_file(root, slug)
    if path.exists():
        message = "already exists; reader never overwrites an article: choose another --slug"
        raise ReaderError.single(f"{ARTICLES_DIR}/{slug}.md", 0, message)


def write_draft(root: Path, slug: str, text: str) -> str:
    """Create the article file for `slug`, refusing to replace one; return its project path."""
    shown = f"{ARTICLES_DIR}/{slug}.md"
    path = article_file(root, slug)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        refuse_existing(root, slug)
        raise
    except OSError as exc:
        raise ReaderError.single(shown, 0, f"cannot write: {exc.strerror or exc}") from None
    return shown


def render_draft(draft: Draft) -> str:
    """The article file: front matter with every key of the schema, then the body."""
    todo = f"# {PLACEHOLDER}:"
    lines = ["---", _wrap_comment(draft.origin)]
    if draft.title is None:
        lines.append(f"title: {yaml_text(f'{PLACEHOLDER}: the article title')}")
    elif draft.title_source is None:
        lines.append(f"title: {yaml_text(draft.title)}")
    else:
        guessed = f"{todo} check this title, guessed {draft.title_source}"
        lines.append(f"title: {yaml_text(draft.title)}  {guessed}")
    lines.append("authors:")
    for author in draft.authors or (
        SuggestedAuthor(f"{PLACEHOLDER}: the author's name", None, ""),
    ):
        source = f"  {todo} check, suggested by {author.source}" if author.source else ""
        lines.append(f"  - name: {yaml_text(author.name)}{source}")
        about = author.about or f"{PLACEHOLDER}: their role as the article states it, or delete"
        lines.append(f"    about: {yaml_text(about)}")
    stance_keys = ", ".join(draft.stance_keys)
    stance = (
        draft.stance
        if draft.stance is not None
        else f"{PLACEHOLDER}  {todo} choose one of {stance_keys}; the build fails until you do"
    )
    lines += [
        f"publication: {yaml_text(f'{PLACEHOLDER}: where the article appeared')}",
        f'published: "{draft.published.isoformat()}"  {todo} today\'s date as a placeholder: give'
        ' the date it appeared, "YYYY-MM-DD", "YYYY-MM" or "YYYY"',
        f"date_note: {yaml_text(_DATE_NOTE)}",
        f"source_url: https://{PLACEHOLDER}.invalid/  {todo} the address where it appeared",
        f"stance: {stance}",
        f"stance_note: {yaml_text(f'{PLACEHOLDER}: one sentence on why it takes this stance')}",
        f"summary: {yaml_text(f'{PLACEHOLDER}: one to three sentences in your own words')}",
        "topics: []  # optional: lowercase-hyphen slugs, e.g. [recognition, us-policy]",
        f"seed: {yaml_text(draft.seed)}"
        if draft.seed is not None
        else "# seed: seeds/NAME.txt  (optional: the raw text it was curated from)",
        '# curator_note: optional, e.g. a factual flag or "republished copy"',
        "# positions: optional, its answers to content/questions.yaml, e.g.",
        "#   {direct-talks: {answer: yes, para: para-4, note: One line of yours}}",
        "draft: true",
    ]
    if draft.notes:
        lines.append(f"{todo} use what these removed lines tell you, then delete this list:")
        lines += [f"#   {_one_line(note)}" for note in draft.notes]
    lines += ["---", "", draft.body.rstrip("\n"), ""]
    return "\n".join(lines)


_DATE_NOTE = (
    f"{PLACEHOLDER}: how the date is known; start with 'Inferred:' when you worked it out "
    "(required when the date is only a month or a year)"
)


def _wrap_comment(text: str, width: int = 96) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(f"# {word}")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)


def yaml_text(text: str) -> str:
    """`text` as a YAML scalar that reads back as exactly this string."""
    plain = (
        text == text.strip()
        and " #" not in text
        and text.isprintable()
        and _YAML_BREAKS.search(text) is None
    )
    if plain:
        try:
            if yaml.safe_load(f"key: {text}") == {"key": text}:
                return text
        except yaml.YAMLError:
            pass
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else _yaml_escape(ch) for ch in quoted)


def _yaml_escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def new_article_body() -> str:
    """The body of an article made by `reader new`: one marked placeholder paragraph."""
    return (
        f"{PLACEHOLDER}: the article's text, in the author's words and in order, with subheads "
        "as `##` headings.\n"
    )


def find_placeholders(text: str) -> list[int]:
    """The lines of an article file that still hold a placeholder.

    In the front matter any line with the marker `TODO:` counts (values and comments alike);
    in the body, only a line that starts with it, since the author's own words may use it.
    """
    lines = text.split("\n")
    found: list[int] = []
    in_front = bool(lines) and lines[0].rstrip() == "---"
    for number, line in enumerate(lines, start=1):
        if in_front and number > 1 and line.rstrip() in ("---", "..."):
            in_front = False
            continue
        marked = _PLACEHOLDER_RE.search(line) if in_front else line.startswith(f"{PLACEHOLDER}:")
        if marked:
            found.append(number)
    return found
