"""Errors a person can act on: every problem names a file and, where one exists, a line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the user's input, as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # One problem, one line: control characters from the input are shown escaped.
        message = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in self.message)
        if self.line > 0:
            return f"{self.path}:{self.line}: {message}"
        return f"{self.path}: {message}"


class ReaderError(Exception):
    """The user's input is wrong; carries every problem found, sorted."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str, line: int, message: str) -> ReaderError:
        """Make an error with exactly one problem."""
        return cls([Problem(path, line, message)])
