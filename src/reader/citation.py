"""How to cite an article: a plain reference and a BibTeX entry, each at the date's real precision.

The work cited is the original publication; its address is the original's when known, else the
article's page in this reader (when the site's public address is known). An inferred date is
put in square brackets, as references do with information the source does not print.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Article, Author, PartialDate
from .slugs import slug_words

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# TeX's special characters, as text-mode commands that keep braces balanced: BibTeX counts
# every brace, escaped or not, so '\{' would unbalance a field.
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_TEX_SPECIALS_RE = re.compile("|".join(re.escape(c) for c in _TEX_SPECIALS))
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Citation:
    reference: str
    bibtex: str
    key: str


def cite_article(article: Article, *, page_url: str | None) -> Citation:
    """The reference and BibTeX entry for `article`; `page_url` is its page's absolute address."""
    url = article.source_url or page_url
    key = bibtex_key(article)
    return Citation(
        reference=format_reference(article, url=url),
        bibtex=format_bibtex(article, key=key, url=url),
        key=key,
    )


def format_reference(article: Article, *, url: str | None) -> str:
    """'Ada Lovelace and Alan Turing. “Title.” Publication, 7 February 2024. https://…'"""
    title = _one_line(article.title)
    closing = "" if title.endswith((".", "?", "!", "…")) else "."
    date = f"[{article.published.label}]" if article.date_inferred else article.published.label
    parts = [
        f"{join_names(article.authors)}.",
        f"“{title}{closing}”",
        f"{_one_line(article.publication)}, {date}.",
    ]
    if url:
        parts.append(url)
    return " ".join(parts)


def join_names(authors: Sequence[Author]) -> str:
    names = [_one_line(author.name) for author in authors]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def format_bibtex(article: Article, *, key: str, url: str | None) -> str:
    """An @article entry; month only when the month is known, no day (BibTeX has no field)."""
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(_bibtex_name(author.name) for author in article.authors)),
        # Double braces keep the title's capitals as written.
        ("title", "{" + escape_tex(article.title) + "}"),
        ("journal", escape_tex(article.publication)),
        *_bibtex_date(article.published),
    ]
    if url:
        fields.append(("url", _bibtex_url(url)))
    if article.date_inferred:
        fields.append(("note", "Date inferred: not printed in the original"))
    lines = [f"@article{{{key},"]
    for name, value in fields:
        # A month is a BibTeX macro (aug), written bare so styles can name it in any language.
        shown = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name} = {shown},")
    lines.append("}")
    return "\n".join(lines)


def bibtex_key(article: Article) -> str:
    """'almond2021-making-deals-with-the-taliban': unique on the site, since slugs are."""
    surname = article.authors[0].name.split()[-1] if article.authors[0].name.split() else ""
    letters = re.sub(r"[^a-z]", "", "".join(slug_words(surname)))
    return f"{letters}{article.published.year}-{article.slug}"


def escape_tex(text: str) -> str:
    """Text safe inside a braced BibTeX field: TeX specials as commands, on one line."""
    return _TEX_SPECIALS_RE.sub(lambda m: _TEX_SPECIALS[m.group()], _one_line(text))


def _bibtex_name(name: str) -> str:
    """One author; a name BibTeX would split (a comma, a standalone 'and') is kept whole."""
    escaped = escape_tex(name)
    if "," in name or re.search(r"\band\b", name, re.IGNORECASE):
        return "{" + escaped + "}"
    return escaped


def _bibtex_date(date: PartialDate) -> list[tuple[str, str]]:
    fields = [("year", str(date.year))]
    if date.month is not None:
        fields.append(("month", MONTH_MACROS[date.month - 1]))
    return fields


def _bibtex_url(url: str) -> str:
    """A URL as the url field wants it: verbatim, with braces and backslashes percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _one_line(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()
