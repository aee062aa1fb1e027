"""Read YAML as a tree of nodes that remember their line, refusing what content never needs.

PyYAML's loaders keep the last of two equal keys, build Python objects from tags and expand
aliases without limit. Composing nodes ourselves lets every value keep its line number and lets
us refuse duplicate keys, object tags and aliases outright.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, ReaderError

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL_RE = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


class _AliasError(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses aliases before they can be expanded."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _AliasError(event.start_mark.line if event.start_mark else 0)
        return super().compose_node(parent, index)


def is_slug(text: str) -> bool:
    """Whether `text` is lowercase letters and digits joined by single hyphens."""
    return _SLUG_RE.fullmatch(text) is not None


def is_http_url(text: str) -> bool:
    """Whether `text` is an absolute http:// or https:// URL with a host."""
    return _URL_RE.fullmatch(text) is not None


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """A ' (did you mean 'x'?)' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def compose_yaml(text: str, *, path: str, first_line: int) -> Node | None:
    """Compose `text` into nodes; `first_line` is the file line where `text` starts."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except _AliasError as exc:
        raise ReaderError.single(
            path,
            exc.line + first_line,
            "YAML aliases (*name) are not allowed in content",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        reason = " ".join(part for part in (exc.context, exc.problem) if part)
        raise ReaderError.single(path, line, f"YAML syntax error: {reason}") from None
    except yaml.YAMLError as exc:
        raise ReaderError.single(path, first_line, f"YAML error: {exc}") from None
    if node is not None:
        bad = next(_disallowed_tags(node), None)
        if bad is not None:
            tag = bad.tag.replace(_TAG, "!!")
            raise ReaderError.single(
                path,
                bad.start_mark.line + first_line,
                f"YAML tag '{tag}' is not allowed",
            )
    return node


def _disallowed_tags(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag not in _ALLOWED_TAGS:
            yield current
        if isinstance(current, SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))


@dataclass
class NodeReader:
    """Turns nodes into checked Python values, collecting a Problem for each mistake."""

    path: str
    first_line: int
    problems: list[Problem] = field(default_factory=list)

    def line(self, node: Node) -> int:
        return int(node.start_mark.line) + self.first_line

    def problem(self, node: Node | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.problems.append(Problem(self.path, line, message))

    def mapping(
        self, node: Node, *, allowed: Sequence[str], what: str
    ) -> dict[str, tuple[int, Node]] | None:
        """Check a mapping's keys: strings, each once, each allowed."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a mapping of 'key: value' lines")
            return None
        fields: dict[str, tuple[int, Node]] = {}
        for key_node, value_node in node.value:
            line = self.line(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag != _TAG + "str":
                self.problem(key_node, f"{what}: keys must be plain words")
                continue
            key = str(key_node.value)
            if key in fields:
                first = fields[key][0]
                self.problem(key_node, f"duplicate key '{key}' (first given at line {first})")
            elif key not in allowed:
                hint = did_you_mean(key, allowed) or f" (expected one of: {', '.join(allowed)})"
                self.problem(key_node, f"unknown key '{key}'{hint}")
            else:
                fields[key] = (line, value_node)
        return fields

    def text(self, node: Node, key: str) -> str | None:
        """A non-empty string, whitespace at the ends stripped."""
        if not isinstance(node, ScalarNode) or node.tag in (
            _TAG + "null",
            _TAG + "bool",
        ):
            shown = "nothing" if node.tag == _TAG + "null" else _describe(node)
            self.problem(node, f"{key}: expected text, got {shown}")
            return None
        value = str(node.value).strip()
        if not value:
            self.problem(node, f"{key}: must not be empty")
            return None
        return value

    def flag(self, node: Node, key: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "bool":
            return str(node.value).lower() in _TRUE
        self.problem(node, f"{key}: expected true or false, got {_describe(node)}")
        return None

    def sequence(self, node: Node, key: str, *, non_empty: bool = False) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{key}: expected a list, got {_describe(node)}")
            return None
        if non_empty and not node.value:
            self.problem(node, f"{key}: must list at least one entry")
            return None
        return list(node.value)

    def slug(self, node: Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is not None and not is_slug(value):
            self.problem(
                node,
                f"{key}: '{value}' is not a slug (lowercase letters, digits and hyphens)",
            )
            return None
        return value

    def url(self, node: Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is not None and not is_http_url(value):
            self.problem(node, f"{key}: '{value}' is not an http:// or https:// URL")
            return None
        return value


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _TAG + "null":
        return "nothing"
    return f"'{node.value}'"


def required(
    reader: NodeReader,
    fields: dict[str, tuple[int, Node]],
    names: Sequence[str],
    *,
    line: int,
) -> bool:
    """Report each required key that is missing; True when all are present."""
    missing = [name for name in names if name not in fields]
    for name in missing:
        reader.problem(line, f"missing required key '{name}'")
    return not missing
