"""The LTU label, the follow-up schedule and the bulk upload's file, on hand-built histories."""

from datetime import date, timedelta

import pytest

from triage.lib import outcomes
from triage.lib.outcomes import FollowUpFact, Label, ltu_label, next_follow_up

LEFT = date(2026, 1, 30)


def day(n: int) -> date:
    return LEFT + timedelta(days=n)


def fact(point, contacted, status, started=None, order=0):
    return FollowUpFact(point=point, contacted_on=contacted, status=status, started_on=started, order=order)


def test_no_follow_ups_is_unknown():
    assert ltu_label(LEFT, []) == Label(None, None)


def test_no_leaving_date_is_unknown():
    assert ltu_label(None, [fact(12, day(365), outcomes.UNEMPLOYED)]) == Label(None, None)


def test_employed_at_three_months_is_not_ltu():
    assert ltu_label(LEFT, [fact(3, day(90), outcomes.EMPLOYED, day(70))]) == Label(0, day(90))


def test_in_work_without_a_start_date_counts_from_the_contact():
    assert ltu_label(LEFT, [fact(3, day(90), outcomes.SELF_EMPLOYED)]) == Label(0, day(90))


def test_unemployed_at_twelve_months_with_a_start_at_day_200_is_not_ltu():
    history = [fact(12, day(365), outcomes.UNEMPLOYED, day(200))]
    assert ltu_label(LEFT, history).value == 0


def test_unemployed_at_twelve_months_with_no_start_is_ltu():
    assert ltu_label(LEFT, [fact(12, day(370), outcomes.UNEMPLOYED)]) == Label(1, day(370))


@pytest.mark.parametrize("status", [outcomes.EDUCATION, outcomes.NOT_LOOKING])
def test_any_status_out_of_work_at_twelve_months_is_ltu(status):
    assert ltu_label(LEFT, [fact(12, day(365), status)]).value == 1


def test_a_start_at_day_365_is_in_time_and_366_is_not():
    assert ltu_label(LEFT, [fact(12, day(380), outcomes.UNEMPLOYED, day(365))]).value == 0
    assert ltu_label(LEFT, [fact(12, day(380), outcomes.UNEMPLOYED, day(366))]).value == 1


def test_in_work_at_twelve_months_from_day_366_is_unknown():
    # Neither rule holds: no start within 365 days, and the 12-month follow-up says in work.
    assert ltu_label(LEFT, [fact(12, day(380), outcomes.EMPLOYED, day(366))]).value is None


def test_a_start_before_the_leaving_date_counts():
    assert ltu_label(LEFT, [fact(3, day(90), outcomes.EMPLOYED, day(-20))]).value == 0


def test_unknown_status_at_twelve_months_is_unknown():
    history = [fact(3, day(90), outcomes.UNEMPLOYED), fact(12, day(365), outcomes.UNKNOWN, order=1)]
    assert ltu_label(LEFT, history).value is None


def test_unemployed_at_three_and_six_months_is_still_unknown():
    history = [fact(3, day(90), outcomes.UNEMPLOYED), fact(6, day(180), outcomes.UNEMPLOYED, order=1)]
    assert ltu_label(LEFT, history).value is None


def test_a_later_twelve_month_follow_up_overturns_an_earlier_one():
    first = fact(12, day(365), outcomes.UNEMPLOYED, order=1)
    assert ltu_label(LEFT, [first]).value == 1
    correction = fact(12, day(372), outcomes.EMPLOYED, day(300), order=2)
    assert ltu_label(LEFT, [first, correction]) == Label(0, day(372))


def test_a_corrected_three_month_follow_up_takes_back_a_start():
    wrong = fact(3, day(90), outcomes.EMPLOYED, day(60), order=1)
    right = fact(3, day(92), outcomes.UNEMPLOYED, order=2)
    twelve = fact(12, day(365), outcomes.UNEMPLOYED, order=3)
    assert ltu_label(LEFT, [wrong, twelve]).value == 0
    assert ltu_label(LEFT, [twelve, right, wrong]).value == 1  # order, not list position, decides


def test_work_found_between_follow_ups_counts_alongside_them():
    history = [fact(None, day(150), outcomes.EMPLOYED, day(140), order=1), fact(12, day(365), outcomes.UNEMPLOYED)]
    assert ltu_label(LEFT, history) == Label(0, day(150))


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert outcomes.add_months(date(2026, 1, 30), 1) == date(2026, 2, 28)
    assert outcomes.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert outcomes.add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert outcomes.add_months(date(2027, 2, 28), 12) == date(2028, 2, 28)


def test_the_point_of_a_contact_opens_two_weeks_before_each_point():
    three = outcomes.point_date(LEFT, 3)
    assert outcomes.follow_up_point(LEFT, three - timedelta(days=15)) is None
    assert outcomes.follow_up_point(LEFT, three - timedelta(days=14)) == 3
    assert outcomes.follow_up_point(LEFT, outcomes.point_date(LEFT, 6) - timedelta(days=14)) == 6
    assert outcomes.follow_up_point(LEFT, outcomes.point_date(LEFT, 12)) == 12
    assert outcomes.follow_up_point(LEFT, outcomes.point_date(LEFT, 24)) == 12


def test_overdue_after_ten_working_days():
    today = date(2026, 12, 7)  # a Monday
    # St Andrew's Day (Monday 30 November 2026) is not a working day.
    assert not outcomes.is_overdue(date(2026, 11, 20), today)  # ten working days ago
    assert outcomes.is_overdue(date(2026, 11, 19), today)  # eleven
    assert outcomes.overdue_on_or_before(date(2026, 12, 8)) == date(2026, 11, 22)


def test_next_follow_up_is_the_earliest_point_not_done():
    assert next_follow_up(LEFT, []) == (3, outcomes.point_date(LEFT, 3))
    done = [fact(3, day(90), outcomes.UNKNOWN), fact(None, day(100), outcomes.EMPLOYED)]
    assert next_follow_up(LEFT, done) == (6, outcomes.point_date(LEFT, 6))
    all_done = [fact(m, day(30 * m), outcomes.UNKNOWN) for m in (3, 6, 12)]
    assert next_follow_up(LEFT, all_done) is None
    assert next_follow_up(None, []) is None


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


HEADER = ",".join(outcomes.UPLOAD_COLUMNS)


def test_a_good_file_gives_its_rows():
    rows, errors = outcomes.parse_upload(
        _csv(HEADER, "p-7k3m9q,2026-09-14,employed,14/08/2026", "4HX2RT,15/09/2026,Unemployed_looking,")
    )
    assert errors == []
    assert [(r.row, r.reference, r.contacted_on, r.status, r.started_on) for r in rows] == [
        (2, "P-7K3M9Q", date(2026, 9, 14), "employed", date(2026, 8, 14)),
        (3, "P-4HX2RT", date(2026, 9, 15), "unemployed_looking", None),
    ]


def test_the_template_reads_back():
    rows, errors = outcomes.parse_upload(outcomes.template_csv().encode())
    assert errors == [] and len(rows) == len(outcomes.UPLOAD_EXAMPLE)


def test_every_bad_cell_is_listed_by_row_and_column():
    rows, errors = outcomes.parse_upload(
        _csv(HEADER, "P-12,31/02/2026,working,soon", ",,,", "P-7K3M9Q,2026-09-14,employed,2026-10-01", "P-7K3M9Q,1")
    )
    assert rows == []
    assert [(e.row, e.column) for e in errors] == [
        (2, "person reference"),
        (2, "follow-up date"),
        (2, "status"),
        (2, "start date"),
        (4, "start date"),
        (5, None),
    ]


def test_a_repeated_row_is_an_error():
    rows, errors = outcomes.parse_upload(
        _csv(HEADER, "P-7K3M9Q,2026-09-14,employed,", "P-7K3M9Q,2026-09-14,unemployed_looking,")
    )
    assert [r.row for r in rows] == [2]
    assert [(e.row, e.message) for e in errors] == [(3, "Row repeats the person and follow-up date of row 2")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\r\n\r\n", "The file is empty"),
        (_csv(HEADER), "The file has no follow-ups under its column names"),
        (b"ref,date\r\nP-7K3M9Q,2026-09-14\r\n", "The first row must be the column names"),
        (
            (HEADER + "\r\nP-7K3M9Q,14/09/2026,employ\xe9,\r\n").encode("latin-1"),
            "The file must be a CSV saved as UTF-8",
        ),
        (b"\x00\x01" * 10, "The file must be a CSV saved as UTF-8"),
        (b"x" * (outcomes.MAX_UPLOAD_BYTES + 1), "The file must be smaller than 1 MB"),
        (_csv(HEADER, *["P-7K3M9Q,2026-09-14,employed,"] * (outcomes.MAX_UPLOAD_ROWS + 1)), "at most 5,000"),
    ],
)
def test_a_file_refused_whole_says_why(content, message):
    rows, errors = outcomes.parse_upload(content)
    assert rows == []
    assert len(errors) == 1 and message in errors[0].message


def test_a_byte_order_mark_and_a_spreadsheets_header_case_are_accepted():
    rows, errors = outcomes.parse_upload(b"\xef\xbb\xbf" + _csv(HEADER.upper(), "P-7K3M9Q,2026-09-14,unknown,"))
    assert errors == [] and len(rows) == 1
