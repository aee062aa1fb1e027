"""The build cache in .reader-cache/: rendered article bodies from earlier builds.

(The stamp that lets a build with nothing to do stop early is in stamp.py.)

One file per body, named by its key (a digest of the body and of everything else that shapes
it), written by whichever process rendered it: a build reads the bodies it needs and writes
only the ones it rendered, and a cache holds no more bodies than the project has articles.

The cache is an optimisation only: a missing, corrupted or foreign cache is ignored (and
rebuilt), never trusted. It is JSON with a checksum, not pickle, so a cache file from
elsewhere can at worst be wrong, and a wrong one fails its checksum, its key or its shape.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import markdown_it
import mdit_py_plugins

from . import __version__
from .markdown import Quote, RenderedArticle
from .mentions import Mention
from .stamp import CACHE_DIR

FORMAT = 3
BODIES = "bodies"
_FORMAT_1_FILE = "bodies.json"  # the one file format 1 kept every body in
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# reader's build cache; safe to delete.\n"


def render_digest(*parts: str) -> str:
    """A digest of everything besides the body that shapes a rendered body."""
    versions = [__version__, markdown_it.__version__, mdit_py_plugins.__version__]
    digest = hashlib.sha256()
    for part in (*versions, *parts):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def body_key(slug: str, body: str, digest: str, *, quoted: Iterable[str] = ()) -> str:
    """The key of a body; `quoted`: the ids of the paragraphs its positions quote."""
    quotes = ",".join(sorted(quoted))
    return hashlib.sha256(f"{digest}\0{slug}\0{quotes}\0{body}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class BodyCache:
    """The rendered bodies under `folder`, one `KEY.json` each."""

    folder: Path

    @classmethod
    def of(cls, root: Path) -> BodyCache:
        return cls(root / CACHE_DIR / BODIES)

    def get(self, key: str) -> RenderedArticle | None:
        """The body cached under `key`; None if it is missing or cannot be trusted."""
        try:
            header, _, payload = (self.folder / f"{key}.json").read_bytes().partition(b"\n")
            meta = json.loads(header)
            if (meta.get("format"), meta.get("reader"), meta.get("key")) != (
                FORMAT,
                __version__,
                key,
            ):
                return None
            if hashlib.sha256(payload).hexdigest() != meta.get("sha256"):
                return None
            return _article(json.loads(payload))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None

    def put(self, key: str, body: RenderedArticle) -> None:
        """Cache `body` under `key`, atomically; a cache that cannot be written is skipped."""
        payload = json.dumps(_plain(body), ensure_ascii=False).encode()
        digest = hashlib.sha256(payload).hexdigest()
        header = {"format": FORMAT, "reader": __version__, "key": key, "sha256": digest}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag = self.folder.parent / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG)
            handle, temporary = tempfile.mkstemp(prefix=".body-", dir=self.folder)
            with os.fdopen(handle, "wb") as file:
                file.write(json.dumps(header).encode() + b"\n" + payload)
            Path(temporary).replace(self.folder / f"{key}.json")
        except OSError:
            return

    def keep_only(self, keys: Collection[str]) -> None:
        """Delete every cached body but those under `keys` (and any half-written file)."""
        try:
            (self.folder.parent / _FORMAT_1_FILE).unlink(missing_ok=True)
            paths = list(self.folder.iterdir())
        except OSError:
            return
        wanted = {f"{key}.json" for key in keys}
        for path in paths:
            if path.name not in wanted:
                try:
                    path.unlink()
                except OSError:
                    continue


def _plain(article: RenderedArticle) -> dict[str, object]:
    """A body as JSON: each sentence once, mentions pointing at it by number."""
    numbers: dict[str, int] = {}
    for mention in article.mentions:
        numbers.setdefault(mention.sentence, len(numbers))
    return {
        "slug": article.slug,
        "html": article.html,
        "words": article.words,
        "sentences": list(numbers),
        "mentions": [
            [m.actor, m.paragraph, numbers[m.sentence], m.start, m.end] for m in article.mentions
        ],
        "paragraphs": article.paragraphs,
        "quotes": [[quote.paragraph, quote.text] for quote in article.quotes],
    }


def _article(value: dict[str, object]) -> RenderedArticle:
    """Rebuild a cached body, checking every type (TypeError if any is off)."""
    slug, html, words, sentences, mentions, paragraphs, quotes = (
        value[k] for k in ("slug", "html", "words", "sentences", "mentions", "paragraphs", "quotes")
    )
    if not (isinstance(slug, str) and isinstance(html, str) and type(words) is int):
        raise TypeError("cached body has the wrong shape")
    if type(paragraphs) is not int or not isinstance(quotes, list):
        raise TypeError("cached body has the wrong shape")
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        raise TypeError("cached sentences have the wrong shape")
    if not isinstance(mentions, list):
        raise TypeError("cached mentions have the wrong shape")
    return RenderedArticle(
        slug,
        html,
        words,
        tuple(_mention(m, slug, sentences) for m in mentions),
        paragraphs,
        tuple(_quote(q) for q in quotes),
    )


def _quote(value: object) -> Quote:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError("cached quote has the wrong shape")
    paragraph, text = value
    if not (isinstance(paragraph, str) and isinstance(text, str)):
        raise TypeError("cached quote has the wrong shape")
    return Quote(paragraph, text)


def _mention(value: object, slug: str, sentences: list[str]) -> Mention:
    if not isinstance(value, list) or len(value) != 5:
        raise TypeError("cached mention has the wrong shape")
    actor, paragraph, number, start, end = value
    if not (isinstance(actor, str) and isinstance(paragraph, str)):
        raise TypeError("cached mention has the wrong shape")
    if not (type(number) is int and type(start) is int and type(end) is int) or number < 0:
        raise TypeError("cached mention has the wrong shape")
    return Mention(actor, slug, paragraph, sentences[number], start, end)
