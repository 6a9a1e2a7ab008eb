from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils import timezone

from triage.filters import QUEUES, CaseloadFilter, queue_condition
from triage.models import CaseloadRules, Person, ReviewStatus, User
from triage.models.accounts import staff_name
from triage.models.people import SUMMARY_FIELDS, situation_label
from triage.paging import page_by_ids
from triage.selectors.outcomes import follow_ups_due, follow_ups_overdue_count
from triage.selectors.overrides import overrides_for_review
from triage.selectors.scoping import people_visible_to

# Beyond this many redundancy situations a list is too long to choose from on a tablet.
SITUATION_CHOICES_LIMIT = 150


# What a caseload row shows: the person's summary columns and three names.
CASELOAD_COLUMNS = (
    "id",
    "ref",
    "given_name",
    "family_name",
    *(field for field in SUMMARY_FIELDS if field != "latest_assessment_id"),
    "adviser__first_name",
    "adviser__last_name",
    "adviser__username",
    "situation__employer",
    "council_area__name",
)


def caseload_rows(people: QuerySet[Person], *, chunk_size: int | None = None) -> Iterator[dict[str, Any]]:
    """Each person as the caseload shows them: their summary columns, and the adviser's name, the
    employer and the council area under the keys `adviser`, `employer` and `area`.

    Plain dicts, not model instances: a template looks a key up in a dict first, and a page then
    reads and renders in about half the time.
    With `chunk_size`, rows stream from the database in chunks (the CSV download).
    """
    rows = people.values(*CASELOAD_COLUMNS)
    for row in rows.iterator(chunk_size=chunk_size) if chunk_size else rows:
        first, last, username = (
            row.pop("adviser__first_name"),
            row.pop("adviser__last_name"),
            row.pop("adviser__username"),
        )
        row["adviser"] = staff_name(first, last, username) if username else ""  # no adviser: blank
        row["employer"] = row.pop("situation__employer")
        row["area"] = row.pop("council_area__name")
        yield row


def caseload_filter(*, user: User, data: Mapping[str, Any] | None, today: date, scope: str) -> CaseloadFilter:
    """The user's team's people (or only their own, scope 'mine'), filtered and sorted by `data`."""
    people = people_visible_to(user)
    if scope == "mine":
        people = people.filter(adviser=user)
    return CaseloadFilter(data, queryset=people, team=user.team, today=today)


def caseload_filter_options(filterset: CaseloadFilter) -> dict[str, list[tuple[int | str, str]] | None]:
    """The select filters' options for the page's form, one query each (a model choice field
    counts its options before listing them). The redundancy filter lists the team's situations,
    newest first, while there are few enough to choose from; past that, the employer box finds them
    and the list is None."""
    fields = filterset.form.fields
    advisers = fields["adviser"].queryset.values_list("pk", "first_name", "last_name", "username")
    areas = fields["council_area"].queryset.values_list("pk", "name")
    situations = list(
        fields["situation"].queryset.values_list("pk", "employer", "notified_date")[: SITUATION_CHOICES_LIMIT + 1]
    )
    return {
        "adviser": [("", fields["adviser"].empty_label)]
        + [(pk, staff_name(first, last, username)) for pk, first, last, username in advisers],
        "council_area": [("", fields["council_area"].empty_label), *areas],
        "situation": [("", fields["situation"].empty_label)]
        + [(pk, situation_label(employer, notified)) for pk, employer, notified in situations]
        if len(situations) <= SITUATION_CHOICES_LIMIT
        else None,
    }


def caseload_page(people: QuerySet[Person], number: int | str | None, size: int) -> Page[dict[str, Any]]:
    """A page of the caseload: the ids off the sort's index, then those people with their names.

    A deep page then costs about what the first does. The rows are read by primary key alone: with the filters repeated, SQLite walks the filter's index.
    """
    return page_by_ids(
        people, number, size, lambda ids: {row["id"]: row for row in caseload_rows(Person.objects.filter(pk__in=ids))}
    )


def queue_counts(*, user: User, today: date) -> list[dict[str, Any]]:
    """How many of the team's people each queue holds, plus overrides awaiting review.

    One count a queue, each off its own index range: a single pass with a filtered count for each
    would read every row of the team.
    """
    rules = CaseloadRules.current()
    people = people_visible_to(user)
    counts = {key: people.filter(queue_condition(key, today=today, rules=rules)).count() for key in QUEUES}
    # As the override list's "Awaiting review": new overrides, and queries the adviser has answered.
    pending = (
        overrides_for_review(user=user).filter(review_status__in=[ReviewStatus.PENDING, ReviewStatus.ANSWERED]).count()
    )
    rows = [{"key": key, "label": label, "count": counts[key]} for key, label in QUEUES.items()]
    rows.insert(1, {"key": "overrides", "label": "Overrides awaiting review", "count": pending})
    rows.append({"key": "not_assessed", "label": NOT_ASSESSED, "count": not_assessed_people(user=user).count()})
    due = follow_ups_due(user=user, today=today)
    overdue = follow_ups_overdue_count(due, today=today)
    rows.append({"key": "follow_ups", "label": "Follow-ups due", "count": due.count(), "overdue": overdue})
    return rows


NOT_ASSESSED = "Registered, never assessed"


def not_assessed_people(*, user: User) -> QuerySet[Person]:
    """The team's people registered but never assessed, who has waited longest first.

    Read off person_not_assessed_idx, (team, created_at, id) where assessed_at is null, so neither
    the count nor a page reads the team's assessed people.
    """
    return people_visible_to(user).filter(assessed_at__isnull=True).order_by("created_at", "pk")


def not_assessed_page(
    people: QuerySet[Person], number: int | str | None, size: int, *, today: date
) -> Page[dict[str, Any]]:
    """A page of the never-assessed queue: reference, name, registered date, days waiting, named
    adviser and redundancy, read by primary key once the page's ids are known."""

    def load(ids: list[int]) -> dict[int, dict[str, Any]]:
        rows = Person.objects.filter(pk__in=ids).values(
            "id",
            "ref",
            "given_name",
            "family_name",
            "created_at",
            "adviser__first_name",
            "adviser__last_name",
            "adviser__username",
            "situation__employer",
            "situation__notified_date",
        )
        loaded = {}
        for row in rows:
            registered = timezone.localtime(row["created_at"]).date()
            username = row["adviser__username"]
            loaded[row["id"]] = {
                "ref": row["ref"],
                "name": f"{row['given_name']} {row['family_name']}",
                "registered": registered,
                "days_waiting": (today - registered).days,
                "adviser": staff_name(row["adviser__first_name"], row["adviser__last_name"], username)
                if username
                else "",
                "situation": situation_label(row["situation__employer"], row["situation__notified_date"]),
            }
        return loaded

    return page_by_ids(people, number, size, load)


__all__ = [
    "caseload_filter",
    "caseload_filter_options",
    "caseload_page",
    "caseload_rows",
    "not_assessed_page",
    "not_assessed_people",
    "queue_counts",
]
