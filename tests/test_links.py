"""Relative links between site paths agree with posixpath.relpath, for any pair of paths."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from reader.templates import relative_path

# Site paths: folders, then a file name (a file is never also a folder).
FOLDERS = st.lists(st.sampled_from(["a", "b", "articles", "x"]), max_size=4)
FILE = st.sampled_from(["index.html", "style.css", "a.html"])
PATH = st.builds(lambda folders, name: "/".join([*folders, name]), FOLDERS, FILE)


@given(target=PATH, page=PATH)
def test_relative_path_matches_posixpath_relpath(target: str, page: str) -> None:
    expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
    assert relative_path(target, page.split("/")[:-1]) == expected
