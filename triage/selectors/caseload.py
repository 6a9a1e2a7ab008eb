from collections.abc import Iterator

from django.core.paginator import Page
from django.db.models import Count, F, QuerySet

from triage.access import works_with_people
from triage.filters import QUEUES, CaseloadFilter, queue_condition
from triage.models import CaseloadRules, Override, Person, ReviewStatus, User
from triage.models.accounts import staff_name
from triage.models.people import SUMMARY_FIELDS, situation_label
from triage.paging import page_by_ids
from triage.selectors.people import people_visible_to

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


OVERRIDE_ROW = ("assessment__person", "created_by")


def caseload_rows(people: QuerySet[Person], *, chunk_size: int | None = None) -> Iterator[dict]:
    """Each person as the caseload shows them: their summary columns, and the adviser's name, the
    employer and the council area under the keys `adviser`, `employer` and `area`.

    Plain dicts, not model instances: a template looks a key up in a dict first, and a page of 25
    then reads and renders in about half the time (2 ms less at a million people on SQLite).
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


def caseload_filter(*, user, data, today, scope: str) -> CaseloadFilter:
    """The user's team's people (or only their own, scope 'mine'), filtered and sorted by `data`."""
    people = people_visible_to(user)
    if scope == "mine":
        people = people.filter(adviser=user)
    return CaseloadFilter(data, queryset=people, team=user.team, today=today)


def caseload_filter_options(filterset: CaseloadFilter) -> dict[str, list | None]:
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


def caseload_page(people: QuerySet, number, size: int) -> Page:
    """A page of the caseload: the ids off the sort's index, then those people with their names.

    Page 2000 of a team's 116,000 high-band people: 10 ms, not 170 ms, at a million people on SQLite.
    The rows are read by primary key alone: with the filters repeated, SQLite walks the filter's index.
    """
    return page_by_ids(
        people, number, size, lambda ids: {row["id"]: row for row in caseload_rows(Person.objects.filter(pk__in=ids))}
    )


def overrides_page(overrides: QuerySet[Override], number, size: int) -> Page:
    """A page of overrides for review, each with its person and adviser, read by key once chosen."""
    return page_by_ids(overrides, number, size, Override.objects.select_related(*OVERRIDE_ROW).in_bulk)


def queue_counts(*, user, today) -> list[dict]:
    """How many of the team's people each queue holds, plus overrides awaiting review.

    One count a queue, each off its own index range: a single pass with a filtered count for each
    read every row of the team (660 ms for a team of 430,000 on SQLite); four counts take 40 ms.
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
    return rows


def overrides_for_review(*, user) -> QuerySet[Override]:
    """Overrides of assessments in the user's team (an override keeps its assessment's team, and
    an assessment its person's)."""
    if not works_with_people(user):
        return Override.objects.none()
    return Override.objects.filter(team_id=user.team_id).select_related(*OVERRIDE_ROW).order_by("-created_at", "-pk")


def overrides_queried_for(*, user) -> QuerySet[Override]:
    """Overrides this adviser made that a team lead has queried and the adviser has not yet answered."""
    return overrides_for_review(user=user).filter(created_by=user, review_status=ReviewStatus.QUERIED)


def override_summary_by_adviser(*, user) -> list[dict]:
    """Per adviser: assessments, overrides, override rate, direction (up/down) and reason categories.

    The rate is the share of the adviser's own assessments they changed, so it stays within 0–100%
    when one assessment is changed twice. Three grouped queries, by the assessment's own team (its
    person's, copied when made): a team's 40,000 overrides are counted in the database, not in Python.
    """
    from triage.models import Assessment, OverrideReason

    if not works_with_people(user):
        return []
    assessments = dict(
        # COUNT(*), not COUNT(id): PostgreSQL can then answer from the (team, created_by) index alone.
        Assessment.objects.filter(team_id=user.team_id).values_list("created_by").annotate(n=Count("*")).order_by()
    )
    overrides = Override.objects.filter(team_id=user.team_id)
    changed = dict(  # adviser → their own assessments they changed, each counted once
        overrides.filter(assessment__created_by=F("created_by"))
        .values_list("created_by")
        .annotate(n=Count("assessment", distinct=True))
        .order_by()
    )
    groups = list(
        overrides.values_list("created_by", "from_band", "to_band", "reason_category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = {
        pk: staff_name(first, last, username)
        for pk, first, last, username in User.objects.filter(pk__in={g[0] for g in groups}).values_list(
            "pk", "first_name", "last_name", "username"
        )
    }
    rank = {"low": 1, "medium": 2, "high": 3}
    rows = {}
    for created_by, from_band, to_band, reason, n in groups:
        row = rows.setdefault(
            created_by, {"adviser": names[created_by], "overrides": 0, "up": 0, "down": 0, "reasons": {}}
        )
        row["overrides"] += n
        row["up" if rank.get(to_band, 0) > rank.get(from_band, 0) else "down"] += n
        label = OverrideReason(reason).label
        row["reasons"][label] = row["reasons"].get(label, 0) + n
    for adviser_id, row in rows.items():
        row["assessments"] = assessments.get(adviser_id, 0)
        row["rate"] = changed.get(adviser_id, 0) / row["assessments"] if row["assessments"] else None
        row["reasons"] = sorted(row["reasons"].items(), key=lambda kv: -kv[1])
    return sorted(rows.values(), key=lambda r: r["adviser"])


__all__ = [
    "caseload_filter",
    "caseload_filter_options",
    "caseload_page",
    "caseload_rows",
    "override_summary_by_adviser",
    "overrides_for_review",
    "overrides_queried_for",
    "queue_counts",
]
