from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from triage.models import AuditAction, Intervention, InterventionType, InterventionUpdate, Partner, Person, User
from triage.selectors.people import intervention_version
from triage.services.audit import audit_record
from triage.services.caseload import caseload_summary_refresh
from triage.services.repeats import is_repeat


@transaction.atomic
def intervention_add(
    *,
    person: Person,
    intervention_type: InterventionType,
    partner: Partner | None,
    status: str,
    agreed_on: date,
    status_date: date,
    notes: str,
    acting_user: User,
    other_organisation: str = "",
) -> Intervention:
    """Record support agreed with the person, with its first status on the timeline.

    It is delivered by `partner`, or, with `partner=None`, by the organisation `other_organisation` names.
    """
    intervention = Intervention(
        person=person,
        team_id=person.team_id,
        intervention_type=intervention_type,
        partner=partner,
        other_organisation=other_organisation,
        status=status,
        agreed_on=agreed_on,
        status_date=status_date,
        notes=notes,
        created_by=acting_user,
    )
    intervention.full_clean()
    intervention.save()
    # The notes typed now are what was said at this first status: the timeline shows them with it.
    InterventionUpdate.objects.create(
        intervention=intervention, status=status, status_date=status_date, note=notes, created_by=acting_user
    )
    caseload_summary_refresh(person=person)
    audit_record(
        acting_user=acting_user,
        action=AuditAction.INTERVENTION_ADDED,
        person=person,
        detail=f"intervention {intervention.pk}",
    )
    return intervention


@transaction.atomic
def intervention_update_status(
    *,
    intervention: Intervention,
    status: str,
    status_date: date,
    note: str,
    acting_user: User,
    seen_version: str | None = None,
) -> Intervention:
    """Move an intervention to a new status; the change is kept on the person's timeline.

    With `seen_version` (the `intervention_version` the form was opened on), a change someone else
    saved since is never overwritten: the save is refused, naming the status it has now.
    """
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    latest = intervention.updates.last()
    if is_repeat(latest, status=status, status_date=status_date, note=note, created_by_id=acting_user.pk):
        return intervention
    if seen_version and seen_version != intervention_version(intervention):
        raise ValidationError(
            f"Someone else changed this support since you opened this page: it is now "
            f"{intervention.get_status_display().lower()} since {intervention.status_date:%-d %B %Y}. "
            "Check it, then save again if it still needs to change",
            code="changed_since",
        )
    intervention.status = status
    intervention.status_date = status_date
    intervention.full_clean()
    intervention.save(update_fields=["status", "status_date", "updated_at"])
    InterventionUpdate.objects.create(
        intervention=intervention, status=status, status_date=status_date, note=note, created_by=acting_user
    )
    caseload_summary_refresh(person=intervention.person)
    audit_record(
        acting_user=acting_user,
        action=AuditAction.INTERVENTION_UPDATED,
        person=intervention.person,
        detail=f"intervention {intervention.pk} → {status}",
    )
    return intervention
