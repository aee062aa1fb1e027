"""The picture of the debate: articles on a time axis by stance, events as ticks. Geometry only;
templates/partials/figure.html draws it as inline SVG (no script, no chart library).

It is laid out twice: wide, with time running across and a row per stance, and narrow, for a
phone, with time running down and a column per stance. The stylesheet shows one of the two."""

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
# Above this many articles, articles of one stance and month share a mark (of one stance and
# year in the narrow layout, which has less room for a month).
MAX_SINGLE_MARKS = 150

NARROW_WIDTH = 360  # drawn at about its own size on a phone, so its text stays readable
AXIS_X = 50  # the time axis, with the years to its left
EVENTS_FROM, EVENTS_TO = 62, 98  # the events' ticks
COLUMNS_LEFT = 108  # then a column per stance
HEADING_Y = 22  # the columns' headings
TOP = 44  # where time begins
YEAR_HEIGHT = (40, 110)  # the least and the most room for a year
NARROW_LENGTH = 560  # the time axis, as far as YEAR_HEIGHT allows


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class Mark:
    """One article (or, in a large reader, all of a stance's articles of a month or year)."""

    x: float
    y: float
    span: Line | None  # how far an imprecise date reaches, when that shows
    stance: str
    position: int  # the stance's, in stances.yaml
    target: str  # a site path; the template makes it relative to its page
    fragment: str | None
    label: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class Tick:
    line: Line
    hit: Box  # the area that takes a click, wider than the line
    target: str
    fragment: str
    label: str


@dataclass(frozen=True, slots=True)
class Lane:
    label: Label
    stance: str
    line: Line
    position: int  # the stance's, in stances.yaml


@dataclass(frozen=True, slots=True)
class Layout:
    """One drawing of the figure, in the units of its viewBox."""

    width: int
    height: int
    axis: Line
    events: Label
    lanes: tuple[Lane, ...]
    year_ticks: tuple[Line, ...]
    year_rules: tuple[Line, ...]  # faint lines across the lanes where each year begins
    years: tuple[Label, ...]
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Figure:
    wide: Layout  # time across, a row per stance
    narrow: Layout  # time down, a column per stance
    events_outside: int


@dataclass(frozen=True, slots=True)
class _Item:
    """What a mark stands for, before it has a place."""

    middle: dt.date
    earliest: dt.date
    latest: dt.date
    target: str
    fragment: str | None
    label: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class _Scale:
    """The days from `start` to `end` as points from `low` to `high` along the time axis."""

    start: dt.date
    end: dt.date
    low: float
    high: float

    def at(self, day: dt.date) -> float:
        span = (self.end - self.start).days or 1
        return round(self.low + (day - self.start).days / span * (self.high - self.low), 1)


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
    inside = [e for e in events if start <= e.date.earliest <= end]
    counts = ", ".join(f"{len(g.entries)} {g.stance.label.lower()}" for g in groups)
    placed = f"{len(entries)} articles ({counts}) placed by date from {first_year} to {last_year}"
    wide = f"{placed}, one row per stance, with {len(inside)} events marked above them."
    narrow = (
        f"{placed}, from the top down, one column per stance, with {len(inside)} events "
        "marked to their left."
    )
    return Figure(
        wide=_wide_layout(groups, inside, start, end, timeline_path, description=wide),
        narrow=_narrow_layout(groups, inside, start, end, timeline_path, description=narrow),
        events_outside=len(events) - len(inside),
    )


def _wide_layout(
    groups: Sequence[StanceGroup],
    events: Sequence[TimelineEvent],
    start: dt.date,
    end: dt.date,
    timeline_path: Callable[[int], str],
    *,
    description: str,
) -> Layout:
    scale = _Scale(start, end, LEFT, WIDTH - RIGHT)
    rows = [LANE_TOP + LANE_HEIGHT * (i + 0.5) for i in range(len(groups))]
    axis_y = LANE_TOP + LANE_HEIGHT * len(groups) + AXIS_GAP
    years = range(start.year, end.year + 1)
    step = max(1, len(years) // 8)
    marks: list[Mark] = []
    for group, y in zip(groups, rows, strict=True):
        marks += _lane_marks(group, scale, y, timeline_path, spread=MARK_SIZE + 3, down=False)
    return Layout(
        width=WIDTH,
        height=int(axis_y + 24),
        axis=Line(LEFT - 4, axis_y - 6, WIDTH - 8, axis_y - 6),
        events=Label(4, 30, "Events"),
        lanes=tuple(
            Lane(
                Label(4, y + 5, g.stance.label),
                g.stance.key,
                Line(LEFT - 4, y, WIDTH - 8, y),
                g.stance.position,
            )
            for g, y in zip(groups, rows, strict=True)
        ),
        year_ticks=tuple(
            Line(x, axis_y - 12, x, axis_y) for x in (scale.at(dt.date(y, 1, 1)) for y in years)
        ),
        year_rules=(),
        years=tuple(
            Label(scale.at(dt.date(year, 7, 1)), axis_y + 12, str(year)) for year in years[::step]
        ),
        marks=tuple(marks),
        ticks=_ticks(events, scale, timeline_path, down=False),
        description=description,
    )


def _narrow_layout(
    groups: Sequence[StanceGroup],
    events: Sequence[TimelineEvent],
    start: dt.date,
    end: dt.date,
    timeline_path: Callable[[int], str],
    *,
    description: str,
) -> Layout:
    years = range(start.year, end.year + 1)
    least, most = YEAR_HEIGHT
    bottom = TOP + len(years) * int(min(max(NARROW_LENGTH / len(years), least), most))
    scale = _Scale(start, end, TOP, bottom)
    starts = [scale.at(dt.date(year, 1, 1)) for year in years]
    column = (NARROW_WIDTH - COLUMNS_LEFT) / len(groups)
    columns = [COLUMNS_LEFT + column * (i + 0.5) for i in range(len(groups))]
    marks: list[Mark] = []
    for group, x in zip(groups, columns, strict=True):
        marks += _lane_marks(group, scale, x, timeline_path, spread=2 * MARK_SIZE + 4, down=True)
    return Layout(
        width=NARROW_WIDTH,
        height=bottom + 16,
        axis=Line(AXIS_X, TOP - 8, AXIS_X, bottom + 4),
        events=Label((EVENTS_FROM + EVENTS_TO) / 2, HEADING_Y, "Events"),
        lanes=tuple(
            Lane(
                Label(x, HEADING_Y, g.stance.label),
                g.stance.key,
                Line(x, TOP - 8, x, bottom + 4),
                g.stance.position,
            )
            for g, x in zip(groups, columns, strict=True)
        ),
        year_ticks=tuple(Line(AXIS_X - 6, y, AXIS_X + 6, y) for y in starts),
        year_rules=tuple(Line(AXIS_X + 6, y, NARROW_WIDTH, y) for y in starts[1:]),
        years=tuple(
            Label(AXIS_X - 10, round(scale.at(dt.date(year, 7, 1)) + 5, 1), str(year))
            for year in years
        ),
        marks=tuple(marks),
        ticks=_ticks(events, scale, timeline_path, down=True),
        description=description,
    )


def _middle(first: dt.date, last: dt.date) -> dt.date:
    return first + (last - first) / 2


def _ticks(
    events: Sequence[TimelineEvent],
    scale: _Scale,
    timeline_path: Callable[[int], str],
    *,
    down: bool,
) -> tuple[Tick, ...]:
    ticks = []
    for event in events:
        at = scale.at(_middle(event.date.earliest, event.date.latest))
        if down:
            line = Line(EVENTS_FROM, at, EVENTS_TO, at)
            hit = Box(EVENTS_FROM - 2, at - 5, EVENTS_TO - EVENTS_FROM + 4, 10)
        else:
            line = Line(at, EVENTS_TOP, at, EVENTS_TOP + 26)
            hit = Box(at - 5, EVENTS_TOP - 2, 10, 30)
        label = f"{event.date.label}: {event.title}"
        ticks.append(Tick(line, hit, timeline_path(event.date.year), event.anchor, label))
    return tuple(ticks)


def _items(
    group: StanceGroup, timeline_path: Callable[[int], str], *, by_year: bool
) -> list[_Item]:
    """What the group's marks stand for, oldest first: an article each, or in a large reader
    the articles of a month (of a year, `by_year`), linked to their year on the timeline."""
    oldest_first = list(reversed(group.entries))
    stance = group.stance.label
    if len(oldest_first) <= MAX_SINGLE_MARKS:
        return [_article_item(entry, stance) for entry in oldest_first]
    periods: dict[tuple[int, int], int] = {}
    for entry in oldest_first:
        latest = entry.article.published.latest
        period = (latest.year, 0 if by_year else latest.month)
        periods[period] = periods.get(period, 0) + 1
    items = []
    for (year, month), count in periods.items():
        day = dt.date(year, month, 15) if month else dt.date(year, 7, 1)
        when = f"{MONTHS[month - 1]} {year}" if month else str(year)
        label = f"{count} {stance} articles, {when}"
        items.append(_Item(day, day, day, timeline_path(year), f"year-{year}", label, count))
    return items


def _article_item(entry: Entry, stance: str) -> _Item:
    published = entry.article.published
    qualifier = " (inferred)" if entry.article.date_inferred else ""
    return _Item(
        _middle(published.earliest, published.latest),
        published.earliest,
        published.latest,
        entry.path,
        None,
        f"{entry.article.title}: {stance}, {published.label}{qualifier}",
    )


def _lane_marks(
    group: StanceGroup,
    scale: _Scale,
    lane: float,
    timeline_path: Callable[[int], str],
    *,
    spread: float,
    down: bool,
) -> list[Mark]:
    """Place a stance's marks: along the time axis by date, across it at `lane`, moved aside by
    `spread` (to one side, then the other) where single articles would cover one another. Down
    a narrow layout, a large reader's marks are of a year, not a month."""
    grouped = len(group.entries) > MAX_SINGLE_MARKS
    marks: list[Mark] = []
    placed: list[float] = []
    for item in _items(group, timeline_path, by_year=down):
        at = scale.at(item.middle)
        crowded = 0 if grouped else sum(1 for p in placed if abs(p - at) < 2 * MARK_SIZE)
        placed.append(at)
        side = lane + (0, -1, 1)[crowded % 3] * spread
        first, last = scale.at(item.earliest), scale.at(item.latest)
        span = None
        if last - first > 4:
            span = Line(side, first, side, last) if down else Line(first, side, last, side)
        x, y = (side, at) if down else (at, side)
        stance = group.stance
        marks.append(
            Mark(
                x,
                y,
                span,
                stance.key,
                stance.position,
                item.target,
                item.fragment,
                item.label,
                item.count,
            )
        )
    return marks
