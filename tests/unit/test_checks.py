"""System checks on settings: a live scorecard that breaks the declined-answer rule stops start-up."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from triage.checks import live_scorecard_setting


def test_the_default_live_scorecard_passes(settings):
    settings.LIVE_SCORECARD = "rules-1.0"
    assert live_scorecard_setting(None) == []


def test_a_live_scorecard_setting_that_scores_declined_answers_stops_the_checks(settings):
    settings.LIVE_SCORECARD = "logistic-1.0"
    [error] = live_scorecard_setting(None)
    assert error.id == "triage.E001"
    assert "logistic-1.0 breaks the rule that a declined answer scores 0 points" in error.msg
    with pytest.raises(SystemCheckError, match=r"triage\.E001"):
        call_command("check")


def test_a_live_scorecard_setting_naming_no_card_stops_the_checks(settings):
    settings.LIVE_SCORECARD = "logistic-9.9"
    [error] = live_scorecard_setting(None)
    assert "There is no scorecard logistic-9.9" in error.msg
