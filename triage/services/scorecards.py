from django.db import transaction

from triage.models import ScorecardActivation, User
from triage.scorecard_files import scorecard_by_label
from triage.scoring import check_declined_rule


@transaction.atomic
def scorecard_activate(*, label: str, acting_user: User, note: str = "") -> ScorecardActivation:
    """Make a scorecard live for new assessments. Raises ScorecardError if the file is missing, does
    not match the checklist definition or gives points for a declined answer (the rule of every
    scorecard, scoring.check_declined_rule); given scores are never touched."""
    card = scorecard_by_label(label)
    check_declined_rule(card)
    activation = ScorecardActivation(label=card.label, activated_by=acting_user, note=note)
    activation.full_clean()
    activation.save()
    return activation
