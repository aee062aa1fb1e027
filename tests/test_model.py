"""PartialDate: parsing, its error messages, and what a date known to the day, month or year
stands for (label, ISO form, first and last day)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reader.model import PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2024-02-07", PartialDate(2024, 2, 7), Precision.DAY),
        ("2021-06", PartialDate(2021, 6), Precision.MONTH),
        ("2024", PartialDate(2024), Precision.YEAR),
        ("  2023-07  ", PartialDate(2023, 7), Precision.MONTH),
        ("0999-12-31", PartialDate(999, 12, 31), Precision.DAY),
    ],
)
def test_parse_reads_day_month_and_year_precision(
    text: str, expected: PartialDate, precision: Precision
) -> None:
    date = PartialDate.parse(text)
    assert date == expected
    assert date.precision is precision


@pytest.mark.parametrize(
    "text",
    ["2024-02-29", "2000-02-29", "1600-02-29", "2020-02-29"],
)
def test_parse_accepts_29_february_in_a_leap_year(text: str) -> None:
    assert PartialDate.parse(text).day == 29


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-29", "'2023-02-29': February 2023 has no day 29"),
        ("1900-02-29", "'1900-02-29': February 1900 has no day 29"),
        ("2021-02-30", "'2021-02-30': February 2021 has no day 30"),
        ("2021-04-31", "'2021-04-31': April 2021 has no day 31"),
        ("2024-02-00", "'2024-02-00': February 2024 has no day 0"),
        ("2021-13-01", "'2021-13-01' has no month 13"),
        ("2021-00", "'2021-00' has no month 0"),
        ("0000", "'0000' has no year 0"),
        (
            "late June 2021",
            "'late June 2021' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        ("2021/06/25", "'2021/06/25' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("2021-6-5", "'2021-6-5' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("21-06-25", "'21-06-25' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("2021-06-25T10:00", "'2021-06-25T10:00' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("", "'' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
        # Digits from other scripts are digits to int(), not to a date.
        (
            "\uff12\uff10\uff12\uff14",
            "'\uff12\uff10\uff12\uff14' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
        ),
    ],
)
def test_parse_rejects_impossible_or_malformed_dates_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("date", "label", "iso"),
    [
        (PartialDate(2024, 2, 7), "7 February 2024", "2024-02-07"),
        (PartialDate(2021, 12, 31), "31 December 2021", "2021-12-31"),
        (PartialDate(2023, 7), "July 2023", "2023-07"),
        (PartialDate(2024), "2024", "2024"),
        (PartialDate(999, 1), "January 999", "0999-01"),
    ],
)
def test_label_and_iso_are_never_more_precise_than_known(
    date: PartialDate, label: str, iso: str
) -> None:
    assert date.label == label
    assert date.iso == iso


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2024-02-07", dt.date(2024, 2, 7), dt.date(2024, 2, 7)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("1900-02", dt.date(1900, 2, 1), dt.date(1900, 2, 28)),
        ("2000-02", dt.date(2000, 2, 1), dt.date(2000, 2, 29)),
        ("2021-04", dt.date(2021, 4, 1), dt.date(2021, 4, 30)),
        ("2021-12", dt.date(2021, 12, 1), dt.date(2021, 12, 31)),
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_earliest_and_latest_span_the_whole_period(
    text: str, earliest: dt.date, latest: dt.date
) -> None:
    date = PartialDate.parse(text)
    assert (date.earliest, date.latest) == (earliest, latest)


@pytest.mark.parametrize("text", ["2024-02-07", "2021-06", "2024", "0999-12"])
def test_iso_parses_back_to_the_same_date(text: str) -> None:
    date = PartialDate.parse(text)
    assert PartialDate.parse(date.iso) == date
