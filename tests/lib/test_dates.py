from datetime import date, timedelta

from triage.lib.dates import is_working_day, working_days_before, working_days_between


def test_st_andrews_day_is_not_a_working_day_in_scotland():
    """St Andrew's Day (30 November) is a Scottish bank holiday; in 2026 it falls on a Monday."""
    assert not is_working_day(date(2026, 11, 30))
    assert is_working_day(date(2026, 12, 1))


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 11, 28))
    assert not is_working_day(date(2026, 11, 29))


def test_working_days_across_a_weekend_and_bank_holiday():
    """Friday 27 Nov 2026 → Wednesday 2 Dec: Sat, Sun and St Andrew's Day do not count: 2 days."""
    assert working_days_between(date(2026, 11, 27), date(2026, 12, 2)) == 2
    assert working_days_between(date(2026, 12, 2), date(2026, 11, 27)) == 0


def test_working_days_before_is_the_inverse():
    end = date(2026, 12, 2)
    start = working_days_before(end, 2)
    assert working_days_between(start, end) >= 2
    assert working_days_between(start + timedelta(days=1), end) < 2


def test_two_january_is_a_scottish_holiday():
    assert not is_working_day(date(2026, 1, 2))
