"""Pagefind's index files, read and rewritten in a stable order; no other I/O than the bundle's.

Pagefind compresses most files as gzip around a signature and a CBOR payload; its entry file,
`pagefind-entry.json`, names each language's metadata file by hash, and the metadata names the
filter files by hash.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import cbor

SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True, slots=True)
class Rewrite:
    """Files to replace in the index: the new ones with their bytes, and the old ones."""

    write: tuple[tuple[Path, bytes], ...]
    remove: tuple[Path, ...]


def order_filters(bundle: Path) -> None:
    """Put the index's filters and their values in sorted order: see `plan_filter_order`."""
    apply_rewrite(plan_filter_order(bundle))


def plan_filter_order(bundle: Path) -> Rewrite:
    """Plan the rewrite that puts the index's filters and their values in sorted order, so
    the same site gives the same bytes.

    Pagefind writes them in the order of a hash table that is seeded anew on every run (its
    source says so: "TODO: Change filter indexes to BTree to give them a stable hash"). Every
    other file it writes is already stable. The rewritten files are named as Pagefind names
    them (the start of the SHA-1 of their content), so the result is exactly an index that
    Pagefind itself writes when its table happens to come out sorted. Only reads; raises
    ValueError or KeyError when the files are not laid out as expected.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    languages = entry["languages"]
    write: list[tuple[Path, bytes]] = []
    remove: list[Path] = []
    for code in sorted(languages):
        old, new_hash, files = _plan_language(bundle, code, languages[code]["hash"])
        write.extend((path, _compressed(payload)) for path, payload in files)
        remove.extend(old)
        languages[code]["hash"] = new_hash
    entry["languages"] = dict(sorted(languages.items()))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    write.append((entry_path, text.encode("utf-8")))
    written = {path for path, _ in write}
    return Rewrite(tuple(write), tuple(p for p in remove if p not in written))


def apply_rewrite(rewrite: Rewrite) -> None:
    for path, data in rewrite.write:
        path.write_bytes(data)
    for path in rewrite.remove:
        path.unlink()


def _plan_language(
    bundle: Path, language: str, meta_hash: str
) -> tuple[list[Path], str, list[tuple[Path, bytes]]]:
    """The files to remove, the new metadata hash and the files to write, for one language."""
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read_payload(meta_path)
    # The metadata is [version, pages, word index chunks, filters, ...], each filter being
    # [name, file hash]; a filter file is [name, [[value, [page, ...]], ...]].
    if not isinstance(meta, list) or len(meta) < 4:
        raise ValueError(f"unexpected layout of {meta_path.name}")
    old, writes, filters = [meta_path], [], []
    for name, filter_hash in _string_pairs(meta[3], meta_path):
        path = bundle / "filter" / f"{filter_hash}.pf_filter"
        index = _read_payload(path)
        if not (isinstance(index, list) and len(index) == 2 and isinstance(index[1], list)):
            raise ValueError(f"unexpected layout of {path.name}")
        values = sorted(index[1], key=lambda value: _first_string(value, path))
        payload = cbor.encode([index[0], values])
        new_hash = f"{language}_{pagefind_hash(payload)[:7]}"
        old.append(path)
        writes.append((bundle / "filter" / f"{new_hash}.pf_filter", payload))
        filters.append((name, new_hash))
    meta[3] = [[name, new_hash] for name, new_hash in sorted(filters)]
    payload = cbor.encode(meta)
    new_meta_hash = f"{language}_{pagefind_hash(payload)[:10]}"
    writes.append((bundle / f"pagefind.{new_meta_hash}.pf_meta", payload))
    return old, new_meta_hash, writes


def _string_pairs(value: cbor.CborValue, path: Path) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        raise ValueError(f"unexpected layout of {path.name}")
    pairs = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2):
            raise ValueError(f"unexpected layout of {path.name}")
        first, second = item
        if not (isinstance(first, str) and isinstance(second, str)):
            raise ValueError(f"unexpected layout of {path.name}")
        pairs.append((first, second))
    return pairs


def _first_string(value: cbor.CborValue, path: Path) -> str:
    if not (isinstance(value, list) and value and isinstance(value[0], str)):
        raise ValueError(f"unexpected layout of {path.name}")
    return value[0]


def pagefind_hash(payload: bytes) -> str:
    """SHA-1 in hex as Pagefind writes it: each byte without its leading zero."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(payload).digest())


def _read_payload(path: Path) -> cbor.CborValue:
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise ValueError(f"cannot read {path.name}: {exc}") from None
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} lacks Pagefind's signature")
    payload = raw[len(SIGNATURE) :]
    value = cbor.decode(payload)
    if cbor.encode(value) != payload:
        raise ValueError(f"{path.name} does not encode back to the same bytes")
    return value


def _compressed(payload: bytes) -> bytes:
    return gzip.compress(SIGNATURE + payload, compresslevel=9, mtime=0)
