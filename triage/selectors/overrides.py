"""Overrides as the team lead reviews them and the adviser answers them: reads, team-scoped."""

from collections.abc import Collection
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, F, QuerySet

from triage.access import works_with_people
from triage.lib.bands import band_rank
from triage.models import Assessment, Override, OverrideReason, OverrideReview, ReviewStatus, User
from triage.models.accounts import staff_name
from triage.paging import page_by_ids

OVERRIDE_ROW = ("assessment__person", "created_by")


def overrides_page(overrides: QuerySet[Override], number: int | str | None, size: int) -> Page[Override]:
    """A page of overrides for review, each with its person and adviser, read by key once chosen."""
    return page_by_ids(overrides, number, size, Override.objects.select_related(*OVERRIDE_ROW).in_bulk)


def overrides_for_review(*, user: User, statuses: Collection[str] | None = None) -> QuerySet[Override]:
    """Overrides of assessments in the user's team (an override keeps its assessment's team, and
    an assessment its person's), newest first; with `statuses`, only those review statuses."""
    if not works_with_people(user) or user.team_id is None:  # team_id: as works_with_people, for mypy
        return Override.objects.none()
    overrides = Override.objects.filter(team_id=user.team_id)
    if statuses is not None:
        overrides = overrides.filter(review_status__in=list(statuses))
    return overrides.select_related(*OVERRIDE_ROW).order_by("-created_at", "-pk")


def overrides_queried_for(*, user: User) -> QuerySet[Override]:
    """Overrides this adviser made that a team lead has queried and the adviser has not yet answered."""
    return overrides_for_review(user=user).filter(created_by=user, review_status=ReviewStatus.QUERIED)


def override_summary_by_adviser(*, user: User) -> list[dict[str, Any]]:
    """Per adviser: assessments, overrides, override rate, direction (up/down) and reason categories.

    The rate is the share of the adviser's own assessments they changed, so it stays within 0–100%
    when one assessment is changed twice. Three grouped queries, by the assessment's own team (its
    person's, copied when made): a team's overrides are counted in the database, not in Python.
    """
    if not works_with_people(user) or user.team_id is None:  # team_id: as works_with_people, for mypy
        return []
    assessments: dict[int, int] = dict(
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
    rows: dict[int, dict[str, Any]] = {}
    for created_by, from_band, to_band, reason, n in groups:
        row = rows.setdefault(
            created_by, {"adviser": names[created_by], "overrides": 0, "up": 0, "down": 0, "reasons": {}}
        )
        row["overrides"] += n
        row["up" if band_rank(to_band) > band_rank(from_band) else "down"] += n
        label = OverrideReason(reason).label
        row["reasons"][label] = row["reasons"].get(label, 0) + n
    for adviser_id, row in rows.items():
        row["assessments"] = assessments.get(adviser_id, 0)
        row["rate"] = changed.get(adviser_id, 0) / row["assessments"] if row["assessments"] else None
        row["reasons"] = sorted(row["reasons"].items(), key=lambda kv: -kv[1])
    return sorted(rows.values(), key=lambda r: r["adviser"])


def override_reviews(*, override: Override) -> list[OverrideReview]:
    """The conversation about a band change, oldest first, each with who wrote it."""
    return list(override.reviews.select_related("created_by"))


def assessment_overrides(*, assessment: Assessment) -> list[Override]:
    """Every band change made to an assessment, in the order they were made."""
    return list(assessment.overrides.all())


__all__ = [
    "assessment_overrides",
    "override_reviews",
    "override_summary_by_adviser",
    "overrides_for_review",
    "overrides_page",
    "overrides_queried_for",
]
