"""Slugs and ids made from titles in any script: lowercase ASCII words joined by hyphens.

Every one of them is spelled by `slug_words`, which transliterates each word of a title through
python-slugify, so that a Dari, Pashto, Arabic or Russian title gives Latin letters
("Как миру быть с талибами" -> kak-miru-byt-s-talibami) where it used to give nothing. A title
that still spells nothing (only punctuation, symbols or emoji) is named by a short hash of its
text instead: stable, and never empty.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Sequence

from slugify import slugify as _transliterate

SLUG_WORDS = 5  # significant words in a slug made from a title, at most
SLUG_CHARS = 48  # the last resort: a longer slug loses its last words
EVENT_ID_CHARS = 80  # an event's id, cut short at this length
HASH_CHARS = 8  # the hash that names a title which spells no letters or digits
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
# Besides letters and digits, what belongs to the word it stands in: combining marks (Arabic
# vowel signs, Devanagari matras) and format characters such as the zero-width non-joiner of
# Persian compounds ("می‌خواهند").
_IN_WORD = frozenset({"Mn", "Mc", "Me", "Cf"})


def slug_words(text: str) -> list[str]:
    """The words of `text`, each in lowercase ASCII letters and digits; none for a text
    without letters or digits.

    Words are split where the text has anything but letters, digits, combining marks and
    format characters, then each is transliterated on its own: what transliteration adds
    inside a word (the ' and ` that stand for the Arabic letters hamza and ain) is left out
    rather than splitting it. text-unidecode is named as the backend: python-slugify would
    otherwise use Unidecode when it happens to be installed, whose tables spell over 10,000
    letters and digits otherwise, and slugs and ids are addresses that must not change.
    python-slugify's legacy algorithm is the one it keeps frozen.
    """
    words = ("".join(chars) for in_word, chars in itertools.groupby(text, key=_in_word) if in_word)
    spelled = (
        _transliterate(
            word,
            entities=False,
            decimal=False,
            hexadecimal=False,
            separator="",
            backend="text-unidecode",
            algorithm="legacy",
        )
        for word in words
    )
    return [word for word in spelled if word]


def _in_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) in _IN_WORD


def title_hash(text: str) -> str:
    """A short hash of `text`, its words' spacing aside: the name of a title that spells no
    letters or digits."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:HASH_CHARS]


def make_slug(title: str) -> str:
    """An article slug from a title: its first phrase, in lowercase ASCII words and hyphens;
    a short hash of the title if it spells no letters or digits (see `title_hash`).

    A title that would make a long slug is cut where its first phrase ends (at a colon, a
    question mark, a dash between words, or before a verb such as "may" that starts the
    headline's second half), once that phrase has a few words that say something; then to
    SLUG_WORDS such words and, only as a last resort, to SLUG_CHARS at a word boundary. A
    leading article is left out, and the slug never ends on a stop word such as "of" or "the".
    """
    words, phrase_starts = _title_words(title)
    if not words:
        return title_hash(title)
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


def event_id(date: str, title: str) -> str:
    """A timeline event's id, the anchor of its entry: `event-2021-08-15-taliban-take-kabul`,
    every word of the title, cut at EVENT_ID_CHARS; a short hash of the title stands for
    words if it spells none."""
    words = "-".join(slug_words(title)) or title_hash(title)
    return f"event-{date}-{words}"[:EVENT_ID_CHARS].rstrip("-")


def _title_words(title: str) -> tuple[list[str], list[int]]:
    """A title's slug words, and the index of each word that begins a phrase."""
    words: list[str] = []
    phrase_starts: list[int] = []
    for phrase in _PHRASE_END.split(_APOSTROPHE.sub("", title)):
        phrase_words = slug_words(phrase)
        if words and phrase_words:
            phrase_starts.append(len(words))
        phrase_starts += [
            len(words) + i for i, w in enumerate(phrase_words) if w in _PREDICATE_VERBS
        ]
        words += phrase_words
    return words, sorted(set(phrase_starts))


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
