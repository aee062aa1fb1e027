"""Fidelity checks for the curated articles.

Every article body must reproduce its seed text word for word: same paragraphs, same order,
nothing added, nothing corrected. The only things allowed to disappear are the scraping noise
items listed in ``NOISE`` below (captions, bylines, bios, site chrome, duplicated lines).

These tests read only files inside the project: ``content/articles/*.md`` and ``seeds/*.txt``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from reader.markdown import render_markdown

ROOT: Path = Path(__file__).parent.parent
ARTICLES_DIR: Path = ROOT / "content" / "articles"
SEEDS_DIR: Path = ROOT / "seeds"

# Article slug -> seed file it reproduces.
ARTICLE_SEEDS: dict[str, str] = {
    "unpalatable-necessity-of-engaging": "000_50036e893237d2ee.txt",
    "taliban-and-international-diplomacy": "001_f899d59df6dd666f.txt",
    "taliban-reel-or-return-to-negotiations": "002_98e4564ad6d1c93e.txt",
    "making-deals-with-the-taliban": "003_324b0c2c04b31d4b.txt",
    "support-the-resistance": "004_b233b82db75e0c8f.txt",
}

# SHA-256 of each seed exactly as received; the seeds must never be edited.
SEED_SHA256: dict[str, str] = {
    "000_50036e893237d2ee.txt": "fce109f4e52710de22e3b3e6d1ab58fcf3ef3e804c6347ea58e62ea7eb012a96",
    "001_f899d59df6dd666f.txt": "d96c3a8fa88a992d2c3d1612b55861e39ef60595cec9c764b10580bfd1728b1e",
    "002_98e4564ad6d1c93e.txt": "32482229843cafffaf2f7b10d3cf6c8b96b63506b01a34853ce4e193458fd1b5",
    "003_324b0c2c04b31d4b.txt": "523b295188adf1dcc21283162c73a88aeb1b45b4dcd25f6197fbc494ef5b001c",
    "004_b233b82db75e0c8f.txt": "d2806b24ce6ceb6aa4915681ff76972c5d4a37e445d96fa846f349dfedbaaf29",
}

# Seeds whose paragraphs are separated by single line breaks: every non-empty line is a paragraph.
LINE_PER_PARAGRAPH: frozenset[str] = frozenset({"002_98e4564ad6d1c93e.txt"})

# Strings that must not survive into any body (leftovers of the noise removed below).
FORBIDDEN_IN_BODY: tuple[str, ...] = (
    "\u00a0",
    "Pictured:",
    "Go Top",
    "Editor in Chief",
    "Photo credit",
    "@",
    "Syndication Bureau",
    "Written by",
)


@dataclass(frozen=True)
class Noise:
    """One rule naming seed paragraphs (already normalised) that are not the author's text."""

    why: str
    matches: Callable[[str], bool]


def exactly(text: str, why: str) -> Noise:
    return Noise(why, lambda paragraph: paragraph == text)


def containing(fragment: str, why: str) -> Noise:
    return Noise(why, lambda paragraph: fragment in paragraph)


STANDFIRST_001: str = (
    "The Taliban regime in Afghanistan is approaching international recognition. Although it may "
    "not happen at an official diplomatic level in the short term, there is a clear trend towards "
    "this direction."
)

NOISE: dict[str, tuple[Noise, ...]] = {
    "000_50036e893237d2ee.txt": (
        exactly(
            "Foreign diplomats meet with a Taliban delegation in Doha, Qatar, on October 12, 2021, "
            "in talks opposed by ISIS. Photo: AFP / Karim Jaafar",
            "opening photo caption and credit",
        ),
        exactly(
            "This article was provided by Syndication Bureau, which holds copyright.",
            "rights line",
        ),
        containing("Follow him on Twitter", "author bio"),
    ),
    "001_f899d59df6dd666f.txt": (
        exactly("The Taliban and International Diplomacy", "title line"),
        # The standfirst stands alone, then opens the next paragraph again: keep the longer one.
        exactly(STANDFIRST_001, "standfirst printed on its own before the first paragraph"),
        containing("Georgi Asatrian\nGeorgi Asatrian\n", "byline printed twice, then the bio"),
    ),
    "002_98e4564ad6d1c93e.txt": (
        exactly(
            "Editor in Chief: Moh. Reza Huwaida Thursday, February 22nd, 2024",
            "site header with the date the page was copied",
        ),
        exactly(
            "Taliban either Reel from Heavy Casualties or Return to Negotiating Table",
            "title line (printed twice)",
        ),
        containing("Hujjatullah Zia is the permanent writer", "author bio with contact details"),
        exactly("Go Top", "site navigation"),
    ),
    "003_324b0c2c04b31d4b.txt": (
        exactly(
            "MARK ALMOND: Making deals with the Taliban may be our only hope moving forward in "
            "Afghanistan",
            "headline (printed twice)",
        ),
        # Each caption repeats or paraphrases a body sentence that is kept where the author put it.
        containing("Pictured:", "photo captions, each repeated two or three times"),
        exactly("Mark Almond is director of The Crisis Research Institute, Oxford.", "author bio"),
        exactly(".", "stray full stop at the end of the page"),
    ),
    "004_b233b82db75e0c8f.txt": (
        exactly("Written by Mansoor Hussein Ayobi, Edited by Reed McIntire", "byline"),
        exactly("Photo credit: Farid Ershad, Unsplash", "photo credit"),
    ),
}

SLUGS: list[str] = list(ARTICLE_SEEDS)

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def normalise(paragraph: str) -> str:
    """No-break spaces become spaces, runs of spaces collapse to one, ends are trimmed."""
    return re.sub(r" {2,}", " ", paragraph.replace("\u00a0", " ")).strip()


def seed_paragraphs(seed_name: str) -> list[str]:
    text = (SEEDS_DIR / seed_name).read_text(encoding="utf-8")
    if seed_name in LINE_PER_PARAGRAPH:
        chunks = text.split("\n")
    else:
        chunks = re.split(r"\n[ \t\u00a0]*\n", text)
    paragraphs = [normalise(chunk) for chunk in chunks]
    return [paragraph for paragraph in paragraphs if paragraph]


def is_noise(seed_name: str, paragraph: str) -> bool:
    return any(rule.matches(paragraph) for rule in NOISE[seed_name])


def author_paragraphs(seed_name: str) -> list[str]:
    return [p for p in seed_paragraphs(seed_name) if not is_noise(seed_name, p)]


@dataclass(frozen=True)
class Article:
    front_matter: dict[str, object]
    body: str


def read_article(slug: str) -> Article:
    lines = (ARTICLES_DIR / f"{slug}.md").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---", f"{slug}: the file must open with a front matter fence"
    closing = lines.index("---", 1)
    front_matter = yaml.safe_load("\n".join(lines[1:closing]))
    assert isinstance(front_matter, dict)
    return Article(front_matter=front_matter, body="\n".join(lines[closing + 1 :]))


def article_seed(article: Article) -> str:
    seed = article.front_matter["seed"]
    assert isinstance(seed, str)
    return seed


def body_paragraphs(body: str) -> list[str]:
    """The body's blocks as plain text: heading markers dropped, backslash escapes undone."""
    blocks = [block.strip() for block in re.split(r"\n[ \t]*\n", body)]
    plain: list[str] = []
    for block in blocks:
        if not block:
            continue
        text = block.removeprefix("## ")
        plain.append(_ESCAPED.sub(r"\1", text))
    return plain


class BlockTextExtractor(HTMLParser):
    """Collects the text of every <p> and <h2>, skipping heading permalink decorations."""

    BLOCKS: frozenset[str] = frozenset({"p", "h2"})
    VOID: frozenset[str] = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] | None = None
        self._block_tag: str | None = None
        self._skip_depth: int = 0

    @staticmethod
    def _is_decoration(attrs: list[tuple[str, str | None]]) -> bool:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        return values.get("aria-hidden") == "true" or any(
            "anchor" in name or "permalink" in name for name in classes
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if self._skip_depth:
            self._skip_depth += 1
        elif self._current is not None and self._is_decoration(attrs):
            self._skip_depth = 1
        elif self._current is None and tag in self.BLOCKS:
            self._current = []
            self._block_tag = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if self._skip_depth:
            self._skip_depth -= 1
        elif self._current is not None and tag == self._block_tag:
            self.blocks.append("".join(self._current).strip())
            self._current = None
            self._block_tag = None

    def handle_data(self, data: str) -> None:
        if self._current is not None and not self._skip_depth:
            self._current.append(data)


def rendered_blocks(html: str) -> list[str]:
    extractor = BlockTextExtractor()
    extractor.feed(html)
    extractor.close()
    return extractor.blocks


@pytest.mark.parametrize("slug", SLUGS)
def test_article_names_its_own_seed(slug: str) -> None:
    article = read_article(slug)
    assert article_seed(article) == f"seeds/{ARTICLE_SEEDS[slug]}"


@pytest.mark.parametrize("slug", SLUGS)
def test_seed_file_exists_and_is_unchanged(slug: str) -> None:
    seed_path = ROOT / article_seed(read_article(slug))
    assert seed_path.is_file(), f"missing seed {seed_path}"
    digest = hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert digest == SEED_SHA256[seed_path.name], f"{seed_path.name} differs from the original"


def test_seeds_directory_holds_exactly_the_recorded_seeds() -> None:
    assert sorted(path.name for path in SEEDS_DIR.iterdir()) == sorted(SEED_SHA256)


@pytest.mark.parametrize("seed_name", sorted(NOISE))
def test_every_noise_rule_removes_something(seed_name: str) -> None:
    paragraphs = seed_paragraphs(seed_name)
    unused = [rule.why for rule in NOISE[seed_name] if not any(map(rule.matches, paragraphs))]
    assert not unused, f"{seed_name}: noise rules that match nothing: {unused}"


@pytest.mark.parametrize("slug", SLUGS)
def test_body_keeps_every_seed_paragraph_in_order(slug: str) -> None:
    article = read_article(slug)
    seed_name = Path(article_seed(article)).name
    expected = author_paragraphs(seed_name)
    actual = body_paragraphs(article.body)
    assert len(actual) == len(expected), (
        f"{slug}: {len(actual)} paragraphs, seed has {len(expected)}"
    )
    for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
        assert got == want, f"{slug}: paragraph {index + 1} differs from the seed"


@pytest.mark.parametrize("slug", SLUGS)
def test_rendered_body_reads_exactly_as_the_seed(slug: str) -> None:
    article = read_article(slug)
    seed_name = Path(article_seed(article)).name
    expected = author_paragraphs(seed_name)
    actual = rendered_blocks(render_markdown(article.body))
    assert len(actual) == len(expected), (
        f"{slug}: rendered {len(actual)} blocks, expected {len(expected)}"
    )
    for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
        assert got == want, f"{slug}: rendered paragraph {index + 1} differs from the seed"


@pytest.mark.parametrize("forbidden", FORBIDDEN_IN_BODY)
@pytest.mark.parametrize("slug", SLUGS)
def test_body_carries_no_scraping_noise(slug: str, forbidden: str) -> None:
    assert forbidden not in read_article(slug).body
