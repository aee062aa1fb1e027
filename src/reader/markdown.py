"""Markdown to HTML: one configured markdown-it parser, safe by default."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .errors import Problem, ReaderError
from .mentions import Matcher, Mention, find_mentions, find_spans
from .model import Article, ArticleBody

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
PARAGRAPH_PREFIX = "para-"
_PARAGRAPH_ID_RE = re.compile(rf"{PARAGRAPH_PREFIX}\d+")
NO_ACTORS = Matcher(None, ())
# Ids the page templates use around a rendered body (article and about pages); a heading must
# not take one of them.
RESERVED_IDS = frozenset(
    {
        "actors-caption",
        "years-caption",
        "years-title",
        "context",
        "context-title",
        "threads",
        "threads-title",
        "main",
        "top",
        "article-title",
        "article-body",
        "about-article",
        "about-article-title",
        "provenance-title",
        "perspectives",
        "perspectives-title",
        "events",
        "events-title",
        "about-stances",
        "about-dates",
        "about-texts",
        "citation",
        "citation-title",
        "positions",
        "positions-title",
        "questions-title",
        "matrix-title",
        "matrix-caption",
        "tally-caption",
        "search-form",
        "search-input",
        "search-results",
        "search-status",
    }
)
WORDS_PER_MINUTE = 230
_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_WORD_RE = re.compile(r"\w+(?:['\u2019\-]\w+)*")
_JOINERS = frozenset({"\u200c", "\u200d"})
# The footnote plugin's ids: fn1, fnref1, fnref1:2.
_FOOTNOTE_ID_RE = re.compile(r"fn(?:ref)?[0-9]+(?::[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Quote:
    """A paragraph's plain text, quoted where a position rests on it."""

    paragraph: str  # its id, para-N
    text: str


@dataclass(frozen=True, slots=True)
class RenderedArticle:
    """An article's body as HTML, with what the pages show about it."""

    slug: str
    html: str
    words: int
    mentions: tuple[Mention, ...] = ()
    paragraphs: int = 0  # how many: their ids run from para-1 to para-N
    quotes: tuple[Quote, ...] = ()  # the paragraphs the article's positions name, in order

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


@dataclass(frozen=True, slots=True)
class RenderedContent:
    """Every Markdown text of the project, as HTML."""

    articles: tuple[RenderedArticle, ...]
    about_html: str


class _Parser(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return is_safe_url(url)


def is_safe_url(url: str) -> bool:
    """Allow relative links, fragments, http(s) and mailto; refuse javascript:, data: etc."""
    # Percent-decoded too: 'java%09script:' is harmless to a browser, but refusing it is simpler
    # than arguing about which encoded characters a URL parser might drop.
    cleaned = "".join(ch for ch in unquote(url) if ch.isprintable() and not ch.isspace())
    match = _SCHEME_RE.match(cleaned)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def make_parser() -> MarkdownIt:
    """Build the parser every article is rendered with; raw HTML is shown as text."""
    parser = _Parser(
        "commonmark", {"typographer": True, "html": False, "highlight": _highlight_code}
    )
    parser.enable(["replacements", "smartquotes", "table", "strikethrough"])
    parser.use(footnote_plugin)
    parser.use(anchors_plugin, min_level=2, max_level=4, slug_func=_heading_id)
    parser.core.ruler.push("remote_images", _link_remote_images)
    return parser


def render_markdown(source: str, *, parser: MarkdownIt | None = None) -> str:
    """Render Markdown to HTML with the reader's parser."""
    return str((parser or make_parser()).render(source, {}))


def render_article(
    article: Article,
    *,
    parser: MarkdownIt,
    matcher: Matcher = NO_ACTORS,
    actor_links: Mapping[str, str] | None = None,
) -> RenderedArticle:
    """Render one article's body: paragraphs get ids, actors' first mentions become links.

    A level-1 heading is an error: the title is the page's only h1.
    """
    env: dict[str, Any] = {}
    tokens = parser.parse(article.body, env)
    problems = _heading_problems(tokens, path=article.path, first_line=article.body_line)
    if problems:
        raise ReaderError(problems)
    quoted = {position.para for position in article.positions}
    quotes = tuple(quote_paragraphs(tokens, quoted)) if quoted else ()
    mentions = annotate_paragraphs(
        tokens, matcher=matcher, actor_links=actor_links or {}, article=article.slug
    )
    html = parser.renderer.render(tokens, parser.options, env)
    paragraphs = sum(token.type == "paragraph_open" for token in tokens)
    words = _count_words(tokens)
    return RenderedArticle(article.slug, str(html), words, tuple(mentions), paragraphs, quotes)


def render_articles(
    articles: Sequence[Article],
    *,
    parser: MarkdownIt,
    matcher: Matcher = NO_ACTORS,
    actor_links: Mapping[str, str] | None = None,
) -> tuple[RenderedArticle, ...]:
    """Render every article, collecting every article's problems before failing."""
    rendered: list[RenderedArticle] = []
    problems: list[Problem] = []
    for article in articles:
        try:
            rendered.append(
                render_article(article, parser=parser, matcher=matcher, actor_links=actor_links)
            )
        except ReaderError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ReaderError(problems)
    return tuple(rendered)


def code_style_css(*, light: str = "default", dark: str = "github-dark") -> str:
    """CSS for highlighted code: a light palette, and a dark one for dark colour schemes."""
    selector = "pre > code"
    light_css = HtmlFormatter(style=light).get_style_defs(selector)  # type: ignore[no-untyped-call]
    dark_css = HtmlFormatter(style=dark).get_style_defs(selector)  # type: ignore[no-untyped-call]
    indented = "\n".join(f"  {line}" for line in dark_css.splitlines())
    return f"{light_css}\n@media (prefers-color-scheme: dark) {{\n{indented}\n}}\n"


_H1_MESSAGE = "level-1 heading in the body: the title is the page's only h1; use ## for subheads"


def _heading_problems(tokens: Sequence[Token], *, path: str, first_line: int) -> list[Problem]:
    return [
        Problem(path, first_line + token.map[0], _H1_MESSAGE)
        for token in tokens
        if token.type == "heading_open" and token.tag == "h1" and token.map
    ]


def find_body_problems(bodies: Iterable[ArticleBody]) -> list[Problem]:
    """The problems of article bodies, found without rendering them: for a build that fails
    anyway, so that all its problems are reported in one run."""
    parser = make_parser()
    problems: list[Problem] = []
    for body in bodies:
        if "#" in body.text or "=" in body.text:  # a level-1 heading needs one or the other
            tokens = parser.parse(body.text, {})
            problems += _heading_problems(tokens, path=body.path, first_line=body.first_line)
    return problems


def _highlight_code(code: str, language: str, _attrs: Any) -> str:
    if not language:
        return ""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return ""
    return str(highlight(code, lexer, HtmlFormatter(nowrap=True)))


def _heading_id(title: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", title.lower()).strip().replace(" ", "-") or "section"
    reserved = (
        slug in RESERVED_IDS
        or _FOOTNOTE_ID_RE.fullmatch(slug) is not None
        or _PARAGRAPH_ID_RE.fullmatch(slug) is not None
    )
    return f"{slug}-section" if reserved else slug


def _link_remote_images(state: StateCore) -> None:
    """Turn remote images into links: a page never loads anything from another site.

    An image that is already inside a link becomes its text only, as links cannot nest.
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        depth = 0
        for token in block.children:
            depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            src = str(token.attrGet("src") or "")
            if token.type == "image" and (_SCHEME_RE.match(src) or src.startswith("//")):
                text = Token("text", "", 0, content=f"Image: {token.content or src}")
                if depth:
                    children.append(text)
                else:
                    children.append(Token("link_open", "a", 1, attrs={"href": src}))
                    children.append(text)
                    children.append(Token("link_close", "a", -1))
            else:
                children.append(token)
        block.children = children


def _count_words(tokens: Sequence[Token]) -> int:
    count = 0
    for token in tokens:
        for child in token.children or ():
            if child.type == "text":
                count += count_words(child.content)
    return count


def count_words(text: str) -> int:
    """Words in plain text. Combining marks (Arabic vowel signs, Devanagari matras) and
    zero-width (non-)joiners, as in Persian compounds, belong to the word they stand in."""
    if not text.isascii():
        text = text.translate(_WORD_JOINERS)
    return len(_WORD_RE.findall(text))


class _WordJoiners(dict[int, int | None]):
    """A str.translate table that deletes combining marks and zero-width joiners.

    Filled on first sight of each character, so translate runs at C speed after that; it only
    ever caches a pure function of the character.
    """

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        keep = char not in _JOINERS and not unicodedata.category(char).startswith("M")
        self[code] = code if keep else None
        return self[code]


_WORD_JOINERS = _WordJoiners()


def annotate_paragraphs(
    tokens: Sequence[Token], *, matcher: Matcher, actor_links: Mapping[str, str], article: str
) -> list[Mention]:
    """Give every paragraph an id (para-1, para-2...), find the actors each sentence names,
    and turn each actor's first mention in the article into a link to its page."""
    mentions: list[Mention] = []
    linked: set[str] = set()
    for index, paragraph in _paragraphs(tokens):
        _anchor_for(tokens, index).attrSet("id", paragraph)
        inline = tokens[index + 1]
        if inline.type != "inline" or not inline.children:
            continue
        text = "".join(_plain(child) for child in inline.children)
        mentions += find_mentions(text, matcher, article=article, paragraph=paragraph)
        inline.children = _link_first_mentions(inline.children, matcher, actor_links, linked)
    return mentions


def quote_paragraphs(tokens: Sequence[Token], wanted: Collection[str]) -> Iterator[Quote]:
    """The plain text of the paragraphs whose ids (para-N, as annotate_paragraphs gives them)
    are `wanted`, in order."""
    for index, paragraph in _paragraphs(tokens):
        inline = tokens[index + 1]
        if paragraph in wanted and inline.type == "inline":
            text = "".join(_plain(child) for child in inline.children or ())
            yield Quote(paragraph, " ".join(text.split()))


def _paragraphs(tokens: Sequence[Token]) -> Iterator[tuple[int, str]]:
    """Each paragraph's opening token, by its index, with its id: para-1, para-2..."""
    paragraphs = (i for i, token in enumerate(tokens) if token.type == "paragraph_open")
    for number, index in enumerate(paragraphs, start=1):
        yield index, f"{PARAGRAPH_PREFIX}{number}"


def _anchor_for(tokens: Sequence[Token], index: int) -> Token:
    """The token that carries a paragraph's id: itself, or its list item in a tight list."""
    if not tokens[index].hidden:
        return tokens[index]
    for earlier in reversed(tokens[:index]):
        if earlier.type == "list_item_open":
            return earlier
    return tokens[index]


def _plain(token: Token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    return " " if token.type in ("softbreak", "hardbreak") else ""


def _link_first_mentions(
    children: Sequence[Token],
    matcher: Matcher,
    actor_links: Mapping[str, str],
    linked: set[str],
) -> list[Token]:
    result: list[Token] = []
    depth = 0
    for token in children:
        depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
        if token.type != "text" or depth > 0:
            result.append(token)
            continue
        text, position = token.content, 0
        for span in find_spans(text, matcher):
            if span.actor in linked or span.actor not in actor_links:
                continue
            linked.add(span.actor)
            href = actor_links[span.actor]
            attrs: dict[str, str | int | float] = {"href": href, "class": "actor-link"}
            result += [
                Token("text", "", 0, content=text[position : span.start]),
                Token("link_open", "a", 1, attrs=attrs),
                Token("text", "", 0, content=text[span.start : span.end]),
                Token("link_close", "a", -1),
            ]
            position = span.end
        result.append(Token("text", "", 0, content=text[position:]))
    return result
