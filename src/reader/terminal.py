"""What the terminal shows: colour only where a person reads it.

Colour follows the NO_COLOR convention (https://no-color.org) and needs a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

_RESET = "\033[0m"
_CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}


def wants_colour(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to colour what is written to `stream`."""
    if environ.get("NO_COLOR", "") != "":
        return False
    if environ.get("FORCE_COLOR", "") != "":
        return True
    return environ.get("TERM") != "dumb" and _is_terminal(stream)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class Painter:
    """Wraps text in ANSI colours, or leaves it alone when colour is off."""

    enabled: bool

    def paint(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        codes = ";".join(_CODES[style] for style in styles)
        return f"\033[{codes}m{text}{_RESET}"

    def error(self, text: str) -> str:
        return self.paint(text, "bold", "red")

    def warning(self, text: str) -> str:
        return self.paint(text, "yellow")

    def success(self, text: str) -> str:
        return self.paint(text, "green")

    def strong(self, text: str) -> str:
        return self.paint(text, "bold")

    def muted(self, text: str) -> str:
        return self.paint(text, "dim")
