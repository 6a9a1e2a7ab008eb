"""services.intervention_update_status: move support to a new status, kept on the timeline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from triage import services
from triage.models import AuditEvent, Intervention, InterventionUpdate


def update(intervention, user, status, status_date, note=""):
    return services.intervention_update_status(
        intervention=intervention, status=status, status_date=status_date, note=note, acting_user=user
    )


def test_status_and_date_are_saved(adviser_a, intervention_a, today):
    update(intervention_a, adviser_a, "started", today)

    saved = Intervention.objects.get(pk=intervention_a.pk)
    assert (saved.status, saved.status_date) == ("started", today)
    assert saved.agreed_on == intervention_a.agreed_on


def test_each_change_appends_an_update_for_the_timeline(adviser_a, team_lead_a, intervention_a, today):
    """Issue #3: "the status can be updated later"; the person's page shows how support progressed."""
    update(intervention_a, adviser_a, "started", today - timedelta(days=1), note="First session booked")
    update(intervention_a, team_lead_a, "completed", today)

    updates = list(InterventionUpdate.objects.filter(intervention=intervention_a).order_by("pk"))
    assert [(u.status, u.created_by) for u in updates] == [
        ("referred", intervention_a.created_by),
        ("started", adviser_a),
        ("completed", team_lead_a),
    ]
    assert updates[1].note == "First session booked"


def test_update_writes_its_audit_row(adviser_a, intervention_a, today):
    update(intervention_a, adviser_a, "started", today)
    event = AuditEvent.objects.get(action="intervention_updated")
    assert (event.user, event.person_ref) == (adviser_a, intervention_a.person.ref)
    assert str(intervention_a.pk) in event.detail


def test_status_dated_before_it_was_agreed_is_refused_and_nothing_changes(adviser_a, intervention_a):
    with pytest.raises(ValidationError):
        update(intervention_a, adviser_a, "started", intervention_a.agreed_on - timedelta(days=1))

    saved = Intervention.objects.get(pk=intervention_a.pk)
    assert (saved.status, saved.status_date) == (intervention_a.status, intervention_a.status_date)
    assert InterventionUpdate.objects.filter(intervention=intervention_a).count() == 1
    assert not AuditEvent.objects.filter(action="intervention_updated").exists()


def test_status_outside_the_choices_is_refused(adviser_a, intervention_a, today):
    with pytest.raises(ValidationError):
        update(intervention_a, adviser_a, "cancelled", today)
    assert Intervention.objects.get(pk=intervention_a.pk).status == "referred"
    assert InterventionUpdate.objects.filter(intervention=intervention_a).count() == 1


def test_database_refuses_a_status_date_before_the_agreed_date(intervention_a):
    """STYLE: invariants live in Meta.constraints too, so the database refuses what a form missed."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.filter(pk=intervention_a.pk).update(
            status_date=intervention_a.agreed_on - timedelta(days=1)
        )
    assert Intervention.objects.get(pk=intervention_a.pk).status_date == intervention_a.status_date
