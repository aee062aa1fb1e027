"""What finding actors' mentions costs: many aliases in a long article, and the sample.

    .venv/bin/python bench/mentions.py --aliases 4000 --kilobytes 100 --repeat 5

(a) generated actors (names of 1 to 4 words, acronyms, some matched in any case, some with
accents) and a generated article that names them, split into paragraphs as a body is;
(b) the five-article sample: content/actors.yaml and the paragraphs of its articles.
For each, times compiling the matcher and finding the spans of every paragraph, with the
automaton (`compile_matcher`) and with one regular expression of every alias
(`compile_regex_matcher`, what reader used before), and prints the median and the fastest of
`--repeat` runs. re's cache is emptied before each compiling of the regex, as in a fresh
process. The regex takes about 80 s for (a): it is timed on its first `--old-kilobytes`
only, and its time for all of (a) scaled from that. Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.content import load_project
from reader.markdown import make_parser
from reader.mentions import (
    compile_matcher,
    compile_regex_matcher,
    find_regex_spans,
    find_spans,
)
from reader.model import Actor, Alias

ROOT = Path(__file__).resolve().parent.parent


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SYLLABLES = _words(
    "al ba da far ga ha is ka kha la ma mir na qa ra sa sha ta u wa ya za zai ni ro lu "
    "dost gul jan khan wal zad ran sher nur"
)
_WORDS = _words(
    "the of and to in a is that for on with as by it was at from his an were are which this "
    "be has or had not but its their have been after they government talks aid border "
    "security envoy said would could more than over about into talks sanctions ministers "
    "province militants recognition policy regional women education economy"
)
_KINDS = ("Council", "Front", "Movement", "Network", "Alliance", "Party", "Mission", "Group")


def _name(rng: random.Random) -> str:
    """A name of 1 to 4 words: a person, an organisation, an acronym."""

    def word() -> str:
        text = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        return text.capitalize()

    shape = rng.random()
    if shape < 0.15:
        return "".join(rng.choice("ABCDEFGHIKLMNOPRSTUW") for _ in range(rng.randint(2, 5)))
    if shape < 0.5:
        return f"{word()} {word()}"
    if shape < 0.8:
        return " ".join([word(), *(rng.choice(_KINDS) for _ in range(rng.randint(0, 1)))])
    return " ".join(word() for _ in range(rng.randint(3, 4)))


def make_actors(count: int, *, seed: int = 7) -> tuple[Actor, ...]:
    """`count` aliases over half as many actors; some any case, some with an accent."""
    rng = random.Random(seed)
    seen: set[str] = set()
    aliases: list[Alias] = []
    while len(aliases) < count:
        text = _name(rng)
        if rng.random() < 0.05:
            text = text.replace("a", "á", 1)
        if text.casefold() in seen:
            continue
        seen.add(text.casefold())
        aliases.append(Alias(text, ignore_case=rng.random() < 0.25))
    return tuple(
        Actor(f"actor-{n}", f"Actor {n}", "kind", "description", tuple(aliases[n * 2 : n * 2 + 2]))
        for n in range((count + 1) // 2)
    )


def make_paragraphs(actors: Sequence[Actor], kilobytes: int, *, seed: int = 7) -> list[str]:
    """Paragraphs of about 800 characters that name an actor every dozen words or so, now
    and then inside a longer word or in another case."""
    rng = random.Random(seed)
    names = [alias.text for actor in actors for alias in actor.aliases]
    paragraphs: list[str] = []
    total = 0
    while total < kilobytes * 1000:
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < 800:
            if rng.random() < 0.08:
                name = rng.choice(names)
                shape = rng.random()
                if shape < 0.1:
                    name = name.lower()
                elif shape < 0.2:
                    name = f"pro-{name}ism"
                words.append(name)
            else:
                words.append(rng.choice(_WORDS))
            if rng.random() < 0.07:
                words[-1] += rng.choice((",", ".", "’s", ";"))
        text = " ".join(words)
        paragraph = text[0].upper() + text[1:] + "."
        paragraphs.append(paragraph)
        total += len(paragraph.encode())
    return paragraphs


def sample_paragraphs(root: Path) -> tuple[tuple[Actor, ...], list[str]]:
    """The sample's actors and the plain text of its articles' paragraphs, as bodies see it."""
    project = load_project(root)
    parser = make_parser()
    paragraphs: list[str] = []
    for article in project.articles:
        for token in parser.parse(article.body):
            if token.type == "inline" and token.children:
                paragraphs.append("".join(_plain(child) for child in token.children))
    return project.actors, paragraphs


def _plain(token: object) -> str:
    kind, content = getattr(token, "type", ""), getattr(token, "content", "")
    if kind in ("text", "code_inline"):
        return str(content)
    return " " if kind in ("softbreak", "hardbreak") else ""


def _time(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _line(label: str, times: list[float]) -> str:
    return (
        f"  {label:<36} median {statistics.median(times) * 1000:9.1f} ms,"
        f" fastest {min(times) * 1000:9.1f} ms"
    )


def measure(
    label: str,
    actors: Sequence[Actor],
    paragraphs: Sequence[str],
    *,
    repeat: int,
    old_characters: int,
) -> None:
    """Time both matchers on `paragraphs`; the regex one only on the first `old_characters`
    (all if 0), its time for all of them scaled from that."""
    size = sum(len(p) for p in paragraphs)
    count = sum(len(a.aliases) for a in actors)
    print(f"{label}: {count} aliases, {len(paragraphs)} paragraphs, {size:,} characters")
    new = compile_matcher(actors)
    spans = [list(find_spans(p, new)) for p in paragraphs]
    print(_line("automaton: compile", _time(lambda: compile_matcher(actors), repeat)))
    finding = _time(lambda: [list(find_spans(p, new)) for p in paragraphs], repeat)
    print(_line(f"automaton: find ({sum(map(len, spans))} spans)", finding))
    part, taken = [], 0
    for paragraph in paragraphs:
        if old_characters and taken >= old_characters:
            break
        part.append(paragraph)
        taken += len(paragraph)
    old = compile_regex_matcher(actors)
    same = all(list(find_regex_spans(p, old)) == s for p, s in zip(part, spans, strict=False))
    compiling = _time(lambda: (re.purge(), compile_regex_matcher(actors)), repeat)
    print(_line("regex: compile", compiling))
    finding = _time(lambda: [list(find_regex_spans(p, old)) for p in part], repeat)
    if len(part) == len(paragraphs):
        print(_line("regex: find", finding))
    else:
        print(_line(f"regex: find in {taken:,} characters", finding))
        print(_line("regex: find, scaled to all", [t * size / taken for t in finding]))
    print(f"  same spans as the regex: {'yes' if same else 'NO'}")


def target(aliases: int, kilobytes: int, *, repeat: int, seed: int) -> dict[str, float]:
    """What issue 12's target judges: compiling the automaton for `aliases` aliases and finding
    them in a generated article of `kilobytes` KB (medians of `repeat`), and whether its spans
    equal the regular expression's on the article's first 8 KB (1 for yes)."""
    actors = make_actors(aliases, seed=seed)
    paragraphs = make_paragraphs(actors, kilobytes, seed=seed)

    def compile_and_find() -> object:
        matcher = compile_matcher(actors)
        return [list(find_spans(p, matcher)) for p in paragraphs]

    total = statistics.median(_time(compile_and_find, repeat))
    matcher, regex = compile_matcher(actors), compile_regex_matcher(actors)
    part, taken = [], 0
    for paragraph in paragraphs:
        if taken >= 8000:
            break
        part.append(paragraph)
        taken += len(paragraph)
    same = all(list(find_spans(p, matcher)) == list(find_regex_spans(p, regex)) for p in part)
    return {
        "aliases": float(sum(len(a.aliases) for a in actors)),
        "characters": float(sum(len(p) for p in paragraphs)),
        "seconds": total,
        "same_spans": 1.0 if same else 0.0,
        "compared_characters": float(taken),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aliases", type=int, default=4000)
    parser.add_argument("--kilobytes", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--old-kilobytes",
        type=int,
        default=8,
        help="time the regex matcher on this much of (a), 0 for all (about 80 s a run)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print only the target's figures, as JSON"
    )
    args = parser.parse_args(argv)
    if args.json:
        figures = target(args.aliases, args.kilobytes, repeat=args.repeat, seed=args.seed)
        print(json.dumps(figures))
        return 0
    actors = make_actors(args.aliases, seed=args.seed)
    paragraphs = make_paragraphs(actors, args.kilobytes, seed=args.seed)
    old = args.old_kilobytes * 1000
    measure("(a) generated", actors, paragraphs, repeat=args.repeat, old_characters=old)
    sample_actors, sample = sample_paragraphs(ROOT)
    measure("(b) the sample", sample_actors, sample, repeat=args.repeat, old_characters=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
