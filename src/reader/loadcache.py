"""The validated articles of earlier builds, in .reader-cache/articles.jsonl.

Reading and validating an article's front matter costs far more than reading its file, so a
build keeps every article that validated, under a key: a digest of the file's text, its path in
the project, the stance and topic keys it was checked against, and reader's own validating code
(its version, PyYAML's, and the source of the modules that read content). An article whose key
is found is taken as it was; any other is read and validated as always, so an article with a
mistake is never cached and its problems are found afresh each build. The one input from
outside the file that the key cannot hold, the seed file an article names, is checked again
whenever a cached article is used, and the article validated afresh if the seed has changed.

The articles are in one file, one line each, which a build reads whole and writes again only
if an article was added, changed or removed. Each line carries its own checksum, so a damaged
or foreign line is ignored (the article is validated afresh) and never trusted; the file is
JSON, not pickle, so it can at worst be wrong, and a wrong line fails its checksum, its key or
its shape. The cache is an optimisation only: a missing or unreadable one changes nothing but
the build's speed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import __version__
from .model import Answer, Article, Author, PartialDate, Position
from .stamp import CACHE_DIR

FORMAT = 2
ARTICLES = "articles.jsonl"
# Every module whose code decides whether an article is valid, and what it holds.
_VALIDATING = (
    "content.py",
    "errors.py",
    "loadcache.py",
    "model.py",
    "prose.py",
    "questions.py",
    "scaffold.py",
    "sources.py",
    "yamlnodes.py",
)
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# reader's build cache; safe to delete.\n"


@functools.cache
def _code_digest() -> str:
    """A digest of the versions and the source of everything that validates an article."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{yaml.__version__}\0".encode())
    here = Path(__file__).parent
    for name in _VALIDATING:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(f"\0{name} unreadable\0".encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _context(
    stance_keys: tuple[str, ...] | None,
    topic_keys: tuple[str, ...] | None,
    question_keys: tuple[str, ...] | None,
) -> bytes:
    """What validating an article depends on besides its file: one digest for all articles."""
    what = json.dumps([_code_digest(), stance_keys, topic_keys, question_keys])
    return hashlib.sha256(what.encode()).digest()


@dataclass(frozen=True, slots=True)
class CachedArticle:
    """A validated article, less what its file gives again (slug, path, body); where in the
    file its body starts; and the seed exactly as its front matter names it, to be checked
    again."""

    article: Article
    body_start: int
    seed: str | None


@dataclass(slots=True)
class ArticleCache:
    """The validated articles in `path`, read once; `save` writes what this build used."""

    path: Path
    _lines: dict[bytes, bytes] = field(default_factory=dict)  # key -> checksum and payload
    _used: dict[bytes, bytes] = field(default_factory=dict)
    _changed: bool = False

    @classmethod
    def of(cls, root: Path) -> ArticleCache:
        cache = cls(root / CACHE_DIR / ARTICLES)
        cache._read()
        return cache

    def _read(self) -> None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        header, _, rest = data.partition(b"\n")
        try:
            meta = json.loads(header)
        except ValueError:
            return
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            return
        for line in rest.split(b"\n"):
            key, _, entry = line.partition(b" ")
            if entry:
                self._lines[key] = entry

    @staticmethod
    def key(
        shown: str,
        text: str,
        *,
        stance_keys: Sequence[str] | None,
        topic_keys: Sequence[str] | None,
        question_keys: Sequence[str] | None = (),
    ) -> str:
        """The key of the article at `shown` with `text`, validated against these keys."""
        stances = None if stance_keys is None else tuple(stance_keys)
        topics = None if topic_keys is None else tuple(topic_keys)
        questions = None if question_keys is None else tuple(question_keys)
        digest = hashlib.sha256(_context(stances, topics, questions))
        digest.update(shown.encode())
        digest.update(b"\0")
        digest.update(text.encode())
        return digest.hexdigest()

    def get(self, key: str) -> CachedArticle | None:
        """The article cached under `key`; None if there is none that can be trusted."""
        name = key.encode()
        entry = self._lines.get(name)
        if entry is None:
            return None
        checksum, _, payload = entry.partition(b" ")
        if hashlib.sha256(name + b" " + payload).hexdigest().encode() != checksum:
            return None
        try:
            cached = _cached(json.loads(payload))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None
        self._used[name] = entry
        return cached

    def put(self, key: str, article: Article, *, body_start: int, seed: str | None) -> None:
        """Keep `article`, validated under `key`, whose body starts at `body_start` in its
        file's text and whose front matter names `seed`."""
        name = key.encode()
        payload = json.dumps(_plain(article, body_start, seed), ensure_ascii=False).encode()
        checksum = hashlib.sha256(name + b" " + payload).hexdigest().encode()
        self._used[name] = checksum + b" " + payload
        self._changed = True

    def save(self) -> None:
        """Write the articles used since the cache was read, if they are not what it held;
        a cache that cannot be written is skipped."""
        if not self._changed and self._used.keys() == self._lines.keys():
            return
        header = json.dumps({"format": FORMAT, "reader": __version__}).encode()
        lines = [header, *(key + b" " + entry for key, entry in self._used.items())]
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tag = folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG)
            handle, temporary = tempfile.mkstemp(prefix=".articles-", dir=folder)
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(b"\n".join(lines) + b"\n")
                Path(temporary).replace(self.path)
            except BaseException:  # not even Ctrl-C leaves a half-written file behind
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._lines, self._used, self._changed = dict(self._used), {}, False


def _plain(article: Article, body_start: int, seed: str | None) -> list[object]:
    return [
        article.title,
        [[author.name, author.about] for author in article.authors],
        article.publication,
        article.published.iso,
        article.date_note,
        article.source_url,
        article.stance,
        article.stance_note,
        article.summary,
        list(article.topics),
        article.seed,
        seed,
        article.curator_note,
        article.draft,
        article.body_line,
        body_start,
        [[p.question, p.answer.value, p.para, p.note, p.line] for p in article.positions],
    ]


def _cached(value: object) -> CachedArticle:
    """Rebuild a cached article, checking every type (TypeError if any is off)."""
    if not isinstance(value, list) or len(value) != 17:
        raise TypeError("cached article has the wrong shape")
    (
        title,
        authors,
        publication,
        published,
        date_note,
        source_url,
        stance,
        stance_note,
        summary,
        topics,
        seed,
        seed_named,
        curator_note,
        draft,
        body_line,
        body_start,
        positions,
    ) = value
    texts = (title, publication, published, stance, stance_note, summary)
    optional = (date_note, source_url, seed, seed_named, curator_note)
    if not all(isinstance(v, str) for v in texts) or type(draft) is not bool:
        raise TypeError("cached article has the wrong shape")
    if not (type(body_line) is int and type(body_start) is int and body_line > 0 <= body_start):
        raise TypeError("cached article has the wrong shape")
    if not all(v is None or isinstance(v, str) for v in optional) or (seed is None) != (
        seed_named is None
    ):
        raise TypeError("cached article has the wrong shape")
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise TypeError("cached topics have the wrong shape")
    article = Article(
        slug="",
        path="",
        title=title,
        authors=_authors(authors),
        publication=publication,
        published=PartialDate.parse(published),
        date_note=date_note,
        source_url=source_url,
        stance=stance,
        stance_note=stance_note,
        summary=summary,
        topics=tuple(topics),
        seed=seed,
        curator_note=curator_note,
        draft=draft,
        body="",
        body_line=body_line,
        positions=_positions(positions),
    )
    return CachedArticle(article, body_start, seed_named)


def _positions(value: object) -> tuple[Position, ...]:
    if not isinstance(value, list):
        raise TypeError("cached positions have the wrong shape")
    positions = []
    for item in value:
        if not isinstance(item, list) or len(item) != 5:
            raise TypeError("cached position has the wrong shape")
        question, answer, para, note, line = item
        if not (isinstance(question, str) and isinstance(answer, str) and isinstance(para, str)):
            raise TypeError("cached position has the wrong shape")
        if not (note is None or isinstance(note, str)) or type(line) is not int:
            raise TypeError("cached position has the wrong shape")
        if not para.startswith("para-") or not para[5:].isdigit():
            raise TypeError("cached position has the wrong shape")
        positions.append(Position(question, Answer(answer), para, note, line))
    return tuple(positions)


def _authors(value: object) -> tuple[Author, ...]:
    if not isinstance(value, list):
        raise TypeError("cached authors have the wrong shape")
    authors = []
    for item in value:
        if not isinstance(item, list) or len(item) != 2:
            raise TypeError("cached author has the wrong shape")
        name, about = item
        if not isinstance(name, str) or not (about is None or isinstance(about, str)):
            raise TypeError("cached author has the wrong shape")
        authors.append(Author(name, about))
    return tuple(authors)
