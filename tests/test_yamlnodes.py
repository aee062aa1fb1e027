"""The fast (libyaml) and careful (pure Python) YAML paths agree on every real file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, SequenceNode

from reader.content import split_front_matter
from reader.yamlnodes import (
    _FAST_MAX_INDENT,
    _NOT_FAST,
    MAX_DEPTH,
    _compose_careful,
    _compose_fast,
    _is_shallow,
)

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "content").rglob("*.yaml")) + sorted((ROOT / "content").rglob("*.md"))


def _shape(node: Node) -> object:
    """Everything later stages read from a node: tag, value, line."""
    if isinstance(node, MappingNode):
        return ("map", node.start_mark.line, [(_shape(k), _shape(v)) for k, v in node.value])
    if isinstance(node, SequenceNode):
        return ("seq", node.start_mark.line, [_shape(child) for child in node.value])
    return (node.tag, node.start_mark.line, node.value)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_and_careful_paths_compose_the_same_tree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        if not text.startswith("---"):
            pytest.skip("no front matter")
        text = split_front_matter(text, shown=path.name)[0]
    fast = _compose_fast(text)
    assert fast is not _NOT_FAST, "real content should take the fast path"
    careful = _compose_careful(text, path=path.name, first_line=1)
    assert fast is not None
    assert careful is not None
    assert _shape(fast) == _shape(careful)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",
        "a: " + "[" * 40 + "]" * 40 + "\n",
        "a:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 30)) + " " * 60 + "v: 1\n",
        "a: [unclosed\n",
    ],
    ids=["alias", "deep-flow", "deep-block", "syntax-error"],
)
def test_aliases_deep_nesting_and_errors_take_the_careful_path(text: str) -> None:
    assert _compose_fast(text) is _NOT_FAST


def _shallow_by_every_character(text: str) -> bool:
    """The plain definition _is_shallow must agree with."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_DEPTH:
        return False
    return all(len(line) - len(line.lstrip()) <= _FAST_MAX_INDENT for line in text.split("\n"))


_INDENTS = st.sampled_from([" ", "\t", "\r", "\x1c", "\u3000", "\xa0", "\u2028", "\n", "a"])


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["[", "{", "]", "}", "x: ", "- ", "\n"]),
            st.builds(lambda chars, n: chars * n, _INDENTS, st.integers(0, 60)),
        ),
        max_size=80,
    )
)
def test_the_quick_shallow_check_agrees_with_the_plain_one(parts: list[str]) -> None:
    text = "".join(parts)
    assert _is_shallow(text) == _shallow_by_every_character(text)
