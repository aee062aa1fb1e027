"""Fingerprints: digests of what a page is rendered from, so that a warm build renders only the
pages whose fingerprint changed since the last build and keeps the others as they were.

A page's fingerprint covers everything its template is given (the page's own view, the site's
settings, its metadata) and the templates themselves. A template that reads the whole `site`
cannot be fingerprinted for less than the whole site, so its pages are always rendered; those
are the few listing pages. Values are digested by structure: strings, numbers, dates, tuples,
mappings and the model's frozen dataclasses. Anything else cannot be fingerprinted, and its
page is always rendered: a value the digest does not know can only cost time, never a stale
page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import struct
from collections.abc import Mapping
from typing import Any

_SIZE = 16  # bytes of each digest
_PLAIN = frozenset({str, bytes, int, float, bool, type(None), tuple, list, dict, frozenset, set})


class NotDigestible(TypeError):
    """A value of a type the fingerprint does not know how to digest."""


class Digester:
    """Digest values by structure; each dataclass instance is digested once, however many pages
    share it. `known` gives digests decided beforehand (e.g. a rendered body's cache key), by
    the id of the object, which the caller keeps alive."""

    def __init__(self, known: Mapping[int, bytes] | None = None) -> None:
        self._memo: dict[int, bytes] = dict(known or {})
        self._alive: list[object] = []  # ids are only unique among living objects

    def __call__(self, value: object) -> bytes:
        digest = hashlib.blake2b(digest_size=_SIZE)
        self._feed(digest, value)
        return digest.digest()

    def _feed(self, digest: Any, value: object) -> None:
        kind = type(value)
        if kind not in _PLAIN and not dataclasses.is_dataclass(kind):
            # A subclass can render otherwise than its base (markupsafe's Markup is a str).
            self._chunk(digest, b"c", f"{kind.__module__}.{kind.__qualname__}".encode())
        if isinstance(value, enum.Enum):  # before int: an IntEnum is both
            self._feed(digest, f"{type(value).__qualname__}.{value.name}")
        elif isinstance(value, str):
            self._chunk(digest, b"s", value.encode("utf-8", "surrogatepass"))
        elif isinstance(value, bytes):
            self._chunk(digest, b"b", value)
        elif value is None or isinstance(value, (bool, int, float)):
            self._chunk(digest, b"n", repr(value).encode())
        elif isinstance(value, (tuple, list)):
            digest.update(b"t" + struct.pack("<Q", len(value)))
            for item in value:
                self._feed(digest, item)
        elif isinstance(value, Mapping):
            digest.update(b"m" + struct.pack("<Q", len(value)))
            for key, item in value.items():
                self._feed(digest, key)
                self._feed(digest, item)
        elif isinstance(value, (frozenset, set)):
            self._chunk(digest, b"f", b"".join(sorted(self(item) for item in value)))
        elif type(value) is dt.date:
            self._chunk(digest, b"d", value.isoformat().encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            digest.update(b"o" + self._object(value))
        else:
            raise NotDigestible(f"cannot fingerprint a {type(value).__qualname__}")

    @staticmethod
    def _chunk(digest: Any, kind: bytes, data: bytes) -> None:
        digest.update(kind + struct.pack("<Q", len(data)) + data)

    def _object(self, value: object) -> bytes:
        found = self._memo.get(id(value))
        if found is None:
            digest = hashlib.blake2b(digest_size=_SIZE)
            tag, names = _layout(type(value))
            digest.update(tag)
            for name in names:
                self._feed(digest, getattr(value, name))
            found = self._memo[id(value)] = digest.digest()
            self._alive.append(value)
        return found


_LAYOUTS: dict[type, tuple[bytes, tuple[str, ...]]] = {}


def _layout(kind: type) -> tuple[bytes, tuple[str, ...]]:
    """A dataclass's tag (its name and fields, so a changed class never matches) and fields."""
    found = _LAYOUTS.get(kind)
    if found is None:
        names = tuple(field.name for field in dataclasses.fields(kind))
        tag = f"{kind.__module__}.{kind.__qualname__}({','.join(names)})".encode()
        found = _LAYOUTS[kind] = (struct.pack("<Q", len(tag)) + tag, names)
    return found
