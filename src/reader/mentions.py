"""Find the actors an article mentions: aliases matched as whole words in the rendered text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .model import Actor

# A sentence ends at . ! or ? (and any closing quotes or brackets) before white space and a
# capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Matcher:
    """One compiled pattern for every alias; group n belongs to `owners[n - 1]`."""

    pattern: re.Pattern[str] | None
    owners: tuple[str, ...]


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


def compile_matcher(actors: Sequence[Actor], *, skip_ahead: bool = True) -> Matcher:
    """Compile every alias into one pattern: longest first, so 'ISIS-K' wins over 'ISIS'.

    `skip_ahead=False` leaves out the lookahead that only makes the pattern faster.
    """
    aliases = sorted(
        ((alias, actor.key) for actor in actors for alias in actor.aliases),
        key=lambda pair: (-len(pair[0].text), pair[0].text),
    )
    if not aliases:
        return Matcher(None, ())
    groups = [
        f"({'(?i:' if alias.ignore_case else '(?:'}{re.escape(alias.text)}))"
        for alias, _ in aliases
    ]
    # Only where some alias can begin is it worth trying every alias: a lookahead for their
    # first characters (case-folded where the alias is) passes over every other place at once.
    exact = "".join(
        sorted({re.escape(alias.text[0]) for alias, _ in aliases if not alias.ignore_case})
    )
    folded = "".join(
        sorted({re.escape(alias.text[0]) for alias, _ in aliases if alias.ignore_case})
    )
    starts = "|".join(([f"[{exact}]"] if exact else []) + ([f"(?i:[{folded}])"] if folded else []))
    ahead = f"(?={starts})" if skip_ahead else ""
    pattern = re.compile(rf"(?<!\w){ahead}(?:{'|'.join(groups)})(?!\w)")
    return Matcher(pattern, tuple(key for _, key in aliases))


def find_spans(text: str, matcher: Matcher) -> Iterator[Span]:
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
