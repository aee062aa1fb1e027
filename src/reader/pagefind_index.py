"""Pagefind's index files, checked whole, read and rewritten in a stable order; no other I/O
than the bundle's.

Pagefind compresses most files as gzip around a signature and a CBOR payload (the fragments
hold JSON; the WebAssembly engines come ready compressed); its entry file,
`pagefind-entry.json`, names each language's metadata file by hash, and the metadata names
the fragment, word index and filter files by hash.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import cast

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
MODULE = "pagefind.js"
# The files Pagefind writes as gzip around its signature: metadata, fragments, word indexes,
# filters, and the WebAssembly engines (wasm.<language>.pagefind).
COMPRESSED = (".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter", ".pagefind")
# What the search page's script calls; Pagefind's module ends by exporting them.
MODULE_EXPORTS = ("options", "search")
_EXPORTS_AT_END = re.compile(r"export\s*\{([^{}]*)\}\s*;?\s*\Z")
_EMPTY = "is empty"
_CUT = "is cut short"
_DAMAGED = "is damaged"
_NOT_JSON = "is not whole JSON"
# What a write that failed half way leaves.
_FAILED_WRITES = (_EMPTY, _CUT, _DAMAGED, _NOT_JSON)

# What Pagefind's CBOR payloads hold: no floats, tags or undefined.
CborValue = int | str | bytes | bool | None | list["CborValue"] | dict["CborValue", "CborValue"]


def decode_cbor(payload: bytes) -> CborValue:
    """The CBOR item that `payload` holds; ValueError unless it is one whole item, written as
    `encode_cbor` writes it, so that the bytes can be rewritten unchanged."""
    try:
        value = cast(CborValue, cbor2.loads(payload, allow_indefinite=False))
    except cbor2.CBORDecodeError as exc:
        raise ValueError(f"not CBOR: {exc}") from None
    if encode_cbor(value) != payload:
        raise ValueError("does not encode back to the same bytes")
    return value


def encode_cbor(value: CborValue) -> bytes:
    """`value` in CBOR as Pagefind's encoder writes it: definite lengths, each integer and
    length in its shortest head, map keys in their given order (not sorted: no `canonical`)."""
    return cbor2.dumps(value)


class IncompleteIndex(Exception):
    """Files of the index that are missing, empty, cut short or not Pagefind's.

    Each is `(name, problem)`, the name as the site has it (`pagefind/...`); the first shown is
    the entry file, then the other top-level files, then the rest, by name.
    """

    def __init__(self, damage: Iterable[tuple[str, str]]) -> None:
        self.damage = tuple(
            sorted(damage, key=lambda d: (not d[0].endswith(f"/{ENTRY}"), d[0].count("/"), d))
        )
        super().__init__(self.damage)

    def __str__(self) -> str:
        name, problem = self.damage[0]
        others = len(self.damage) - 1
        text = f"{name} {problem}"
        if others:
            text += f", and {others} more of its files {'is' if others == 1 else 'are'} incomplete"
        if any(p.startswith(_FAILED_WRITES) for _, p in self.damage):
            text += "; is the disk full?"
        return text


def check_bundle(bundle: Path, *, shown: str | None = None, engine: bool = True) -> None:
    """Raise IncompleteIndex unless every file in `bundle` is whole and every file the index
    names is there.

    Files are named `shown/...` in the exception (`shown` is the bundle's folder name unless
    given). A bundle without `engine` is one the search page merges into another: it needs no
    module or WebAssembly of its own, since the search runs in the first bundle's.

    Pagefind does not check its own writes: on a full disk it leaves files empty or cut short
    and still exits 0. So each file is read back: none may be empty; each gzipped one must
    decompress to its end (gzip checks the length and CRC of what it holds) and begin with
    Pagefind's signature; the entry file must parse; the module must end with its exports.
    Only then are the entry file and metadata read for the files they name. Where those two
    are laid out otherwise than expected, raises ValueError, KeyError or TypeError instead:
    every file is whole by then, only the names could not be read.
    """
    prefix = bundle.name if shown is None else shown
    files = _files(bundle)
    damage = [d for d in (_check_file(bundle, name) for name in files) if d is not None]
    required = (ENTRY, MODULE) if engine else (ENTRY,)
    damage += [(name, "is missing") for name in required if name not in files]
    if damage:
        raise IncompleteIndex((f"{prefix}/{name}", problem) for name, problem in damage)
    missing = _missing_files(bundle, files, prefix, engine=engine)
    if missing:
        raise IncompleteIndex(missing)


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
        payload = encode_cbor([index[0], values])
        new_hash = f"{language}_{pagefind_hash(payload)[:7]}"
        old.append(path)
        writes.append((bundle / "filter" / f"{new_hash}.pf_filter", payload))
        filters.append((name, new_hash))
    meta[3] = [[name, new_hash] for name, new_hash in sorted(filters)]
    payload = encode_cbor(meta)
    new_meta_hash = f"{language}_{pagefind_hash(payload)[:10]}"
    writes.append((bundle / f"pagefind.{new_meta_hash}.pf_meta", payload))
    return old, new_meta_hash, writes


def _string_pairs(value: CborValue, path: Path) -> list[tuple[str, str]]:
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


def _first_string(value: CborValue, path: Path) -> str:
    if not (isinstance(value, list) and value and isinstance(value[0], str)):
        raise ValueError(f"unexpected layout of {path.name}")
    return value[0]


def pagefind_hash(payload: bytes) -> str:
    """SHA-1 in hex as Pagefind writes it: each byte without its leading zero."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(payload).digest())


def _read_payload(path: Path) -> CborValue:
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise ValueError(f"cannot read {path.name}: {exc}") from None
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} lacks Pagefind's signature")
    try:
        return decode_cbor(raw[len(SIGNATURE) :])
    except ValueError as exc:
        raise ValueError(f"{path.name} {exc}") from None


def _files(bundle: Path) -> set[str]:
    """Every file under `bundle`, by its POSIX path relative to it."""
    files: set[str] = set()
    for root, _, names in os.walk(bundle):
        folder = Path(root).relative_to(bundle).as_posix()
        files.update(name if folder == "." else f"{folder}/{name}" for name in names)
    return files


def _check_file(bundle: Path, name: str) -> tuple[str, str] | None:
    """What is wrong with the file `name` of the index, if anything."""
    data = (bundle / name).read_bytes()
    suffix = PurePosixPath(name).suffix
    if not data:
        return name, _EMPTY
    if suffix in COMPRESSED or data.startswith(b"\x1f\x8b"):
        try:
            raw = gzip.decompress(data)
        except EOFError:
            return name, _CUT
        except (OSError, zlib.error) as exc:
            return name, f"{_DAMAGED} ({exc})"
        if suffix in COMPRESSED and not raw.startswith(SIGNATURE):
            return name, "lacks Pagefind's signature"
    elif suffix == ".json":
        try:
            json.loads(data)
        except ValueError as exc:
            return name, f"{_NOT_JSON} ({exc})"
    elif name == MODULE:
        return _check_module(data)
    return None


def _check_module(data: bytes) -> tuple[str, str] | None:
    """What is wrong with Pagefind's module, if anything: cut short, it loses its exports."""
    try:
        match = _EXPORTS_AT_END.search(data.decode("utf-8"))
    except UnicodeDecodeError:
        return MODULE, f"{_CUT}: it is not whole UTF-8"
    exported = (
        {part.split(" as ")[-1].strip() for part in match.group(1).split(",")} if match else set()
    )
    if not exported.issuperset(MODULE_EXPORTS):
        return MODULE, f"{_CUT}: it does not end by exporting {' and '.join(MODULE_EXPORTS)}"
    return None


def _missing_files(
    bundle: Path, files: set[str], prefix: str, *, engine: bool
) -> list[tuple[str, str]]:
    """The files that the entry file and the metadata name and that are not among `files`
    (its WebAssembly only for a bundle with the `engine`)."""
    entry = json.loads((bundle / ENTRY).read_bytes())
    missing: list[tuple[str, str]] = []
    for code in sorted(entry["languages"]):
        language = entry["languages"][code]
        meta = f"pagefind.{language['hash']}.pf_meta"
        has_wasm = engine and language.get("wasm") is not None
        wasm = (f"wasm.{language['wasm']}.pagefind",) if has_wasm else ()
        named = [(name, ENTRY) for name in (meta, *wasm)]
        if meta in files:
            named += [(name, meta) for name in _named_by_metadata(bundle / meta)]
        missing += [
            (f"{prefix}/{name}", f"is missing, though {prefix}/{by} names it")
            for name, by in named
            if name not in files
        ]
    return missing


def _named_by_metadata(path: Path) -> list[str]:
    """The fragment, word index and filter files that a metadata file names."""
    meta = _read_payload(path)
    # [version, pages as [hash, words], word index chunks as [from, to, hash],
    #  filters as [name, hash], ...]
    if not isinstance(meta, list) or len(meta) < 4:
        raise ValueError(f"unexpected layout of {path.name}")
    return [
        *(f"fragment/{name}.pf_fragment" for name in _column(meta[1], 0, path)),
        *(f"index/{name}.pf_index" for name in _column(meta[2], 2, path)),
        *(f"filter/{name}.pf_filter" for name in _column(meta[3], 1, path)),
    ]


def _column(rows: CborValue, index: int, path: Path) -> list[str]:
    """The string at `index` in each row of one of the metadata's tables."""
    if not isinstance(rows, list):
        raise ValueError(f"unexpected layout of {path.name}")
    column = []
    for row in rows:
        cell = row[index] if isinstance(row, list) and len(row) > index else None
        if not isinstance(cell, str):
            raise ValueError(f"unexpected layout of {path.name}")
        column.append(cell)
    return column


def _compressed(payload: bytes) -> bytes:
    return gzip.compress(SIGNATURE + payload, compresslevel=9, mtime=0)
