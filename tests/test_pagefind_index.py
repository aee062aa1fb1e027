"""The CBOR of Pagefind's index files, read and written through cbor2 exactly as Pagefind
writes it: one whole item, definite lengths, every integer and length in its shortest head."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.pagefind_index import CborValue, decode_cbor, encode_cbor


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        # RFC 8949, appendix A: each head as short as the argument allows.
        (0, "00"),
        (23, "17"),
        (24, "1818"),
        (255, "18ff"),
        (256, "190100"),
        (65535, "19ffff"),
        (65536, "1a00010000"),
        (4294967295, "1affffffff"),
        (4294967296, "1b0000000100000000"),
        (-1, "20"),
        (-24, "37"),
        (-25, "3818"),
        (-1000, "3903e7"),
        (False, "f4"),
        (True, "f5"),
        (None, "f6"),
        ("", "60"),
        ("a" * 23, "77" + "61" * 23),
        ("a" * 24, "7818" + "61" * 24),
        ("ü", "62c3bc"),
        (b"", "40"),
        (b"\x01\x02", "420102"),
        ([], "80"),
        ([1, [2, 3]], "8201820203"),
        (list(range(24)), "9818" + "".join(f"{n:02x}" for n in range(24))),
        # Map keys stay in their order: Pagefind's maps are not sorted.
        ({"b": 1, "a": 2}, "a2616201616102"),
    ],
)
def test_each_value_is_encoded_in_its_shortest_form(value: CborValue, encoded: str) -> None:
    assert encode_cbor(value).hex() == encoded
    assert decode_cbor(bytes.fromhex(encoded)) == value


def test_the_shapes_of_pagefinds_files_round_trip() -> None:
    # A metadata file: [version, pages as [hash, words], word index chunks as
    # [from, to, hash], filters as [name, hash], sorts]; a filter file: [name, [[value, pages]]].
    meta: CborValue = [
        "1.5.2",
        [["en_4b5d1e6", 412], ["en_0a9c3f2", 70000]],
        [["aa", "kz", "en_8d2f0c1"], ["la", "zz", "en_1e7a9b3"]],
        [["stance", "en_de64209"]],
        [],
    ]
    filters: CborValue = ["stance", [["engage", [0, 3, 300]], ["resist", [1]]]]
    for value in (meta, filters):
        assert decode_cbor(encode_cbor(value)) == value


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64 - 1)
    | st.text()
    | st.binary(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(_VALUES)
def test_what_is_encoded_decodes_to_the_same_and_encodes_to_the_same_bytes(
    value: CborValue,
) -> None:
    encoded = encode_cbor(value)
    assert decode_cbor(encoded) == value
    assert encode_cbor(decode_cbor(encoded)) == encoded


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ("1805", "does not encode back to the same bytes"),  # 5 in a longer head than needed
        ("790001" + "61", "does not encode back to the same bytes"),  # "a" likewise
        ("0102", "does not encode back to the same bytes"),  # a second item after the first
        ("9f0102ff", "not CBOR"),  # an array of indefinite length
        ("8301", "not CBOR"),  # cut short
        ("", "not CBOR"),
    ],
)
def test_what_pagefind_would_not_write_is_refused(payload: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        decode_cbor(bytes.fromhex(payload))
