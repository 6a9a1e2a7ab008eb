from django.db import transaction

from triage.models import AuditAction, ScorecardActivation, User
from triage.scorecard_files import scorecard_by_label
from triage.scoring import check_declined_rule
from triage.services.audit import audit_record


@transaction.atomic
def scorecard_activate(
    *, label: str, acting_user: User | None, note: str = "", reason: str = ""
) -> ScorecardActivation:
    """Make a scorecard live for new assessments. Raises ScorecardError if the file is missing, does
    not match the checklist definition or gives points for a declined answer (the rule of every
    scorecard, scoring.check_declined_rule); given scores are never touched. `reason` is why, in
    the words of whoever made it live; with a user, an audit row records who and which card."""
    card = scorecard_by_label(label)
    check_declined_rule(card)
    activation = ScorecardActivation(label=card.label, activated_by=acting_user, note=note, reason=reason)
    activation.full_clean()
    activation.save()
    if acting_user is not None:
        audit_record(
            acting_user=acting_user,
            action=AuditAction.SCORECARD_ACTIVATED,
            detail=f"{card.label} (activation {activation.pk}){f'; {note}' if note else ''}",
        )
    return activation
