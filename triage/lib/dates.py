"""Dates: the edge of a day in a time zone, and working days in Scotland.

Working days are Monday to Friday, less Scottish bank holidays (the `holidays` package, GB with
the SCT subdivision, which includes St Andrew's Day and 2 January).
"""

from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

import holidays


def start_of_day(day: date, tz: tzinfo) -> datetime:
    """Midnight at the start of `day` in `tz`, as an aware datetime: the edge of a day-based range."""
    return datetime.combine(day, time.min, tzinfo=tz)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="SCT", years=[year]))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start`, up to and including `end` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def working_days_before(end: date, n: int) -> date:
    """The latest date from which `end` is at least `n` working days later."""
    day, counted = end, 0
    while counted < n:
        counted += is_working_day(day)
        day -= timedelta(days=1)
    return day


def is_month_start(day: date) -> bool:
    return day.day == 1


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def whole_months_problems(start: date | None, end: date | None) -> dict[str, str]:
    """What stops `start` to `end` being whole months, by which end: {"date_from": message,
    "date_to": message}, empty when both (when given) fall on month boundaries. The anonymised
    export's periods keep to whole months (decision 0024)."""
    problems = {}
    if start is not None and not is_month_start(start):
        problems["date_from"] = "Start date must be the first day of a month, for example 1 4 2026"
    if end is not None and not is_month_end(end):
        problems["date_to"] = "End date must be the last day of a month, for example 31 3 2027"
    return problems


def parse_file_date(text: str) -> date | None:
    """A date in an uploaded file, as 2026-09-14 or 14/09/2026; None if it is neither or not a
    real date (the uploads' checkers say which row and column)."""
    try:
        if "-" in text:
            year, month, day = text.split("-")
        else:
            day, month, year = text.split("/")
        if not (year.isdecimal() and month.isdecimal() and day.isdecimal() and len(year) == 4):
            return None
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
