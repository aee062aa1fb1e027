"""The picture of the debate: articles on a time axis by stance, events as ticks. Geometry only;
templates/partials/figure.html draws it as inline SVG (no script, no chart library)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .entries import Entry, StanceGroup
from .model import MONTHS, TimelineEvent

WIDTH = 760
LEFT = 112  # room for the lane labels
RIGHT = 16
EVENTS_TOP = 14
LANE_TOP = 58
LANE_HEIGHT = 46
AXIS_GAP = 16
MARK_SIZE = 7
# Above this many articles, articles of one stance and month share a mark.
MAX_SINGLE_MARKS = 150


@dataclass(frozen=True, slots=True)
class Mark:
    """One article (or, in a large reader, all of a stance's articles of a month)."""

    x: float
    y: float
    x_from: float  # the span of an imprecise date
    x_to: float
    stance: str
    target: str  # a site path; the template makes it relative to its page
    fragment: str | None
    label: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    target: str
    fragment: str
    label: str


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    stance: str
    y: float


@dataclass(frozen=True, slots=True)
class AxisLabel:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Figure:
    width: int
    height: int
    axis_y: float
    lanes: tuple[Lane, ...]
    years: tuple[AxisLabel, ...]
    year_starts: tuple[float, ...]
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    description: str
    events_outside: int


def plan_figure(
    groups: Sequence[StanceGroup],
    events: Sequence[TimelineEvent],
    *,
    timeline_path: Callable[[int], str],
) -> Figure | None:
    """Lay out the figure; None when there is no article to draw. `timeline_path(year)` is
    the timeline page that shows the year."""
    entries = [e for g in groups for e in g.entries]
    if not entries:
        return None
    first_year = min(e.article.published.year for e in entries) - 1
    last_year = max(e.article.published.year for e in entries)
    start, end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)

    def x_of(day: dt.date) -> float:
        span = (end - start).days or 1
        return round(LEFT + (day - start).days / span * (WIDTH - LEFT - RIGHT), 1)

    lanes = tuple(
        Lane(g.stance.label, g.stance.key, LANE_TOP + LANE_HEIGHT * (i + 0.5))
        for i, g in enumerate(groups)
    )
    axis_y = LANE_TOP + LANE_HEIGHT * len(groups) + AXIS_GAP
    step = max(1, (last_year - first_year + 1) // 8)
    years = tuple(
        AxisLabel(x_of(dt.date(year, 7, 1)), str(year))
        for year in range(first_year, last_year + 1, step)
    )
    marks: list[Mark] = []
    for lane, group in zip(lanes, groups, strict=True):
        marks += _lane_marks(lane, group.entries, x_of, timeline_path)
    inside = [e for e in events if start <= e.date.earliest <= end]
    ticks = tuple(
        Tick(
            x_of(_middle(e.date.earliest, e.date.latest)),
            timeline_path(e.date.year),
            e.anchor,
            f"{e.date.label}: {e.title}",
        )
        for e in inside
    )
    counts = ", ".join(f"{len(g.entries)} {g.stance.label.lower()}" for g in groups)
    description = (
        f"{len(entries)} articles ({counts}) placed by date from {first_year} to {last_year}, "
        f"one row per stance, with {len(inside)} events marked above them."
    )
    return Figure(
        width=WIDTH,
        height=int(axis_y + 24),
        axis_y=axis_y,
        lanes=lanes,
        years=years,
        year_starts=tuple(x_of(dt.date(y, 1, 1)) for y in range(first_year, last_year + 1)),
        marks=tuple(marks),
        ticks=ticks,
        description=description,
        events_outside=len(events) - len(inside),
    )


def _middle(first: dt.date, last: dt.date) -> dt.date:
    return first + (last - first) / 2


def _lane_marks(
    lane: Lane,
    entries: Sequence[Entry],
    x_of: Callable[[dt.date], float],
    timeline_path: Callable[[int], str],
) -> list[Mark]:
    oldest_first = list(reversed(entries))
    if len(entries) > MAX_SINGLE_MARKS:
        return _monthly_marks(lane, oldest_first, x_of, timeline_path)
    marks: list[Mark] = []
    for entry in oldest_first:
        published = entry.article.published
        x = x_of(_middle(published.earliest, published.latest))
        crowded = sum(1 for m in marks if abs(m.x - x) < 2 * MARK_SIZE)
        offset = (0, -1, 1)[crowded % 3] * (MARK_SIZE + 3)
        qualifier = " (inferred)" if entry.article.date_inferred else ""
        label = f"{entry.article.title}: {lane.label}, {published.label}{qualifier}"
        marks.append(
            Mark(
                x,
                lane.y + offset,
                x_of(published.earliest),
                x_of(published.latest),
                lane.stance,
                entry.path,
                None,
                label,
            )
        )
    return marks


def _monthly_marks(
    lane: Lane,
    oldest_first: Sequence[Entry],
    x_of: Callable[[dt.date], float],
    timeline_path: Callable[[int], str],
) -> list[Mark]:
    months: dict[tuple[int, int], list[Entry]] = {}
    for entry in oldest_first:
        latest = entry.article.published.latest
        months.setdefault((latest.year, latest.month), []).append(entry)
    marks = []
    for (year, month), group in months.items():
        x = x_of(dt.date(year, month, 15))
        label = f"{len(group)} {lane.label} articles, {MONTHS[month - 1]} {year}"
        marks.append(
            Mark(
                x, lane.y, x, x, lane.stance, timeline_path(year), f"year-{year}", label, len(group)
            )
        )
    return marks
