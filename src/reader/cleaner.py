"""Clean a raw scraped text into the author's paragraphs, by rule, saying what was removed.

A scrape carries the page around the article: the headline (often twice), a standfirst printed
again at the start of the text, photo captions, the site's header and navigation, bylines and
the author's biography. Each rule below names one of those kinds; a paragraph is removed only
when a rule says why, and every removal is reported with its line so that nothing real is lost
unseen. Bylines, biographies and credit lines are also offered back as suggestions for the
front matter. No I/O here.
"""

from __future__ import annotations

import difflib
import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt

from .markdown import make_parser, render_markdown

# No-break and invisible spaces that scrapes scatter through a text, and what replaces them.
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u200b": "", "\ufeff": "", "\u00ad": ""}
_SPACES_RE = re.compile("|".join(_SPACES))
_RUNS_OF_SPACES = re.compile(r"[ \t]+")
_TERMINAL = tuple('.!?:;,"”\u2019)]…')

# A photo caption or picture credit: "... Pictured: ...", "Photo: AFP", "Photo credit: ...".
_CAPTION = re.compile(
    r"\b(?:pictured|photo(?:graph)?|image|picture|caption|(?:photo|image|picture) credit|"
    r"photo courtesy)\s*:",
    re.IGNORECASE,
)
# Site chrome: a whole line of navigation or sharing links.
_NAVIGATION = re.compile(
    r"(?:(?:go|back|return) (?:to )?top|top of (?:the )?page|share(?: this)?(?: article| story)?|"
    r"print(?: this)?(?: article| page)?|e-?mail|tweet|facebook|twitter|whatsapp|linkedin|"
    r"advertisement|subscribe|sign in|log in|menu|home|read more|comments?|leave a (?:comment|"
    r"reply)|related(?: articles| posts| stories)?|(?:previous|next)(?: article| post| story)?)",
    re.IGNORECASE,
)
_MASTHEAD = re.compile(r"\b(?:editor[- ]in[- ]chief|managing editor|publisher)\s*:", re.IGNORECASE)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A short line ending with a date, as page headers do: "... Thursday, February 22nd, 2024".
_DATELINE = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})$",
    re.IGNORECASE,
)
# Credit and rights lines: who provided, syndicated, edited or holds the copyright of the text.
_CREDIT = re.compile(
    r"(?:\b(?:provided by|courtesy of|copyright|all rights reserved|republished|reprinted|"
    r"originally (?:published|appeared)|syndicat\w+|can be reached at|follow (?:him|her|them) "
    r"on|edited by)\b|©|^this (?:article|piece|op-ed|story|commentary) (?:was|first|is)\b)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_NAME_WORD = r"[A-Z][\w'\u2019.-]*"
_PARTICLE = r"(?:de|van|von|al|bin|el|da|di|la|le|du)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_PARTICLE})){{1,4}}"
_NAME_ONLY = re.compile(_NAME)
_BYLINE = re.compile(
    rf"^(?i:(?:written|reported|words|story|text) by|by)\s+(?P<names>{_NAME}"
    rf"(?:\s*(?:,|and|&)\s*{_NAME})*)\s*(?:[,;|].*)?$"
)
# "NAME is (a|an|the) ROLE ..." or "NAME, ROLE ...": how an author's biography starts.
_BIO = re.compile(rf"^(?P<name>{_NAME})(?:\s+is\s+|\s*,\s*)(?P<about>.+)$")
_ROLES = re.compile(
    r"\b(?:writer|analyst|professor|lecturer|director|fellow|editor|journalist|researcher|"
    r"author|correspondent|student|contributor|columnist|founder|chair\w*|scholar|expert|"
    r"associate|head|president|minister|ambassador|officer|advis[eo]r|consultant|reporter|"
    r"scientist|historian|economist|lawyer|activist|specialist|member|dean|commentator|"
    r"diplomat)s?\b",
    re.IGNORECASE,
)
# Words a sentence starts with that a name never does: "The Taliban, ..." is not a biography.
_SENTENCE_START = re.compile(
    r"(?:an?|the|this|that|these|those|its?|in|on|at|as|if|but|and|or|so|since|while|when|for|"
    r"from|with|without|after|before|during|many|some|most|all|our|their|his|her|we|they|"
    r"there|here|what|why|how|who|regional|western|international)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"\u2018'])")
_ALL_CAPS_PREFIX = re.compile(
    r"^(?P<name>[A-Z][A-Z.'\u2019-]*(?: [A-Z][A-Z.'\u2019-]*){1,3}):\s+(?P<rest>\S.*)$"
)
_WORD = re.compile(r"\w+")
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)

NEAR_DUPLICATE_CHARS = 40  # shorter lines are never near-duplicates (headings repeat words)
NEAR_DUPLICATE_RATIO = 0.9
SHINGLE_WORDS = 4  # copies are found by the runs of this many words they share
COMMON_RUN_PARAGRAPHS = 50
HEADLINE_WORDS = 25
HEADING_WORDS = 10
SHORT_LINE_WORDS = 15
BIO_WORDS = 60
WRAPPED_LINE_CHARS = 50  # a longer line ending mid-sentence was wrapped, not a paragraph


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the seed: its text with spaces tidied, and the line it starts on."""

    line: int
    text: str
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Removal:
    """A paragraph the cleaner left out, and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class AuthorGuess:
    """An author suggested by a byline, a headline prefix or a biography line."""

    name: str
    about: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of cleaning one scrape."""

    title: str | None
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...]
    suggestions: tuple[Removal, ...]  # the removed byline, biography and credit lines
    authors: tuple[AuthorGuess, ...]
    spaces_fixed: int

    @property
    def body(self) -> str:
        """The kept paragraphs as Markdown that renders to exactly their text."""
        parser = make_parser()
        blocks = (
            f"## {escape_markdown(p.text, heading=True, parser=parser)}"
            if p.heading
            else escape_markdown(p.text, parser=parser)
            for p in self.paragraphs
        )
        return "\n\n".join(blocks) + "\n"


def clean_text(text: str) -> Cleaned:
    """Split a scrape into paragraphs and remove its noise, rule by rule."""
    tidied, spaces_fixed = tidy_spaces(text)
    paragraphs = split_paragraphs(tidied)
    reasons: dict[int, str] = {}
    for index, paragraph in enumerate(paragraphs):
        reason = classify_paragraph(paragraph.text)
        if reason is not None:
            reasons[index] = reason
    suggested: set[int] = set()
    title_index = _mark_head(paragraphs, reasons, suggested)
    _mark_tail(paragraphs, reasons, suggested)
    _mark_duplicates(paragraphs, reasons, title_index=title_index)
    kept = tuple(
        Paragraph(p.line, p.text, heading=is_heading(p.text))
        for index, p in enumerate(paragraphs)
        if index not in reasons
    )
    removed = tuple(
        Removal(p.line, p.text, reasons[index])
        for index, p in enumerate(paragraphs)
        if index in reasons
    )
    suggestions = tuple(
        Removal(paragraphs[index].line, paragraphs[index].text, reasons[index])
        for index in sorted(suggested)
    )
    title = authors_prefix = None
    if title_index is not None:
        title, authors_prefix = split_name_prefix(paragraphs[title_index].text)
    prefix_guess = (
        [AuthorGuess(authors_prefix, None, paragraphs[title_index].line)]
        if authors_prefix is not None and title_index is not None
        else []
    )
    return Cleaned(
        title=title,
        paragraphs=kept,
        removed=removed,
        suggestions=suggestions,
        authors=merge_authors([*prefix_guess, *guess_authors(suggestions)]),
        spaces_fixed=spaces_fixed,
    )


def tidy_spaces(text: str) -> tuple[str, int]:
    """Replace no-break and invisible spaces, collapse runs of spaces, trim every line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fixed = len(_SPACES_RE.findall(text))
    text = _SPACES_RE.sub(lambda match: _SPACES[match.group()], text)
    lines = (_RUNS_OF_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines), fixed


def split_paragraphs(text: str) -> list[Paragraph]:
    """Every non-empty line is a paragraph, unless it continues a long line cut mid-sentence."""
    paragraphs: list[Paragraph] = []
    previous = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            previous = ""
            continue
        if len(previous) >= WRAPPED_LINE_CHARS and not previous.endswith(_TERMINAL):
            last = paragraphs[-1]
            paragraphs[-1] = Paragraph(last.line, f"{last.text} {line}")
        else:
            paragraphs.append(Paragraph(number, line))
        previous = line
    return paragraphs


def classify_paragraph(text: str) -> str | None:
    """Why a paragraph is noise wherever it stands, or None."""
    if not any(ch.isalnum() for ch in text):
        return "lone punctuation"
    if _CAPTION.search(text):
        return "photo caption or credit"
    if _NAVIGATION.fullmatch(text.rstrip(" .:|»\u203a>→")):
        return "site chrome (navigation)"
    short = len(text.split()) <= SHORT_LINE_WORDS
    if short and _MASTHEAD.search(text):
        return "site chrome (masthead)"
    if short and _DATELINE.search(text) and not text.endswith("."):
        return "site chrome (dated page header)"
    return None


def is_headline(text: str) -> bool:
    """Whether a paragraph reads as a headline: one short clause, no closing full stop."""
    return (
        len(text.split()) <= HEADLINE_WORDS
        and not text.endswith((".", "!", "…", ";", ","))
        and _SENTENCE_END.search(text) is None
        and any(ch.isalpha() for ch in text)
    )


def is_heading(text: str) -> bool:
    """Whether a kept paragraph is a subhead: a few words, no closing punctuation."""
    return (
        len(text.split()) <= HEADING_WORDS
        and not text.endswith(_TERMINAL)
        and any(ch.isalpha() for ch in text)
    )


def byline_kind(text: str) -> str | None:
    """'byline', 'author biography' or 'credit line' for such a line, else None."""
    words = len(text.split())
    if words <= SHORT_LINE_WORDS * 2 and _BYLINE.match(text):
        return "byline"
    if _NAME_ONLY.fullmatch(text) and not _starts_sentence(text):
        return "byline (the author's name)"
    bio = _BIO.match(text)
    if (
        bio is not None
        and words <= BIO_WORDS
        and not _starts_sentence(text)
        and _ROLES.search(" ".join(bio.group("about").split()[:15]))
    ):
        return "author biography"
    if words <= 40 and (_CREDIT.search(text) or _EMAIL.fullmatch(text)):
        return "credit line"
    return None


def _starts_sentence(text: str) -> bool:
    return _SENTENCE_START.match(text) is not None


def _mark_head(
    paragraphs: Sequence[Paragraph], reasons: dict[int, str], suggested: set[int]
) -> int | None:
    """Mark the headline and bylines above the first paragraph of text; return the title's."""
    title_index = None
    for index, paragraph in enumerate(paragraphs):
        if index in reasons:
            continue
        kind = byline_kind(paragraph.text)
        # Before the headline, a bare name is more likely the headline than a byline.
        if kind is not None and (title_index is not None or kind != "byline (the author's name)"):
            reasons[index] = kind
            suggested.add(index)
        elif title_index is None and is_headline(paragraph.text):
            title_index = index
            reasons[index] = "title line (used as the title)"
        elif title_index is None or comparison_key(paragraph.text) != comparison_key(
            paragraphs[title_index].text
        ):
            break  # the text begins (a repeated headline is left to the duplicate rule)
    return title_index


def _mark_tail(
    paragraphs: Sequence[Paragraph], reasons: dict[int, str], suggested: set[int]
) -> None:
    """Mark the bylines, biographies and credits below the last paragraph of text."""
    for index in range(len(paragraphs) - 1, -1, -1):
        if index in reasons:
            continue
        kind = byline_kind(paragraphs[index].text)
        if kind is None:
            return
        reasons[index] = kind
        suggested.add(index)


def _mark_duplicates(
    paragraphs: Sequence[Paragraph], reasons: dict[int, str], *, title_index: int | None
) -> None:
    """Mark exact repeats, paragraphs repeated inside a longer one, and near-repeats."""
    keys = [comparison_key(p.text) for p in paragraphs]
    seen: dict[str, int] = {} if title_index is None else {keys[title_index]: title_index}
    for index in _kept(paragraphs, reasons):
        first = seen.setdefault(keys[index], index)
        if first != index:
            what = "the title" if first == title_index else "line"
            reasons[index] = f"repeats {what} (line {paragraphs[first].line})"
    overlaps = _find_overlaps(keys, _kept(paragraphs, reasons))
    for index, others in overlaps.items():
        key = keys[index]
        longer = next(
            (o for o in others if len(keys[o]) > len(key) and key in keys[o] and o not in reasons),
            None,
        )
        if longer is not None and len(key) >= NEAR_DUPLICATE_CHARS:
            reasons[index] = f"repeated within line {paragraphs[longer].line}"
    for index, others in overlaps.items():
        earlier = next(
            (
                o
                for o in sorted(others)
                if o < index and o not in reasons and _nearly_equal(keys[o], keys[index])
            ),
            None,
        )
        if earlier is not None and index not in reasons:
            reasons[index] = f"nearly repeats line {paragraphs[earlier].line}"


def _find_overlaps(keys: Sequence[str], indices: Iterable[int]) -> dict[int, set[int]]:
    """For each paragraph, the others sharing at least half of its runs of words.

    Only such pairs can be copies of one another, so only they are compared: a long seed is
    not compared pair by pair. A run found in very many paragraphs tells none apart and is
    not counted.
    """
    shingles = {i: _shingles(keys[i]) for i in indices}
    postings: dict[str, list[int]] = {}
    for index, runs in shingles.items():
        for run in runs:
            postings.setdefault(run, []).append(index)
    overlaps: dict[int, set[int]] = {}
    for index, runs in shingles.items():
        counts = Counter(
            other
            for run in runs
            if len(postings[run]) <= COMMON_RUN_PARAGRAPHS
            for other in postings[run]
            if other != index
        )
        needed = max(1, len(runs) // 2)
        overlaps[index] = {other for other, count in counts.items() if count >= needed}
    return overlaps


def _shingles(key: str) -> set[str]:
    words = key.split()
    if len(words) <= SHINGLE_WORDS:
        return {key}
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _kept(paragraphs: Sequence[Paragraph], reasons: dict[int, str]) -> list[int]:
    return [i for i in range(len(paragraphs)) if i not in reasons]


def comparison_key(text: str) -> str:
    """The words of a paragraph, case-folded: what two copies of it share."""
    return " ".join(_WORD.findall(text.casefold()))


def _nearly_equal(a: str, b: str) -> bool:
    if min(len(a), len(b)) < NEAR_DUPLICATE_CHARS:
        return False
    if min(len(a), len(b)) / max(len(a), len(b)) < NEAR_DUPLICATE_RATIO:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO and matcher.ratio() >= NEAR_DUPLICATE_RATIO


def split_name_prefix(headline: str) -> tuple[str, str | None]:
    """Split 'MARK ALMOND: Making deals...' into the title and the author's name."""
    match = _ALL_CAPS_PREFIX.match(headline)
    if match is None:
        return headline, None
    return match.group("rest"), match.group("name").title()


def guess_authors(lines: Iterable[Removal]) -> list[AuthorGuess]:
    """Authors named by byline, name and biography lines."""
    guesses: list[AuthorGuess] = []
    for line in lines:
        byline = _BYLINE.match(line.text)
        bio = _BIO.match(line.text)
        if byline is not None:
            names = re.split(r"\s*(?:,|\band\b|&)\s*", byline.group("names"))
            guesses.extend(AuthorGuess(name, None, line.line) for name in names if name)
        elif line.reason.startswith("byline"):
            guesses.append(AuthorGuess(line.text, None, line.line))
        elif bio is not None and line.reason == "author biography":
            guesses.append(
                AuthorGuess(bio.group("name"), describe_author(bio.group("about")), line.line)
            )
    return guesses


def describe_author(about: str) -> str:
    """The first sentence of a biography after the name, as the front matter's `about`."""
    first = _SENTENCE_END.split(about, maxsplit=1)[0].strip()
    return _LEADING_ARTICLE.sub("", first).rstrip(".").strip()


def merge_authors(guesses: Sequence[AuthorGuess]) -> tuple[AuthorGuess, ...]:
    """One guess per author: similar spellings merge, and a biography's spelling wins."""
    merged: list[AuthorGuess] = []
    for guess in guesses:
        match = next((i for i, m in enumerate(merged) if _same_person(m.name, guess.name)), None)
        if match is None:
            merged.append(guess)
        elif guess.about is not None and merged[match].about is None:
            merged[match] = guess
    return tuple(merged)


def _same_person(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio() >= 0.85


# CommonMark lets a backslash escape any ASCII punctuation character, so escaping all of it
# renders a line as itself. Straight quotes are left out: the typographer curls them, as it does
# in every curated article.
_ESCAPABLE = frozenset(string.punctuation) - {"'", '"'}


def escape_markdown(text: str, *, heading: bool = False, parser: MarkdownIt | None = None) -> str:
    """Escape what Markdown or the typographer would change in one line of text, and only that.

    Escape every character that can be escaped, then drop, last to first, each escape whose
    removal leaves the HTML the same, until none can go: the site's own parser checks the result.
    With `heading`, the line is the text of a `## ` heading, where a closing `#` matters too.
    """
    parser = parser or make_parser()
    prefix = "## " if heading else ""
    escaped = {index for index, ch in enumerate(text) if ch in _ESCAPABLE}

    def markdown(kept: set[int]) -> str:
        return "".join(f"\\{ch}" if index in kept else ch for index, ch in enumerate(text))

    wanted = render_markdown(prefix + markdown(escaped), parser=parser)

    def renders_as_wanted(kept: set[int]) -> bool:
        return render_markdown(prefix + markdown(kept), parser=parser) == wanted

    if renders_as_wanted(set()):
        return text  # most prose needs no escape at all
    dropped = True
    while dropped:  # a dropped escape can make one kept in an earlier pass needless
        dropped = False
        for index in sorted(escaped, reverse=True):
            if renders_as_wanted(escaped - {index}):
                escaped.discard(index)
                dropped = True
    return markdown(escaped)
