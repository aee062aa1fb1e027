"""Read YAML as a tree of nodes that remember their line, refusing what content never needs.

PyYAML's loaders keep the last of two equal keys, build Python objects from tags and expand
aliases without limit. Composing nodes ourselves lets every value keep its line number and lets
us refuse duplicate keys, object tags, aliases and deep nesting outright.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError as YAMLCharacterError

from .errors import Problem, ReaderError

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL_RE = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


# Content needs a few levels (a list of mappings of lists); deeper is a mistake or an attack,
# and composing it would exhaust Python's recursion limit.
MAX_DEPTH = 16


class _Refused(Exception):
    """Raised by the loader, with the 0-based line, for YAML that content never needs."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses aliases before they can be expanded, and deep nesting."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, "YAML aliases (*name) are not allowed in content")
        if self._depth >= MAX_DEPTH:
            raise _Refused(line, f"YAML nested more than {MAX_DEPTH} levels deep")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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
    """Compose `text` into nodes; `first_line` is the file line where `text` starts.

    Shallow, well-formed YAML, which is all real content, is composed by libyaml, several times
    faster; anything else goes through the careful loader, which also words the errors.
    """
    node = _compose_fast(text)
    if node is _NOT_FAST:
        node = _compose_careful(text, path=path, first_line=first_line)
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


# libyaml composes recursively in C: deep enough nesting would overflow its stack, so only
# text that cannot nest deeply is given to it.
_FAST_MAX_INDENT = 48
_NOT_FAST = ScalarNode(tag="", value="")
# A line starting with more white space than that (str.isspace's, as \s is; not the newline).
_DEEP_INDENT = re.compile(rf"^[^\S\n]{{{_FAST_MAX_INDENT + 1}}}", re.MULTILINE)
_CLoader = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str) -> Node | None:
    """Compose with libyaml when the text is shallow; _NOT_FAST when it cannot or should not."""
    if _CLoader is None or not _is_shallow(text):
        return _NOT_FAST
    try:
        node = yaml.compose(text, Loader=_CLoader)
    except yaml.YAMLError:
        return _NOT_FAST
    return node if node is None or _is_plain_tree(node) else _NOT_FAST


def _is_shallow(text: str) -> bool:
    """No flow collection nested deeper than MAX_DEPTH and no line indented past the limit."""
    if text.count("[") + text.count("{") > MAX_DEPTH:  # fewer opening brackets cannot nest deeper
        depth = deepest = 0
        for char in text:
            if char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "]}":
                depth -= 1
        if deepest > MAX_DEPTH:
            return False
    return _DEEP_INDENT.search(text) is None


def _is_plain_tree(root: Node) -> bool:
    """No node reached twice (an alias) and no deeper than MAX_DEPTH."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH:
            return False
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))
    return True


def _compose_careful(text: str, *, path: str, first_line: int) -> Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except _Refused as exc:
        raise ReaderError.single(path, exc.line + first_line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        line, message = _syntax_error(exc, first_line=first_line)
        raise ReaderError.single(path, line, message) from None
    except YAMLCharacterError as exc:
        line = text.count("\n", 0, exc.position) + first_line
        message = f"YAML error: character U+{exc.character:04X} is not allowed in YAML text"
        raise ReaderError.single(path, line, message) from None
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReaderError.single(path, first_line, f"YAML error: {reason}") from None


def _syntax_error(exc: yaml.MarkedYAMLError, *, first_line: int) -> tuple[int, str]:
    """The line YAML stopped at, and its reason; the construct it was in, with its own line;
    then, for the mistakes people make most, what to do in plain words."""
    problem, context = exc.problem_mark, exc.context_mark
    mark = problem or context
    line = mark.line + first_line if mark else first_line
    message = exc.problem or exc.context or "invalid YAML"
    if exc.problem and exc.context:
        where = ""
        if problem is not None and context is not None and context.line != problem.line:
            where = f" at line {context.line + first_line}"
        message += f" ({exc.context}{where})"
    hint = syntax_hint(exc.problem or "", exc.context or "")
    return line, f"YAML syntax error: {message}" + (f"; {hint}" if hint else "")


# PyYAML shows a tab as '\t', a backslash and a letter.
_CANNOT_START = re.compile(r"found character '(\\.|.)' that cannot start any token")


def syntax_hint(problem: str, context: str) -> str | None:
    """What to do about a YAML syntax error, in plain words, where the usual cause is known."""
    if problem.startswith("mapping values are not allowed here"):
        return (
            "a value containing ': ' needs quotes, e.g. title: \"Talks: the case\" "
            "(or the line is indented too far)"
        )
    if "alias" in context or "anchor" in context:
        return "a value that starts with * or & needs quotes"
    cannot_start = _CANNOT_START.match(problem)
    if cannot_start is not None:
        character = cannot_start.group(1)
        if character == "\\t":
            return "indent with spaces, not tabs"
        return f"a value that starts with {character} needs quotes"
    if problem.startswith("found unexpected end of stream") and "quoted scalar" in context:
        return "a quote opened there is never closed"
    if problem.startswith("found unknown escape character"):
        return (
            "in double quotes a backslash starts an escape: write \\\\ for a backslash, or "
            "use single quotes"
        )
    if problem.startswith("could not find expected ':'"):
        return (
            "each line is 'key: value', and a value that goes on to the next line is indented "
            "under its key"
        )
    if problem == "expected <block end>, but found '<scalar>'":
        return (
            "a value that starts with a quote, [ or { must be quoted as a whole, e.g. "
            'title: "[Draft] A title"'
        )
    if problem.startswith("expected <block end>"):
        return "check this line's indentation: the items of one list or mapping line up"
    return None


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
            hint = ""
            if node.tag == _TAG + "bool":
                truth = str(node.value).lower() in _TRUE
                hint = f", which YAML reads as {str(truth).lower()}: put it in quotes"
            self.problem(node, f"{key}: expected text, got {_describe(node)}{hint}")
            return None
        value = str(node.value).strip()
        if not value:
            self.problem(node, f"{key}: must not be empty")
            return None
        return value

    def flag(self, node: Node, key: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "bool":
            return str(node.value).lower() in _TRUE
        quoted = isinstance(node, ScalarNode) and str(node.value).lower() in _TRUE | _FALSE
        hint = " (remove the quotes)" if quoted else ""
        self.problem(node, f"{key}: expected true or false, got {_describe(node)}{hint}")
        return None

    def choice(self, node: Node, key: str, choices: Sequence[str]) -> str | None:
        """One of `choices`, exactly as written; a bare yes or no, which YAML reads as a
        boolean, counts as the word."""
        if isinstance(node, ScalarNode) and node.tag == _TAG + "bool":
            value: str | None = str(node.value).strip()
        else:
            value = self.text(node, key)
        if value is not None and value not in choices:
            hint = did_you_mean(value, choices)
            self.problem(node, f"{key}: '{value}' is not one of {', '.join(choices)}{hint}")
            return None
        return value

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
