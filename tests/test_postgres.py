"""Behaviour that rests on the production database's own guarantees (PostgreSQL)."""

import pytest
from django.db import IntegrityError, connection, transaction

from triage.models import Assessment, Override

pytestmark = pytest.mark.postgres


def test_running_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_database_refuses_an_override_to_the_same_band(assessment_a, adviser_a):
    """Meta.constraints back the form: the database itself refuses a no-op override."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Override.objects.create(
            assessment=assessment_a,
            from_band=assessment_a.effective_band,
            to_band=assessment_a.effective_band,
            reason_category="other",
            reason_text="Same band on purpose, to test the constraint.",
            created_by=adviser_a,
        )
    assert not Override.objects.exists()


def test_database_refuses_a_second_assessment_with_the_same_submission_token(assessment_a, adviser_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            **{
                f.name: getattr(assessment_a, f.name)
                for f in Assessment._meta.concrete_fields
                if f.name not in {"id", "created_at"}
            }
        )
    assert Assessment.objects.count() == 1


def test_override_add_locks_the_assessment_row(assessment_a, adviser_a):
    """override_add takes a row lock (SELECT … FOR UPDATE), so concurrent overrides queue."""
    from django.test.utils import CaptureQueriesContext

    from triage import services

    with CaptureQueriesContext(connection) as queries:
        services.override_add(
            assessment=assessment_a,
            to_band="high",
            reason_category="other",
            reason_text="Knows of a health condition not captured by the checklist.",
            acting_user=adviser_a,
        )
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)
