"""Find the actors an article mentions: aliases matched as whole words in the rendered text."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # no type information

from .model import Actor, Alias

# A sentence ends at . ! or ? (and any closing quotes or brackets) before white space and a
# capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WORD = re.compile(r"\w")  # re's own idea of a word character, as the whole-word rule uses
# Below this many aliases one regular expression of them all finds them sooner than the
# automaton's candidates can be checked in Python (400 bench articles: 12 aliases 0.046 s
# against 0.083 s, 41 aliases 0.086 s against 0.088 s); from it on, the automaton, whose time
# hardly grows with the aliases while the expression's grows with each (465: over 9 s
# against 0.065 s). Both find the same spans.
AUTOMATON_FROM = 40


@dataclass(frozen=True, slots=True)
class Matcher:
    """Every alias in one Aho-Corasick automaton, under its folded text (see `_fold`).

    A key's value is the ranks of the aliases that fold to it, in order: alias number `rank` is
    `aliases[rank]` and belongs to `owners[rank]`. Ranks follow the order in which aliases are
    tried at a place (longest first, then by text), so 'ISIS-K' wins over 'ISIS'.
    """

    automaton: Any | None  # an ahocorasick.Automaton, or None when there are no aliases
    owners: tuple[str, ...]
    aliases: tuple[Alias, ...] = ()
    starts: re.Pattern[str] = re.compile("")  # where an alias may begin (see `_starts`)
    regex: RegexMatcher | None = None  # used instead, for fewer than AUTOMATON_FROM aliases


@dataclass(frozen=True, slots=True)
class Span:
    actor: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A sentence of an article that names an actor, and where the name stands in it."""

    actor: str
    article: str
    paragraph: str  # the paragraph's id on the article page
    sentence: str
    start: int
    end: int

    @property
    def before(self) -> str:
        return self.sentence[: self.start]

    @property
    def name(self) -> str:
        return self.sentence[self.start : self.end]

    @property
    def after(self) -> str:
        return self.sentence[self.end :]


def compile_matcher(actors: Sequence[Actor], *, automaton_from: int = AUTOMATON_FROM) -> Matcher:
    """Put every alias in one automaton, which finds them all in one pass over a text (or,
    for fewer than `automaton_from` aliases, in one regular expression)."""
    ranked = _ranked_aliases(actors)
    if not ranked:
        return Matcher(None, ())
    if len(ranked) < automaton_from:
        return Matcher(None, (), regex=compile_regex_matcher(actors))
    ranks: dict[str, list[int]] = {}
    for rank, (alias, _) in enumerate(ranked):
        ranks.setdefault(_fold(alias.text), []).append(rank)
    automaton = ahocorasick.Automaton()
    for key, numbers in ranks.items():
        automaton.add_word(key, tuple(numbers))
    automaton.make_automaton()
    owners, aliases = tuple(key for _, key in ranked), tuple(a for a, _ in ranked)
    return Matcher(automaton, owners, aliases, re.compile(_starts(aliases)))


def find_spans(text: str, matcher: Matcher) -> Iterator[Span]:
    """Every alias in `text`, left to right, never overlapping.

    The same spans as `find_regex_spans`: at each place the first alias in rank order that is
    there as a whole word, then on from its end. The automaton finds every place where an
    alias's folded text is; each is then checked against the text itself, as the regex would.
    """
    if matcher.regex is not None:
        yield from find_regex_spans(text, matcher.regex)
        return
    if matcher.automaton is None:
        return
    aliases = matcher.aliases
    winners: dict[int, int] = {}  # start -> rank of the alias found there
    for last, ranks in matcher.automaton.iter(_fold(text)):
        start = last + 1 - len(aliases[ranks[0]].text)
        if (
            winners.get(start, len(aliases)) < ranks[0]
            or not _whole_word(text, start, last + 1)
            or not matcher.starts.match(text, start)
        ):
            continue
        for rank in ranks:
            if _is_at(aliases[rank], text, start):
                winners[start] = rank
                break
    end = 0
    for start in sorted(winners):
        if start >= end:
            rank = winners[start]
            end = start + len(aliases[rank].text)
            yield Span(matcher.owners[rank], start, end)


def _ranked_aliases(actors: Sequence[Actor]) -> list[tuple[Alias, str]]:
    """(alias, actor key) in the order aliases are tried: longest first, then by text."""
    return sorted(
        ((alias, actor.key) for actor in actors for alias in actor.aliases),
        key=lambda pair: (-len(pair[0].text), pair[0].text),
    )


def _starts(aliases: Sequence[Alias]) -> str:
    """A lookahead for the first characters of `aliases`, case-folded where the alias is.

    The regex matcher tries its aliases only where this lets it. The automaton needs no such
    help, but keeps the rule: re never takes a character of a class it ignores case in for a
    cased letter beyond U+FFFF (such as Deseret's) when the class holds another character too,
    and so the regex matcher never found an alias that starts with one. Keeping the rule keeps
    what is found, and with it every cached body, exactly as it was.
    """
    exact = "".join(sorted({re.escape(a.text[0]) for a in aliases if not a.ignore_case}))
    folded = "".join(sorted({re.escape(a.text[0]) for a in aliases if a.ignore_case}))
    starts = "|".join(([f"[{exact}]"] if exact else []) + ([f"(?i:[{folded}])"] if folded else []))
    return f"(?={starts})"


def _fold_char(char: str) -> str:
    """One character that every character re's IGNORECASE takes for `char` folds to as well.

    re compares simple lowercase letters, and also takes some lowercase letters that share an
    uppercase for each other (i and dotless ı, s and long ſ, μ and µ...). Lowering, uppercasing
    and lowering again (keeping the first character where one becomes several, as İ does)
    brings each such group to one letter.
    """
    return char.lower()[0].upper()[0].lower()[0]


def _fold(text: str) -> str:
    """`text` with each character folded: as long as `text`, so places in one are places in
    the other."""
    if text.isascii():
        return text.lower()
    return text.translate({ord(char): _fold_char(char) for char in set(text)})


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has no word character just before or just after it."""
    before = start > 0 and _WORD.match(text, start - 1) is not None
    return not before and _WORD.match(text, end) is None


def _is_at(alias: Alias, text: str, start: int) -> bool:
    """Whether `alias` is at `start` in `text`, as its own regular expression would say."""
    if text.startswith(alias.text, start):
        return True
    if not alias.ignore_case:
        return False
    found = text[start : start + len(alias.text)]
    return all(a == b or _same_ignoring_case(a, b) for a, b in zip(alias.text, found, strict=True))


# Only a record of re's answers: pure, and few, as texts use few distinct characters.
@functools.lru_cache(maxsize=4096)
def _same_ignoring_case(a: str, b: str) -> bool:
    """Whether re, ignoring case, takes the character `b` for `a`."""
    return re.fullmatch(f"(?i:{re.escape(a)})", b) is not None


@dataclass(frozen=True, slots=True)
class RegexMatcher:
    """One compiled pattern for every alias; group n belongs to `owners[n - 1]`.

    How mentions were found before `Matcher`, slower as aliases grow: kept as the reference
    that the tests hold `find_spans` to.
    """

    pattern: re.Pattern[str] | None
    owners: tuple[str, ...]


def compile_regex_matcher(actors: Sequence[Actor], *, skip_ahead: bool = True) -> RegexMatcher:
    """Compile every alias into one pattern: longest first, so 'ISIS-K' wins over 'ISIS'.

    `skip_ahead=False` leaves out the lookahead that makes the pattern faster (and that misses
    the aliases `_starts` says).
    """
    aliases = _ranked_aliases(actors)
    if not aliases:
        return RegexMatcher(None, ())
    groups = [
        f"({'(?i:' if alias.ignore_case else '(?:'}{re.escape(alias.text)}))"
        for alias, _ in aliases
    ]
    # Only where some alias can begin is it worth trying every alias: a lookahead for their
    # first characters passes over every other place at once.
    ahead = _starts([alias for alias, _ in aliases]) if skip_ahead else ""
    pattern = re.compile(rf"(?<!\w){ahead}(?:{'|'.join(groups)})(?!\w)")
    return RegexMatcher(pattern, tuple(key for _, key in aliases))


def find_regex_spans(text: str, matcher: RegexMatcher) -> Iterator[Span]:
    """Every alias in `text`, left to right, never overlapping."""
    if matcher.pattern is None:
        return
    for match in matcher.pattern.finditer(text):
        assert match.lastindex is not None
        yield Span(matcher.owners[match.lastindex - 1], match.start(), match.end())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        end = boundary.start() + len(boundary.group(0).rstrip())
        bounds.append((start, end))
        start = boundary.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def find_mentions(text: str, matcher: Matcher, *, article: str, paragraph: str) -> list[Mention]:
    """One Mention per actor per sentence of a paragraph, at the actor's first name in it."""
    spans = list(find_spans(text, matcher))
    mentions: list[Mention] = []
    for start, end in split_sentences(text):
        seen: set[str] = set()
        for span in spans:
            if start <= span.start and span.end <= end and span.actor not in seen:
                seen.add(span.actor)
                mentions.append(
                    Mention(
                        span.actor,
                        article,
                        paragraph,
                        text[start:end],
                        span.start - start,
                        span.end - start,
                    )
                )
    return mentions
