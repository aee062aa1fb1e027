"""What the terminal shows: colour only where a person reads it, a progress bar only where it helps.

Colour follows the NO_COLOR convention (https://no-color.org) and needs a terminal; the progress
bar needs a terminal on stderr and never draws in CI, so logs stay plain text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TextIO

_RESET = "\033[0m"
_CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}
PROGRESS_DELAY = 1.0  # seconds: a shorter build shows no bar at all
BAR_WIDTH = 30


def wants_colour(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to colour what is written to `stream`."""
    if environ.get("NO_COLOR", "") != "":
        return False
    if environ.get("FORCE_COLOR", "") != "":
        return True
    return environ.get("TERM") != "dumb" and _is_terminal(stream)


def wants_progress(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether a progress bar may be drawn on `stream`: a terminal, outside CI."""
    return not environ.get("CI") and environ.get("TERM") != "dumb" and _is_terminal(stream)


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


class ProgressBar:
    """A bar redrawn in place on one line, shown only once `delay` seconds have passed."""

    def __init__(
        self,
        stream: TextIO,
        *,
        label: str,
        delay: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.label = label
        self.delay = PROGRESS_DELAY if delay is None else delay
        self.clock = clock
        self.started = clock()
        self.shown = ""  # the line on screen now, "" when none is

    def update(self, done: int, total: int) -> None:
        """Show `done` out of `total`, if the task has run long enough to need a bar."""
        if total <= 0 or self.clock() - self.started < self.delay:
            return
        done = min(done, total)
        filled = BAR_WIDTH * done // total
        line = f"{self.label} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {100 * done // total}%"
        if line != self.shown:  # redraw only when it changes: a terminal write is not free
            self.stream.write(f"\r{line}")
            self.stream.flush()
            self.shown = line

    def finish(self) -> None:
        """Clear the bar's line, so the next message starts on a clean one."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = ""
