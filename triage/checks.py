"""System checks: settings that would break a rule of the service stop `manage.py check` and start-up."""

from django.conf import settings
from django.core import checks

from triage.scorecard_files import scorecard_by_label
from triage.scoring import ScorecardError, check_declined_rule


@checks.register(checks.Tags.compatibility)
def live_scorecard_setting(app_configs, **kwargs):
    """settings.LIVE_SCORECARD, live until someone activates a card, must load and score declining 0."""
    try:
        check_declined_rule(scorecard_by_label(settings.LIVE_SCORECARD))
    except ScorecardError as error:
        return [checks.Error(f"LIVE_SCORECARD: {error}", id="triage.E001")]
    return []
