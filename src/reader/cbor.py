"""A minimal CBOR (RFC 8949) codec: what Pagefind's index files use, and nothing more.

Integers, text and byte strings, arrays, maps, booleans and null, in definite lengths, encoded
in the shortest form (as Pagefind's encoder writes them), so that decoding and encoding again
gives the same bytes. Anything else raises ValueError.
"""

from __future__ import annotations

import struct

CborValue = int | str | bytes | bool | None | list["CborValue"] | dict["CborValue", "CborValue"]

_SIMPLE = {20: False, 21: True, 22: None}


def decode(data: bytes) -> CborValue:
    """Decode one CBOR item that spans all of `data`."""
    value, end = _decode_at(data, 0)
    if end != len(data):
        raise ValueError(f"CBOR: {len(data) - end} bytes after the item")
    return value


def encode(value: CborValue) -> bytes:
    """Encode `value` in the shortest form."""
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        pairs = (encode(k) + encode(v) for k, v in value.items())
        return _head(5, len(value)) + b"".join(pairs)
    raise ValueError(f"CBOR: cannot encode {type(value).__name__}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for extra, size, fmt in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | extra]) + struct.pack(fmt, argument)
    raise ValueError("CBOR: integer too large")


def _decode_at(data: bytes, at: int) -> tuple[CborValue, int]:
    major, argument, at = _read_head(data, at)
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        if len(raw) != argument:
            raise ValueError("CBOR: string runs past the end")
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items: list[CborValue] = []
        for _ in range(argument):
            item, at = _decode_at(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping: dict[CborValue, CborValue] = {}
        for _ in range(argument):
            key, at = _decode_at(data, at)
            mapping[key], at = _decode_at(data, at)
        return mapping, at
    if major == 7 and argument in _SIMPLE:
        return _SIMPLE[argument], at
    raise ValueError(f"CBOR: unsupported item (major type {major}) at byte {at}")


def _read_head(data: bytes, at: int) -> tuple[int, int, int]:
    if at >= len(data):
        raise ValueError("CBOR: item runs past the end")
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        return major, info, at
    sizes = {24: 1, 25: 2, 26: 4, 27: 8}
    if info not in sizes:
        raise ValueError(f"CBOR: indefinite or reserved length at byte {at - 1}")
    size = sizes[info]
    if at + size > len(data):
        raise ValueError("CBOR: item runs past the end")
    return major, int.from_bytes(data[at : at + size], "big"), at + size
