"""System checks: settings that would break a rule of the service, or fail only when a page is
opened, stop `manage.py check` and start-up."""

from django.conf import settings
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from triage.scorecard_files import scorecard_by_label
from triage.scoring import ScorecardError, check_declined_rule


@checks.register(checks.Tags.compatibility)
def live_scorecard_setting(app_configs, **kwargs) -> list[checks.Error]:
    """settings.LIVE_SCORECARD, live until someone activates a card, must load and score declining 0."""
    try:
        check_declined_rule(scorecard_by_label(settings.LIVE_SCORECARD))
    except ScorecardError as error:
        return [checks.Error(f"LIVE_SCORECARD: {error}", id="triage.E001")]
    return []


@checks.register()
def privacy_notice_has_words(app_configs, **kwargs) -> list[checks.Error]:
    """The privacy notice version recorded at consent must be a notice a person can read."""
    from triage.views.pages import privacy_notice_template

    name = privacy_notice_template(settings.PRIVACY_NOTICE_VERSION)
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return [
            checks.Error(
                f"PRIVACY_NOTICE_VERSION is {settings.PRIVACY_NOTICE_VERSION!r} but there is no template {name}",
                hint="Write the notice's words in that template before recording consent to it.",
                id="triage.E002",
            )
        ]
    return []
