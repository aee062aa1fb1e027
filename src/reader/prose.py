"""The counts the site's own prose may name, so that it stays true as articles come and go.

`content/site.yaml`'s `tagline` and `intro` may say `{articles}` (published articles),
`{stances}`, `{events}` (timeline events), `{first_year}` and `{last_year}` (of the articles);
`{articles:words}` spells a count out in English up to twenty ("five"), `{articles:Words}`
also capitalises it ("Five"), and `{{` and `}}` stand for braces. Checked when site.yaml is
read, filled in when the site is assembled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

NAMES = ("articles", "stances", "events", "first_year", "last_year")
FORMATS = ("words", "Words")
_TOKEN = re.compile(r"\{\{|\}\}|\{(\w*)(?::(\w*))?\}|[{}]")
_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)


def prose_problem(text: str) -> str | None:
    """What is wrong with the placeholders in `text`, or None."""
    for match in _TOKEN.finditer(text):
        token, name, spec = match.group(0), match.group(1), match.group(2)
        if token in ("{{", "}}"):
            continue
        if name is None:
            return f"a lone '{token}': write '{token * 2}' for a brace, or use {_known()}"
        if name not in NAMES:
            from .yamlnodes import did_you_mean  # only now: it loads YAML's parser

            hint = did_you_mean(name, NAMES)
            return f"unknown placeholder '{token}'{hint}; the prose may use {_known()}"
        if spec is not None and spec not in FORMATS:
            return f"'{token}': ':{spec}' is not a format; use ':words' or ':Words'"
    return None


def _known() -> str:
    return ", ".join(f"{{{name}}}" for name in NAMES)


def fill_prose(text: str, counts: Mapping[str, int | str], *, english: bool) -> str:
    """`text` with its placeholders replaced by `counts` (checked by `prose_problem` first)."""

    def replace(match: re.Match[str]) -> str:
        token, name, spec = match.group(0), match.group(1), match.group(2)
        if token in ("{{", "}}"):
            return token[0]
        value = counts[name]
        if spec is None or not english or not isinstance(value, int) or value >= len(_WORDS):
            return str(value)
        word = _WORDS[value]
        return word[0].upper() + word[1:] if spec == "Words" else word

    return _TOKEN.sub(replace, text)
