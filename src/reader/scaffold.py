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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .cleaner import split_name_prefix
from .errors import ReaderError
from .yamlnodes import did_you_mean, is_slug

PLACEHOLDER = "TODO"
ARTICLES_DIR = "content/articles"
SLUG_WORDS = 5  # significant words in a slug made from a title, at most
SLUG_CHARS = 48  # the last resort: a longer slug loses its last words
_PHRASE_WORDS = 2  # a title's first phrase names the article alone with this many
# Words that do not count towards SLUG_WORDS, and that a slug never ends on.
_STOP_WORDS_TEXT = """
    a an the and or nor but either neither both of to in on at by for from with without into onto
    over under about after before against between through during amid among since until while
    because although though as than so if not no is are was were be been being am has have had
    do does did will would shall should may might must can could cannot it its this that these
    those our their his her my your we they he she you i us them who whom what why how when where
    which whether here there only up out all any some
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_ARTICLES = frozenset({"a", "an", "the"})
# Verbs that begin a headline's second half: "Making deals with the Taliban | may be our ...".
_PREDICATE_VERBS_TEXT = "is are was were has have will would shall should may might must can could"
_PREDICATE_VERBS = frozenset(_PREDICATE_VERBS_TEXT.split())
# Where a title's phrase ends: a colon, semicolon, question or exclamation mark, or a dash
# between words.
_PHRASE_END = re.compile(r"\s*[:;?!]\s+|\s+[-\u2013\u2014]\s+|\s*\u2014\s*")
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019](?=\w)")
_PLACEHOLDER_RE = re.compile(rf"\b{PLACEHOLDER}:")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
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
    """An article slug from a title: its first phrase, in ASCII lowercase words and hyphens.

    A title that would make a long slug is cut where its first phrase ends (at a colon, a
    question mark, a dash between words, or before a verb such as "may" that starts the
    headline's second half), once that phrase has a few words that say something; then to
    SLUG_WORDS such words and, only as a last resort, to SLUG_CHARS at a word boundary. A
    byline such as "MARK ALMOND:" and a leading article are left out, and the slug never ends
    on a stop word such as "of" or "the".
    """
    words, phrase_starts = _title_words(_without_byline(title))
    lead = 0
    while lead < len(words) - 1 and words[lead] in _ARTICLES:
        lead += 1
    words = words[lead:]
    phrase_starts = [start - lead for start in phrase_starts if start > lead]
    if _too_long(words):
        end = next(
            (s for s in phrase_starts if _significant(words[:s]) >= _PHRASE_WORDS), len(words)
        )
        words = _up_to_significant(words[:end], SLUG_WORDS)
        while len(words) > 1 and len("-".join(words)) > SLUG_CHARS:
            words = words[:-1]
    if _significant(words):
        while words[-1] in STOP_WORDS:
            words = words[:-1]
    return "-".join(words)[:SLUG_CHARS]


def _without_byline(title: str) -> str:
    rest, name = split_name_prefix(title)
    return rest if name is not None and _ascii_words(rest) else title


def _title_words(title: str) -> tuple[list[str], list[int]]:
    """A title's words in ASCII lowercase, and the index of each word that begins a phrase."""
    words: list[str] = []
    phrase_starts: list[int] = []
    for phrase in _PHRASE_END.split(_APOSTROPHE.sub("", title)):
        phrase_words = _ascii_words(phrase)
        if words and phrase_words:
            phrase_starts.append(len(words))
        phrase_starts += [
            len(words) + i for i, w in enumerate(phrase_words) if w in _PREDICATE_VERBS
        ]
        words += phrase_words
    return words, sorted(set(phrase_starts))


def _ascii_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [word for word in _NOT_SLUG.split(ascii_text.lower()) if word]


def _significant(words: Sequence[str]) -> int:
    return sum(word not in STOP_WORDS for word in words)


def _too_long(words: Sequence[str]) -> bool:
    return _significant(words) > SLUG_WORDS or len("-".join(words)) > SLUG_CHARS


def _up_to_significant(words: Sequence[str], count: int) -> list[str]:
    """The words up to and including the `count`th significant one."""
    kept: list[str] = []
    for word in words:
        if count == 0:
            break
        kept.append(word)
        count -= word not in STOP_WORDS
    return kept


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
