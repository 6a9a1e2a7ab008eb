"""Reads about outcomes: the follow-ups due, for an adviser or their team, and a person's follow-ups."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet

from triage.access import Role, has_role
from triage.lib import outcomes
from triage.models import FollowUp, Person, User
from triage.models.accounts import staff_name
from triage.paging import page_by_ids
from triage.selectors.scoping import people_visible_to


def follow_ups_due(*, user: User, today: date) -> QuerySet[Person]:
    """People whose next follow-up is due (from two weeks before its point) or overdue, the longest
    waiting first: an adviser's own people, or a team lead's whole team. Read off
    person_follow_up_due_idx (team lead) or person_adviser_follow_up_idx (adviser)."""
    people = people_visible_to(user)
    if not has_role(user, Role.TEAM_LEAD):
        people = people.filter(adviser=user)
    due_by = today + timedelta(days=outcomes.DUE_DAYS_BEFORE)
    return people.filter(follow_up_on__lte=due_by).order_by("follow_up_on", "pk")


def follow_ups_overdue_count(people: QuerySet[Person], *, today: date) -> int:
    return people.filter(follow_up_on__lte=outcomes.overdue_on_or_before(today)).count()


def follow_ups_page(people: QuerySet[Person], number: int | str | None, size: int, *, today: date) -> Page[Any]:
    """A page of the follow-up queue: who, which follow-up, its date, and whether it is overdue."""
    overdue_by = outcomes.overdue_on_or_before(today)

    def load(ids: list[int]) -> dict[int, dict[str, Any]]:
        rows = Person.objects.filter(pk__in=ids).values(
            "id",
            "ref",
            "given_name",
            "family_name",
            "phone",
            "follow_up_months",
            "follow_up_on",
            "adviser__first_name",
            "adviser__last_name",
            "adviser__username",
        )
        return {
            row["id"]: {
                "ref": row["ref"],
                "name": f"{row['given_name']} {row['family_name']}",
                "phone": row["phone"],
                "months": row["follow_up_months"],
                "due_on": row["follow_up_on"],
                "overdue": row["follow_up_on"] is not None and row["follow_up_on"] <= overdue_by,
                "adviser": staff_name(row["adviser__first_name"], row["adviser__last_name"], row["adviser__username"])
                if row["adviser__username"]
                else "",
            }
            for row in rows
        }

    return page_by_ids(people, number, size, load)


@dataclass(frozen=True)
class PersonOutcome:
    follow_ups: list[FollowUp]  # newest first, work found between follow-ups included
    next_months: int | None
    next_on: date | None
    due_from: date | None  # when the next follow-up opens
    overdue: bool


def person_outcome(*, person: Person, today: date) -> PersonOutcome:
    """What the person's page shows of their outcomes."""
    follow_ups = list(FollowUp.objects.filter(person=person).select_related("created_by"))
    opens = (
        outcomes.due_from(person.leaving_date, person.follow_up_months)
        if person.leaving_date and person.follow_up_months
        else None
    )
    return PersonOutcome(
        follow_ups=follow_ups,
        next_months=person.follow_up_months,
        next_on=person.follow_up_on,
        due_from=opens,
        overdue=person.follow_up_on is not None and outcomes.is_overdue(person.follow_up_on, today),
    )
