"""The build cache in .reader-cache/: rendered article bodies from earlier builds.

(The stamp that lets a build with nothing to do stop early is in stamp.py.)

The cache is an optimisation only: a missing, corrupted or foreign cache is ignored (and
rebuilt), never trusted. It is JSON with a checksum, not pickle, so a cache file from
elsewhere can at worst be wrong, and a wrong one fails its checksum or its key.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import markdown_it
import mdit_py_plugins

from . import __version__
from .markdown import RenderedArticle
from .mentions import Mention
from .stamp import CACHE_DIR

FORMAT = 1
BODIES = "bodies.json"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# reader's build cache; safe to delete.\n"


def render_digest(*parts: str) -> str:
    """A digest of everything besides the body that shapes a rendered body."""
    versions = [__version__, markdown_it.__version__, mdit_py_plugins.__version__]
    digest = hashlib.sha256()
    for part in (*versions, *parts):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def body_key(slug: str, body: str, digest: str) -> str:
    return hashlib.sha256(f"{digest}\0{slug}\0{body}".encode()).hexdigest()


def load_bodies(root: Path) -> dict[str, RenderedArticle]:
    """The cached bodies by key; empty when there is no cache or it cannot be trusted."""
    path = root / CACHE_DIR / BODIES
    try:
        header, _, payload = path.read_bytes().partition(b"\n")
        meta = json.loads(header)
        if meta.get("format") != FORMAT or meta.get("reader") != __version__:
            return {}
        if hashlib.sha256(payload).hexdigest() != meta.get("sha256"):
            return {}
        return {key: _article(value) for key, value in json.loads(payload).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_bodies(root: Path, bodies: Mapping[str, RenderedArticle]) -> None:
    """Replace the cached bodies, atomically; a cache that cannot be written is skipped."""
    folder = root / CACHE_DIR
    payload = json.dumps(
        {key: _plain(value) for key, value in sorted(bodies.items())}, ensure_ascii=False
    ).encode()
    header = json.dumps(
        {"format": FORMAT, "reader": __version__, "sha256": hashlib.sha256(payload).hexdigest()}
    ).encode()
    try:
        folder.mkdir(exist_ok=True)
        tag = folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG)
        handle, temporary = tempfile.mkstemp(prefix=".bodies-", dir=folder)
        with os.fdopen(handle, "wb") as file:
            file.write(header + b"\n" + payload)
        Path(temporary).replace(folder / BODIES)
    except OSError:
        return


def _plain(article: RenderedArticle) -> dict[str, object]:
    return {
        "slug": article.slug,
        "html": article.html,
        "words": article.words,
        "mentions": [
            [m.actor, m.article, m.paragraph, m.sentence, m.start, m.end] for m in article.mentions
        ],
    }


def _article(value: dict[str, object]) -> RenderedArticle:
    """Rebuild a cached body, checking every type (TypeError if any is off)."""
    slug, html, words, mentions = (value[k] for k in ("slug", "html", "words", "mentions"))
    if not (isinstance(slug, str) and isinstance(html, str) and isinstance(words, int)):
        raise TypeError("cached body has the wrong shape")
    if not isinstance(mentions, list):
        raise TypeError("cached mentions have the wrong shape")
    return RenderedArticle(slug, html, words, tuple(_mention(m) for m in mentions))


def _mention(value: object) -> Mention:
    if not isinstance(value, list) or len(value) != 6:
        raise TypeError("cached mention has the wrong shape")
    texts, numbers = value[:4], value[4:]
    if not all(isinstance(t, str) for t in texts) or not all(type(n) is int for n in numbers):
        raise TypeError("cached mention has the wrong shape")
    return Mention(*texts, *numbers)
