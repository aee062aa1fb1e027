"""What a compiled Markdown parser, markdown-it-pyrs, would give reader: speed and equality.

    python -m venv /tmp/mdrs-venv
    /tmp/mdrs-venv/bin/pip install markdown-it-pyrs markdown-it-py mdit-py-plugins pygments \\
        jinja2 pyyaml hypothesis
    /tmp/mdrs-venv/bin/python bench/markdown_rs.py --articles 1000 --repeat 5 --examples 300

markdown-it-pyrs is not one of reader's dependencies, so this runs in a venv of its own and
imports reader from src/ (or `--src DIR`). It measures, per article, on the five sample
articles and on the corpus of `corpus.py`:
- markdown-it-py with the plain configuration (no rule of reader's), with reader's parser
  (`make_parser().render`), and as reader renders an article (`render_article`: paragraph ids,
  actors' first mentions, word count);
- markdown-it-pyrs with the closest plain configuration, and with a prototype of the pass over
  its HTML that reader's rules would have to become (it has no Python rules and renders no
  tree it hands out).
Then it compares the HTML of the two plain configurations, byte for byte, on the sample bodies,
the corpus bodies, the string literals of tests/test_markdown.py and Markdown texts made by
hypothesis, and sorts the differences into kinds; and the prototype's output against
`render_article`'s. Prints a report; not part of the tests.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import html
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# reader's src/ to import (`--src`, read before the imports), so that a copy of a commit can
# be measured while the working tree is being edited.
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv[:-1] else REPO / "src"
sys.path.insert(0, str(_SRC))

import corpus  # noqa: E402
import markdown_it  # noqa: E402
import markdown_it_pyrs  # noqa: E402
import mdit_py_plugins  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402
from mdit_py_plugins.footnote import footnote_plugin  # noqa: E402
from pygments import highlight  # noqa: E402
from pygments.formatters import HtmlFormatter  # noqa: E402
from pygments.lexers import get_lexer_by_name  # noqa: E402
from pygments.util import ClassNotFound  # noqa: E402

from reader.build import _load  # noqa: E402
from reader.entries import actor_path, links_from_articles  # noqa: E402
from reader.errors import ReaderError  # noqa: E402
from reader.markdown import (  # noqa: E402
    NO_ACTORS,
    PARAGRAPH_PREFIX,
    _heading_id,
    count_words,
    is_safe_url,
    make_parser,
    render_article,
)
from reader.mentions import Matcher, Mention, compile_matcher, find_mentions, find_spans  # noqa: E402
from reader.model import Article  # noqa: E402

# markdown-it-py's "commonmark" preset less the raw HTML rules (html=False), with the rules
# reader turns on; heading_anchors is left out: its ids and permalink markup are fixed in Rust.
RS_RULES = [
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
    "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image", "link",
    "newline", "replacements", "smartquotes", "table", "strikethrough", "footnote",
]  # fmt: skip


def plain_py() -> MarkdownIt:
    """markdown-it-py configured as reader's parser, without any rule of reader's own."""
    parser = MarkdownIt("commonmark", {"typographer": True, "html": False})
    parser.enable(["replacements", "smartquotes", "table", "strikethrough"])
    return parser.use(footnote_plugin)


def plain_rs() -> markdown_it_pyrs.MarkdownIt:
    """The closest markdown-it-pyrs configuration to `plain_py`."""
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(RS_RULES)  # type: ignore[arg-type]


# --- the prototype: reader's rules as a pass over markdown-it-pyrs' HTML --------------------

_PIECES = re.compile(r"(<[^>]*>)")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_FENCE = re.compile(r'<pre><code class="language-([^"]+)">(.*?)</code></pre>', re.S)
_HEADINGS = ("<h2>", "<h3>", "<h4>")
_FOOTNOTE_MARK = re.compile(
    r'<a href="#fn[0-9]+" id="fnref|<a href="#fnref[^"]*" class="footnote-backref"'
)
_BLOCK_AFTER_NEWLINE = ("<ul", "<ol", "<blockquote", "<pre", "<h", "<hr", "<table", "<p")


def _escape(text: str) -> str:
    """markdown-it's escapeHtml."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _highlight_fence(match: re.Match[str]) -> str:
    language = html.unescape(match.group(1))
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return match.group(0)
    code = html.unescape(match.group(2))
    highlighted = highlight(code, lexer, HtmlFormatter(nowrap=True))
    return f'<pre><code class="language-{match.group(1)}">{highlighted}</code></pre>'


def _unsafe_link(piece: str) -> bool:
    if not piece.startswith('<a href="'):
        return False
    return not is_safe_url(html.unescape(piece[9 : piece.index('"', 9)]))


def _unsafe_links(pieces: list[str]) -> list[str]:
    """A link reader's validateLink refuses is its source text in markdown-it-py; rebuilt here
    from the HTML, which is exact only for a plain inline link whose URL needed no encoding."""
    out: list[str] = []
    closers: list[str] = []
    for piece in pieces:
        if piece.startswith("<a "):
            attrs = dict(_ATTR.findall(piece))
            if is_safe_url(html.unescape(attrs.get("href", ""))):
                closers.append("</a>")
                out.append(piece)
            else:
                title = f' "{attrs["title"]}"' if "title" in attrs else ""
                closers.append(f"]({attrs.get('href', '')}{title})")
                out.append("[")
        elif piece == "</a>":
            out.append(closers.pop())
        else:
            out.append(piece)
    return out


def _images(pieces: list[str]) -> list[str]:
    """Remote images become links (their text only, inside a link); unsafe ones their source."""
    out: list[str] = []
    depth = 0
    for piece in pieces:
        if piece.startswith("<a ") or piece == "<a>":
            depth += 1
        elif piece == "</a>":
            depth -= 1
        if not piece.startswith("<img "):
            out.append(piece)
            continue
        attrs = dict(_ATTR.findall(piece))
        src, alt = attrs.get("src", ""), attrs.get("alt", "")
        if not is_safe_url(html.unescape(src)):
            # markdown-it-py never makes it an image: the source text stays, which this HTML
            # no longer has; an approximation.
            out.append(f"![{alt}]({src})")
        elif _SCHEME.match(src) or src.startswith("//"):
            text = f"Image: {alt or src}"
            out += [text] if depth else [f'<a href="{src}">', text, "</a>"]
        else:
            out.append(piece)
    return out


@dataclasses.dataclass
class _Walk:
    """What the pass keeps while it walks the pieces of one article's HTML."""

    matcher: Matcher
    actor_links: Mapping[str, str]
    slug: str
    paragraphs: int = 0
    words: int = 0
    mentions: list[Mention] = dataclasses.field(default_factory=list)
    linked: set[str] = dataclasses.field(default_factory=set)
    slugs: set[str] = dataclasses.field(default_factory=set)
    titles: Iterator[str] = dataclasses.field(default_factory=lambda: iter(()))


def annotate_html(
    source_html: str, *, matcher: Matcher, actor_links: Mapping[str, str], slug: str
) -> tuple[str, int, tuple[Mention, ...]]:
    """Reader's rules over rendered HTML: highlighting, remote images, heading ids, paragraph
    ids (on the list item in tight lists), actors' first mentions, words. Raw HTML is off, so
    every '<' in the HTML starts a tag."""
    if "<pre><code class=" in source_html:
        source_html = _FENCE.sub(_highlight_fence, source_html)
    if 'class="footnote-item">' in source_html:  # markdown-it-py has no line break there
        source_html = source_html.replace('class="footnote-item">\n', 'class="footnote-item">')
    pieces = _PIECES.split(source_html)
    if any(_unsafe_link(piece) for piece in pieces):
        pieces = _unsafe_links(pieces)
    # reader's heading ids are made before its remote images become links: titles first.
    titles = [_title(pieces, index) for index, piece in enumerate(pieces) if piece in _HEADINGS]
    if any(piece.startswith("<img ") for piece in pieces):
        pieces = _images(pieces)
    walk = _Walk(matcher, actor_links, slug, titles=iter(titles))
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece in _HEADINGS:
            index = _heading(pieces, index, out, walk)
        elif piece == "<p>" or (piece == "<li>" and _tight_item(pieces, index)):
            index = _paragraph(pieces, index, out, walk)
        elif piece.startswith("<pre"):
            end = pieces.index("</pre>", index)
            out += pieces[index:end]
            index = end
        else:
            if piece and not piece.startswith("<"):
                walk.words += count_words(html.unescape(piece))
            out.append(piece)
            index += 1
    return "".join(out), walk.words, tuple(walk.mentions)


def _tight_item(pieces: Sequence[str], index: int) -> bool:
    """Whether a list item starts with a hidden paragraph (a tight list's)."""
    following = pieces[index + 1] if index + 1 < len(pieces) else ""
    if following:
        return not following.startswith("\n")
    after = pieces[index + 2] if index + 2 < len(pieces) else ""
    return after not in ("</li>", "") and not after.startswith(_BLOCK_AFTER_NEWLINE)


def _inline_end(pieces: Sequence[str], index: int, closer: str) -> int:
    """The index of the piece that ends the inline content opened at `index`: its closing
    tag, or, in a tight list item, the block that follows its hidden paragraph."""
    for end in range(index + 1, len(pieces)):
        piece = pieces[end]
        if piece == closer:
            return end
        if closer == "</li>" and piece.startswith((*_BLOCK_AFTER_NEWLINE, "<li")):
            return end
    return len(pieces)


def _texts(pieces: Sequence[str]) -> Iterator[tuple[int, str, bool, bool]]:
    """(index, text, in a link, in code) of each text piece; the footnote marks' text (not
    text tokens in markdown-it-py) is left out."""
    links = code = 0
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            links += piece.startswith("<a ") - (piece == "</a>")
            code += (piece == "<code>") - (piece == "</code>")
        elif piece and not (index and _FOOTNOTE_MARK.match(pieces[index - 1])):
            yield index, piece, links > 0, code > 0


def _title(pieces: Sequence[str], index: int) -> str:
    end = _inline_end(pieces, index, pieces[index].replace("<", "</"))
    return "".join(html.unescape(text) for _, text, _, _ in _texts(pieces[index + 1 : end]))


def _heading(pieces: list[str], index: int, out: list[str], walk: _Walk) -> int:
    end = _inline_end(pieces, index, pieces[index].replace("<", "</"))
    inner = pieces[index + 1 : end]
    slug = heading_slug = _heading_id(next(walk.titles))
    number = 1
    while slug in walk.slugs:
        slug = f"{heading_slug}-{number}"
        number += 1
    walk.slugs.add(slug)
    for _, text, _, in_code in _texts(inner):
        walk.words += 0 if in_code else count_words(html.unescape(text))
    out.append(f'{pieces[index][:-1]} id="{_escape(slug)}">')
    out += inner
    return end


def _paragraph(pieces: list[str], index: int, out: list[str], walk: _Walk) -> int:
    walk.paragraphs += 1
    paragraph = f"{PARAGRAPH_PREFIX}{walk.paragraphs}"
    closer = "</p>" if pieces[index] == "<p>" else "</li>"
    end = _inline_end(pieces, index, closer)
    inner = list(pieces[index + 1 : end])
    trail = ""
    if inner and end < len(pieces) and pieces[end] != closer and inner[-1].endswith("\n"):
        inner[-1], trail = inner[-1][:-1], "\n"  # the line break before the next block
    plain: list[str] = []
    for position, text, in_link, in_code in _texts(inner):
        plain_text, lead = html.unescape(text), ""
        if position and inner[position - 1] == "<br />" and plain_text.startswith("\n"):
            plain.append(" ")  # a hard break, rendered as <br /> and a line break
            plain_text, lead = plain_text[1:], "\n"
        tail = ""
        following = inner[position + 1] if position + 1 < len(inner) else ""
        if following.startswith('<a href="#fnref') and plain_text.endswith(" "):
            plain_text, tail = plain_text[:-1], " "  # the space is the backref's
        plain.append(plain_text.replace("\n", " "))
        if in_link and not in_code:
            walk.words += count_words(plain_text)
        elif not in_code:  # words are counted after the split, as reader counts them
            inner[position] = lead + _link_mentions(plain_text, walk) + tail
    text = "".join(plain)
    walk.mentions += find_mentions(text, walk.matcher, article=walk.slug, paragraph=paragraph)
    out.append(f'{pieces[index][:-1]} id="{paragraph}">')
    out += inner
    out.append(trail)
    return end


def _link_mentions(text: str, walk: _Walk) -> str:
    parts: list[str] = []
    for line in text.split("\n"):  # a soft break ends a text token in markdown-it-py
        position = 0
        for span in find_spans(line, walk.matcher):
            if span.actor in walk.linked or span.actor not in walk.actor_links:
                continue
            walk.linked.add(span.actor)
            href = _escape(walk.actor_links[span.actor])
            walk.words += count_words(line[position : span.start])
            walk.words += count_words(line[span.start : span.end])
            parts += [
                _escape(line[position : span.start]),
                f'<a href="{href}" class="actor-link">',
                _escape(line[span.start : span.end]),
                "</a>",
            ]
            position = span.end
        walk.words += count_words(line[position:])
        parts += [_escape(line[position:]), "\n"]
    return "".join(parts[:-1])


def render_rs(
    parser: markdown_it_pyrs.MarkdownIt,
    article: Article,
    matcher: Matcher,
    actor_links: Mapping[str, str],
) -> tuple[str, int, tuple[Mention, ...]]:
    return annotate_html(
        parser.render(article.body), matcher=matcher, actor_links=actor_links, slug=article.slug
    )


# --- inputs -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Inputs:
    name: str
    articles: tuple[Article, ...]
    matcher: Matcher
    actor_links: Mapping[str, str]


def load_inputs(root: Path, name: str) -> Inputs:
    project, _environment, _static = _load(root, base_url=None)
    actor_pages = {actor.key: actor_path(actor.key) for actor in project.actors}
    return Inputs(
        name,
        tuple(project.articles),
        compile_matcher(project.actors),
        links_from_articles(actor_pages),
    )


def test_literals() -> list[str]:
    """Every string literal of tests/test_markdown.py, each taken as a Markdown text."""
    tree = ast.parse((REPO / "tests" / "test_markdown.py").read_text(encoding="utf-8"))
    found = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()
    }
    return sorted(found)


INLINE = [
    "word", "The Taliban", "Pakistan's", '"quoted"', "'single'", "it's", "--", "---", "...",
    "(c)", "(tm)", "(r)", "+-", "?....", "!!!!", ",,", "*em*", "**strong**", "_u_", "__s__",
    "`code`", "[link](https://example.org)", "[x](javascript:alert(1))", "[t](ftp://x)",
    "![alt](https://example.org/i.png)", "![local](img/a.png)", "![](//cdn.example/x.png)",
    "&amp;", "&copy;", "&#35;", "&nbsp;", "&bogus;", "AT&T", "<b>raw</b>", "~~del~~", "[^1]",
    "[^n]", "\\*", "<https://auto.example>", "a  \nb", "x\ny", "\u00e9",
    "\u062a\u0627\u0644\u0628\u0627\u0646",
    "\"nested 'quotes' here\"", "5'11\"", "1990s'", "[ref]", "<", ">", "&", '"',
]  # fmt: skip
BLOCKS = [
    "## Heading", "### Sub *heading*", "#### Main", "# Title", "Setext\n---", "- item",
    "- one\n- two\n  - nested", "1. first\n2. second", "* loose\n\n* list", "> quote",
    "```python\nx = 1 < 2\n```", "```\nplain\n```", "    indented code", "---",
    "| a | b |\n|---|:-:|\n| 1 | 2 |", "[^1]: The note.", "[^n]: Another *note*.",
    "[ref]: https://example.org", "<div>block</div>", "- [ ] task",
]  # fmt: skip


def hypothesis_texts(count: int) -> list[str]:
    """`count` Markdown texts made by hypothesis from the fragments above and free text."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    line = st.lists(st.one_of(st.sampled_from(INLINE), st.text(max_size=12)), max_size=8).map(
        " ".join
    )
    block = st.one_of(
        line,
        st.sampled_from(BLOCKS),
        st.tuples(st.sampled_from(BLOCKS), line).map(" ".join),
    )
    texts: list[str] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(st.lists(block, max_size=8).map("\n\n".join))
    def collect(text: str) -> None:
        texts.append(text)

    collect()
    return texts


# --- equality -----------------------------------------------------------------------------


def classify(left: str, right: str) -> tuple[str, str]:
    """The kind of the first difference between two HTML texts, and a short view of it."""
    start = 0
    while start < min(len(left), len(right)) and left[start] == right[start]:
        start += 1
    begin = max(0, start - 30)
    view = f"py {left[begin : start + 40]!r} | rs {right[begin : start + 40]!r}"
    before = left[:start]
    differing = left[start : start + 3] + right[start : start + 3]
    last_tag = before[before.rfind("<") :]
    if "footnote" in left[start - 120 : start + 40] or 'id="fn' in differing:
        return "footnotes markup", view
    if before.rfind("<pre") > before.rfind("</pre>"):
        return "fenced and indented code", view
    if any(c in differing for c in "\u201c\u201d\u2018\u2019\"'"):
        return "smart quotes", view
    if any(c in differing for c in "\u2013\u2014\u2026\u00a9\u00ae\u2122\u00b1.!?,-"):
        return "typographic replacements", view
    if left[start : start + 1] == "[" or right[start : start + 3] == "<a ":
        return "links reader's validateLink refuses", view
    if "&" in differing or "&" in before[-8:]:
        return "entities and escaping", view
    if not differing.strip() or any(not c.isprintable() for c in differing):
        return "whitespace and control characters", view
    if last_tag.startswith(("<t", "</t")):
        return "tables", view
    if last_tag.startswith(("<l", "</l", "<u", "<o", "</u", "</o")):
        return "lists", view
    return "other", view


def compare(
    texts: Sequence[str], left: Callable[[str], str], right: Callable[[str], str]
) -> tuple[int, Counter[str], dict[str, list[str]]]:
    equal = 0
    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for text in texts:
        a, b = left(text), right(text)
        if a == b:
            equal += 1
            continue
        kind, view = classify(a, b)
        kinds[kind] += 1
        if len(examples.setdefault(kind, [])) < 2:
            examples[kind].append(view)
    return equal, kinds, examples


# --- timing -------------------------------------------------------------------------------


def per_article_ms(run: Callable[[], object], articles: int, repeat: int) -> tuple[float, float]:
    """The fastest and the median of `repeat` runs over every article, in ms of CPU time per
    article (CPU time: the machine may be busy with something else)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return min(times) * 1000 / articles, statistics.median(times) * 1000 / articles


def measure(inputs: Inputs, repeat: int) -> dict[str, tuple[float, float]]:
    py, reader_parser, rs = plain_py(), make_parser(), plain_rs()
    bodies = [article.body for article in inputs.articles]
    rendered_rs = [rs.render(body) for body in bodies]
    m, links = inputs.matcher, inputs.actor_links
    runs: dict[str, Callable[[], object]] = {
        "markdown-it-py, plain configuration": lambda: [py.render(b) for b in bodies],
        "markdown-it-py, reader's parser (render)": lambda: [
            reader_parser.render(b) for b in bodies
        ],
        "markdown-it-py, render_article (all reader's rules)": lambda: [
            render_article(a, parser=reader_parser, matcher=m, actor_links=links)
            for a in inputs.articles
        ],
        "markdown-it-py, render_article without actors": lambda: [
            render_article(a, parser=reader_parser) for a in inputs.articles
        ],
        "markdown-it-pyrs, plain configuration": lambda: [rs.render(b) for b in bodies],
        "markdown-it-pyrs, tree only": lambda: [rs.tree(b) for b in bodies],
        "the HTML pass alone, on markdown-it-pyrs' HTML": lambda: [
            annotate_html(h, matcher=m, actor_links=links, slug=a.slug)
            for h, a in zip(rendered_rs, inputs.articles, strict=True)
        ],
        "the HTML pass alone, without actors": lambda: [
            annotate_html(h, matcher=NO_ACTORS, actor_links={}, slug=a.slug)
            for h, a in zip(rendered_rs, inputs.articles, strict=True)
        ],
        "markdown-it-pyrs + the HTML pass": lambda: [
            render_rs(rs, a, m, links) for a in inputs.articles
        ],
    }
    for run in runs.values():  # warm: imports, lexers, caches
        run()
    return {name: per_article_ms(run, len(bodies), repeat) for name, run in runs.items()}


def full_equality(
    inputs: Inputs, texts: Sequence[str] | None = None
) -> tuple[int, int, Counter[str], dict[str, list[str]]]:
    """How often the prototype's HTML, words and mentions equal render_article's."""
    parser, rs = make_parser(), plain_rs()
    articles = list(inputs.articles)
    if texts is not None:
        articles = [dataclasses.replace(articles[0], body=text) for text in texts]
    equal = total = 0
    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for article in articles:
        try:
            expected = render_article(
                article, parser=parser, matcher=inputs.matcher, actor_links=inputs.actor_links
            )
        except ReaderError:
            continue  # a level-1 heading: reader refuses the article
        total += 1
        got = render_rs(rs, article, inputs.matcher, inputs.actor_links)
        if got[0] != expected.html:
            kind, view = classify(expected.html, got[0])
            kinds["html: " + kind] += 1
            if len(examples.setdefault(kind, [])) < 2:
                examples[kind].append(view)
        elif got[1] != expected.words:
            kinds["words"] += 1
        elif got[2] != expected.mentions:
            kinds["mentions"] += 1
        else:
            equal += 1
    return equal, total, kinds, examples


def main(argv: Sequence[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--articles", type=int, default=1000)
    options.add_argument("--repeat", type=int, default=5)
    options.add_argument("--examples", type=int, default=300, help="hypothesis texts")
    options.add_argument("--src", type=Path, default=REPO / "src", help="reader's src/ to use")
    args = options.parse_args(argv)
    print(
        f"markdown-it-pyrs {markdown_it_pyrs.__version__}, "
        f"markdown-it-py {markdown_it.__version__}, "
        f"mdit-py-plugins {mdit_py_plugins.__version__}, Python {sys.version.split()[0]}"
    )
    seeds = load_inputs(REPO, "the five sample articles")
    with tempfile.TemporaryDirectory() as tmp:
        corpus.write_reader(corpus.make_corpus(args.articles), Path(tmp))
        bench = load_inputs(Path(tmp), f"the {args.articles:,}-article corpus")
    for inputs in (seeds, bench):
        print(
            f"\n## Speed on {inputs.name}: ms of CPU per article (fastest, median of {args.repeat})"
        )
        for name, (fastest, median) in measure(inputs, args.repeat).items():
            print(f"  {fastest:7.3f}  {median:7.3f}  {name}")

    py, rs = plain_py(), plain_rs()
    sets = {
        seeds.name + " (bodies)": [a.body for a in seeds.articles],
        bench.name + " (bodies)": [a.body for a in bench.articles],
        "the string literals of tests/test_markdown.py": test_literals(),
        "hypothesis texts": hypothesis_texts(args.examples),
    }
    print("\n## Plain configurations, byte for byte")
    for name, texts in sets.items():
        equal, kinds, examples = compare(texts, py.render, rs.render)
        print(f"  {name}: {equal} of {len(texts)} equal; {dict(kinds.most_common())}")
        for kind, views in examples.items():
            for view in views:
                print(f"      {kind}: {view}")
    print("\n## The prototype against render_article (HTML, then words, then mentions)")
    for inputs, texts in (
        (seeds, None),
        (bench, None),
        (seeds, sets["the string literals of tests/test_markdown.py"]),
        (seeds, sets["hypothesis texts"]),
    ):
        equal, total, kinds, examples = full_equality(inputs, texts)
        label = inputs.name if texts is None else f"{len(texts)} texts, the seeds' actors"
        print(f"  {label}: {equal} of {total} equal; {dict(kinds.most_common())}")
        for kind, views in examples.items():
            for view in views:
                print(f"      {kind}: {view}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
