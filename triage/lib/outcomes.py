"""Outcomes: the follow-up schedule after a person leaves their job, and the LTU label.

Plain Python, no Django. Everything counts from the person's leaving date (the day their job
ended). Follow-ups are taken at 3, 6 and 12 months after it; each record says the person's status
on the day of the contact, and when they started work if they had.

The LTU label (the data dictionary's `ltu` column), defined here once:

- 1 if no work started within 365 days of the leaving date and the 12-month follow-up says the
  person is not in work (education or training, unemployed and looking, or not looking for work);
- 0 if work started within 365 days of the leaving date (a start before the leaving date counts:
  a job lined up before the old one ended);
- otherwise unknown (None), counted as neither.

A follow-up recorded later for the same point (3, 6 or 12 months) replaces the earlier one, so a
correction changes the label; work found between follow-ups (the person's "found work" record)
is a follow-up at no point, and each one counts. A follow-up saying the person is in work but
giving no start date shows work started by the day of the contact.
"""

import calendar
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from triage.lib.dates import parse_file_date, working_days_before
from triage.lib.file_errors import FileError

POINTS = (3, 6, 12)  # months after the leaving date
LABEL_DAYS = 365  # work started within this many days of the leaving date makes the label 0
DUE_DAYS_BEFORE = 14  # a follow-up is due from two weeks before its point
OVERDUE_WORKING_DAYS = 10  # and overdue once its point is more than ten working days past

EMPLOYED = "employed"
SELF_EMPLOYED = "self_employed"
EDUCATION = "education_training"
UNEMPLOYED = "unemployed_looking"
NOT_LOOKING = "not_looking"
UNKNOWN = "unknown"
STATUSES = {
    EMPLOYED: "Employed",
    SELF_EMPLOYED: "Self-employed",
    EDUCATION: "In education or training",
    UNEMPLOYED: "Unemployed and looking for work",
    NOT_LOOKING: "Not looking for work",
    UNKNOWN: "Not known",
}
IN_WORK = frozenset({EMPLOYED, SELF_EMPLOYED})
NOT_IN_WORK = frozenset({EDUCATION, UNEMPLOYED, NOT_LOOKING})


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Aug + 6 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def point_date(leaving_date: date, months: int) -> date:
    return add_months(leaving_date, months)


def due_from(leaving_date: date, months: int) -> date:
    """The first day a follow-up at this point may be taken, and is shown as due."""
    return point_date(leaving_date, months) - timedelta(days=DUE_DAYS_BEFORE)


def follow_up_point(leaving_date: date, contacted_on: date) -> int | None:
    """Which follow-up a contact on `contacted_on` is: the latest point whose window has opened by
    then (from two weeks before it), or None if it is too early for the 3-month one."""
    for months in reversed(POINTS):
        if contacted_on >= due_from(leaving_date, months):
            return months
    return None


def overdue_on_or_before(today: date) -> date:
    """The latest point date that is overdue today: more than OVERDUE_WORKING_DAYS working days ago."""
    return working_days_before(today, OVERDUE_WORKING_DAYS + 1)


def is_overdue(point_on: date, today: date) -> bool:
    return point_on <= overdue_on_or_before(today)


@dataclass(frozen=True)
class FollowUpFact:
    """One follow-up as the label reads it. `point` is 3, 6 or 12, or None for work found between
    follow-ups; `order` says which was recorded later (a larger one is later)."""

    point: int | None
    contacted_on: date
    status: str
    started_on: date | None
    order: int


@dataclass(frozen=True)
class Label:
    value: int | None  # 1 long-term unemployed, 0 not, None unknown
    as_of: date | None  # the contact date of the follow-up that settled it; None while unknown


UNKNOWN_LABEL = Label(None, None)


def current_follow_ups(follow_ups: Iterable[FollowUpFact]) -> list[FollowUpFact]:
    """The follow-ups that stand: the latest recorded at each point, and every one at no point."""
    latest: dict[int, FollowUpFact] = {}
    standing: list[FollowUpFact] = []
    for fact in sorted(follow_ups, key=lambda f: f.order):
        if fact.point is None:
            standing.append(fact)
        else:
            latest[fact.point] = fact
    return standing + list(latest.values())


def work_started(fact: FollowUpFact) -> date | None:
    """When the follow-up shows work started: its start date, or for one in work with no start
    date, the day of the contact (they had started by then)."""
    if fact.started_on is not None:
        return fact.started_on
    if fact.status in IN_WORK:
        return fact.contacted_on
    return None


def ltu_label(leaving_date: date | None, follow_ups: Iterable[FollowUpFact]) -> Label:
    """The LTU label of the module's docstring, from everything recorded about the person."""
    if leaving_date is None:
        return UNKNOWN_LABEL
    standing = current_follow_ups(follow_ups)
    last_day = leaving_date + timedelta(days=LABEL_DAYS)
    in_time = [fact for fact in standing if (start := work_started(fact)) is not None and start <= last_day]
    if in_time:
        # Settled by the first contact that showed work started in time.
        return Label(0, min(fact.contacted_on for fact in in_time))
    twelve = next((fact for fact in standing if fact.point == 12), None)
    if twelve is not None and twelve.status in NOT_IN_WORK:
        return Label(1, twelve.contacted_on)
    return UNKNOWN_LABEL


def next_follow_up(leaving_date: date | None, follow_ups: Iterable[FollowUpFact]) -> tuple[int, date] | None:
    """The earliest point not yet followed up, with its date; None when all three are done."""
    if leaving_date is None:
        return None
    done = {fact.point for fact in follow_ups}
    for months in POINTS:
        if months not in done:
            return months, point_date(leaving_date, months)
    return None


# --- The bulk upload's file: read and checked here, the people and their windows by the service.

UPLOAD_COLUMNS = ("person_reference", "follow_up_date", "status", "start_date")
COLUMN_LABELS = {
    "person_reference": "person reference",
    "follow_up_date": "follow-up date",
    "status": "status",
    "start_date": "start date",
}
MAX_UPLOAD_BYTES = 1_000_000
MAX_UPLOAD_ROWS = 5_000
UPLOAD_EXAMPLE = (
    ("P-7K3M9Q", "2026-09-14", EMPLOYED, "2026-08-03"),
    ("P-4HX2RT", "2026-09-14", UNEMPLOYED, ""),
)


UploadError = FileError  # column: a label of COLUMN_LABELS


@dataclass(frozen=True)
class UploadRow:
    row: int
    reference: str
    contacted_on: date
    status: str
    started_on: date | None


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(UPLOAD_COLUMNS)
    writer.writerows(UPLOAD_EXAMPLE)
    return out.getvalue()


_date = parse_file_date  # as 1975-03-27 or 27/03/1975


REFERENCE = re.compile(r"^(?:P-?)?([0-9A-Z]{6})$")


def normalise_reference(text: str) -> str | None:
    """P-7K3M9Q as people type it: any case, with or without the P-; None if it is not one."""
    match = REFERENCE.match(text.strip().upper())
    return f"P-{match.group(1)}" if match else None


def parse_upload(content: bytes) -> tuple[list[UploadRow], list[UploadError]]:
    """The rows of an uploaded file, or every error found in it (by row and column).

    The file is refused whole when it is too big, empty, not UTF-8, or its header is not
    UPLOAD_COLUMNS; otherwise each cell is checked and every error kept, and a row repeating an
    earlier row's person and date is an error too.
    """
    if len(content) > MAX_UPLOAD_BYTES:
        return [], [UploadError(None, None, f"The file must be smaller than {MAX_UPLOAD_BYTES // 1_000_000} MB")]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [UploadError(None, None, "The file must be a CSV saved as UTF-8")]
    if "\x00" in text:
        return [], [UploadError(None, None, "The file must be a CSV saved as UTF-8")]
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if not lines or not any(cell.strip() for cell in lines[0]):
        return [], [UploadError(None, None, "The file is empty")]
    header = tuple(cell.strip().lower() for cell in lines[0])
    if header != UPLOAD_COLUMNS:
        return [], [
            UploadError(1, None, f"The first row must be the column names {', '.join(UPLOAD_COLUMNS)}, in that order")
        ]
    body = [(number, cells) for number, cells in enumerate(lines[1:], start=2) if any(c.strip() for c in cells)]
    if not body:
        return [], [UploadError(None, None, "The file has no follow-ups under its column names")]
    if len(body) > MAX_UPLOAD_ROWS:
        return [], [UploadError(None, None, f"The file must hold at most {MAX_UPLOAD_ROWS:,} follow-ups")]
    rows: list[UploadRow] = []
    errors: list[UploadError] = []
    seen: dict[tuple[str, date], int] = {}
    for number, cells in body:
        if len(cells) != len(UPLOAD_COLUMNS):
            errors.append(UploadError(number, None, f"Row must have {len(UPLOAD_COLUMNS)} columns"))
            continue
        reference_text, contacted_text, status_text, started_text = (cell.strip() for cell in cells)
        row_errors: list[UploadError] = []
        reference = normalise_reference(reference_text)
        if not reference_text:
            row_errors.append(UploadError(number, "person reference", "Enter the person's reference"))
        elif reference is None:
            row_errors.append(UploadError(number, "person reference", "Enter a reference like P-7K3M9Q"))
        contacted_on = _date(contacted_text)
        if not contacted_text:
            row_errors.append(UploadError(number, "follow-up date", "Enter the date of the follow-up"))
        elif contacted_on is None:
            row_errors.append(UploadError(number, "follow-up date", "Enter a real date, like 2026-09-14"))
        status = status_text.lower()
        if status not in STATUSES:
            row_errors.append(UploadError(number, "status", f"Enter one of {', '.join(STATUSES)}"))
        started_on = _date(started_text) if started_text else None
        if started_text and started_on is None:
            row_errors.append(
                UploadError(number, "start date", "Enter a real date, like 2026-08-03, or leave it empty")
            )
        if contacted_on and started_on and started_on > contacted_on:
            row_errors.append(UploadError(number, "start date", "Start date must be on or before the follow-up date"))
        if not row_errors and reference is not None and contacted_on is not None:
            key = (reference, contacted_on)
            if key in seen:
                row_errors.append(
                    UploadError(number, None, f"Row repeats the person and follow-up date of row {seen[key]}")
                )
            else:
                seen[key] = number
        if row_errors:
            errors.extend(row_errors)
        elif reference is not None and contacted_on is not None:
            rows.append(UploadRow(number, reference, contacted_on, status, started_on))
    return rows, errors


def rows_by_reference(rows: Sequence[UploadRow]) -> dict[str, list[UploadRow]]:
    grouped: dict[str, list[UploadRow]] = {}
    for row in rows:
        grouped.setdefault(row.reference, []).append(row)
    return grouped
