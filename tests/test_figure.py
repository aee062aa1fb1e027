"""The picture of the debate: a wide layout (time across) and a narrow one (time down) that
mark the same articles and events with the same links, each within its own width."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from reader.build import build
from reader.entries import Entry, StanceGroup
from reader.figure import (
    COLUMNS_LEFT,
    MAX_SINGLE_MARKS,
    NARROW_WIDTH,
    YEAR_HEIGHT,
    Figure,
    Layout,
    plan_figure,
)
from reader.model import PartialDate, Stance, TimelineEvent
from sample_entries import make_entry

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
STANCES = ("engage", "pressure", "resist")


def _groups(*entries: Entry) -> list[StanceGroup]:
    """Entries by stance, newest first, as the site gives them to the figure."""
    return [
        StanceGroup(
            Stance(key, key.title(), "d", STANCES.index(key) + 1),
            tuple(
                sorted(
                    (e for e in entries if e.stance.key == key),
                    key=lambda e: e.article.sort_key,
                    reverse=True,
                )
            ),
        )
        for key in STANCES
    ]


def _event(date: str, title: str) -> TimelineEvent:
    return TimelineEvent(PartialDate.parse(date), title, None, (), 1)


def _plan(*entries: Entry, events: tuple[TimelineEvent, ...] = ()) -> Figure:
    figure = plan_figure(_groups(*entries), events, timeline_path=lambda y: f"timeline/{y}.html")
    assert figure is not None
    return figure


def _links(layout: Layout) -> Counter[tuple[str, str | None]]:
    return Counter(
        [(m.target, m.fragment) for m in layout.marks]
        + [(t.target, t.fragment) for t in layout.ticks]
    )


SAMPLE = (
    make_entry("a", "engage", "2021-08"),
    make_entry("b", "engage", "2023-07"),
    make_entry("c", "engage", "2024-02-07"),
    make_entry("d", "pressure", "2021-06"),
    make_entry("e", "resist", "2024"),
)
EVENTS = (_event("2001-09-11", "Before"), _event("2021-08-15", "Kabul"), _event("2024-02", "Feb"))


def test_there_is_no_figure_without_articles() -> None:
    assert plan_figure(_groups(), EVENTS, timeline_path=str) is None


def test_both_layouts_mark_every_article_and_event_with_the_same_links() -> None:
    figure = _plan(*SAMPLE, events=EVENTS)
    articles = Counter((e.path, None) for e in SAMPLE)
    events = Counter(
        [
            ("timeline/2021.html", "event-2021-08-15-kabul"),
            ("timeline/2024.html", "event-2024-02-feb"),
        ]
    )
    for layout in (figure.wide, figure.narrow):
        assert Counter((m.target, m.fragment) for m in layout.marks) == articles
        assert Counter((t.target, t.fragment) for t in layout.ticks) == events
    assert figure.events_outside == 1  # before the first year drawn
    assert "one row per stance" in figure.wide.description
    assert "one column per stance" in figure.narrow.description


def test_time_runs_across_the_wide_layout_and_down_the_narrow_one() -> None:
    figure = _plan(*SAMPLE, events=EVENTS)
    engage = [m for m in figure.narrow.marks if m.stance == "engage"]
    assert [m.target for m in engage] == [e.path for e in SAMPLE[:3]]  # oldest first
    assert [m.y for m in engage] == sorted(m.y for m in engage)
    assert len({m.x for m in engage}) == 1  # one column
    wide = [m for m in figure.wide.marks if m.stance == "engage"]
    assert [m.x for m in wide] == sorted(m.x for m in wide)
    assert len({m.y for m in wide}) == 1  # one row
    years = [label.y for label in figure.narrow.years]
    assert [label.text for label in figure.narrow.years] == ["2020", "2021", "2022", "2023", "2024"]
    assert years == sorted(years)


def test_the_narrow_layout_keeps_every_mark_tick_and_label_inside_its_width() -> None:
    figure = _plan(*SAMPLE, events=EVENTS)
    narrow = figure.narrow
    assert narrow.width == NARROW_WIDTH
    for mark in narrow.marks:
        assert 8 <= mark.x <= NARROW_WIDTH - 8, mark
        assert 8 <= mark.y <= narrow.height - 8, mark
    for tick in narrow.ticks:
        assert tick.hit.x >= 0
        assert tick.hit.x + tick.hit.width <= NARROW_WIDTH
        assert tick.hit.y <= tick.line.y1 <= tick.hit.y + tick.hit.height
    columns = [lane.line.x1 for lane in narrow.lanes]
    assert columns == sorted(columns)
    assert columns[0] > COLUMNS_LEFT
    assert all(lane.line.x1 == lane.line.x2 == lane.label.x for lane in narrow.lanes)


def test_a_date_known_only_to_the_year_spans_its_year_in_either_direction() -> None:
    figure = _plan(*SAMPLE)
    (wide,) = [m for m in figure.wide.marks if m.stance == "resist"]
    (narrow,) = [m for m in figure.narrow.marks if m.stance == "resist"]
    assert wide.span is not None
    assert wide.span.y1 == wide.span.y2 == wide.y
    assert wide.span.x1 < wide.x < wide.span.x2
    assert narrow.span is not None
    assert narrow.span.x1 == narrow.span.x2 == narrow.x
    assert narrow.span.y1 < narrow.y < narrow.span.y2
    (day,) = [m for m in figure.narrow.marks if m.target == "articles/c/index.html"]
    assert day.span is None


def test_marks_of_nearly_the_same_date_move_aside_within_their_column() -> None:
    figure = _plan(*(make_entry(f"s{n}", "pressure", "2022-03-0" + str(n + 1)) for n in range(3)))
    marks = figure.narrow.marks
    width = (NARROW_WIDTH - COLUMNS_LEFT) / len(STANCES)
    centre = COLUMNS_LEFT + width * 1.5
    assert len({m.x for m in marks}) == 3
    assert all(abs(m.x - centre) + 8 < width / 2 for m in marks)


def _day_of_2019_to_2021(n: int) -> str:
    """A day of each month of 2019 to 2021 in turn, then round again."""
    return f"{2019 + n // 12 % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}"


@pytest.mark.parametrize("stances", [1, 3])
def test_a_large_reader_groups_marks_by_month_across_and_by_year_down(stances: int) -> None:
    entries = [
        make_entry(f"n{n}", STANCES[n % stances], _day_of_2019_to_2021(n // stances))
        for n in range((MAX_SINGLE_MARKS + 1) * stances)
    ]
    figure = _plan(*entries)
    for layout in (figure.wide, figure.narrow):
        assert sum(m.count for m in layout.marks) == len(entries)
        assert all(
            m.target == f"timeline/{m.fragment[5:]}.html" for m in layout.marks if m.fragment
        )
    narrow = Counter((m.stance, m.fragment) for m in figure.narrow.marks)
    assert set(narrow.values()) == {1}  # a mark per stance and year
    assert len(narrow) == 3 * stances
    of_2019 = sum(
        1 for e in entries if e.stance.key == "engage" and e.article.published.year == 2019
    )
    assert f"{of_2019} Engage articles, 2019" in {m.label for m in figure.narrow.marks}
    assert len(figure.wide.marks) == 36 * stances  # a mark per stance and month


def test_many_years_keep_their_labels_apart_down_the_narrow_layout() -> None:
    figure = _plan(make_entry("old", "engage", "1960"), make_entry("new", "resist", "2024-05-01"))
    years = [label.y for label in figure.narrow.years]
    assert len(years) == 2024 - 1959 + 1
    assert min(b - a for a, b in itertools.pairwise(years)) >= YEAR_HEIGHT[0] - 0.2
    assert figure.narrow.marks[-1].y < figure.narrow.height


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("figure") / "site"
    build(ROOT, out, cache=False)
    return out


@pytest.mark.parametrize("page", ["index.html", "timeline/index.html"])
def test_each_page_draws_both_layouts_with_unique_ids_and_every_article(
    site: Path, page: str
) -> None:
    html = (site / page).read_text(encoding="utf-8")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    figure = re.search(r'<figure class="debate".*?</figure>', html, re.DOTALL)
    assert figure is not None
    svgs = [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", figure.group(0), re.DOTALL)]
    assert [s.attrib["class"] for s in svgs] == [
        "debate__svg debate__svg--wide",
        "debate__svg debate__svg--narrow",
    ]
    up = "../" * page.count("/")
    articles = sorted(
        f"{up}articles/{p.parent.name}/index.html" for p in (site / "articles").glob("*/index.html")
    )
    for svg in svgs:
        links = [a.attrib["href"] for a in svg.iter(f"{SVG}a")]
        assert sorted(h for h in links if "articles/" in h) == articles
        assert svg.attrib["aria-labelledby"] in ids
        assert svg.attrib["aria-describedby"] in ids
