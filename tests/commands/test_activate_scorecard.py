"""Going live: who made which scorecard live and when; new assessments use it, old ones keep theirs."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import assess
from triage.models import ScorecardActivation
from triage.scorecard_files import live_label

RULES = Path(__file__).resolve().parents[2] / "models" / "rules-1.0"


@pytest.fixture
def scorecard_dir(tmp_path, settings):
    """A models/ folder with the rules card and a copy of it, rules-1.1, whose age points differ."""
    shutil.copytree(RULES, tmp_path / "rules-1.0")
    shutil.copytree(RULES, tmp_path / "rules-1.1")
    toml = tmp_path / "rules-1.1" / "scorecard.toml"
    text = toml.read_text().replace('version = "1.0"', 'version = "1.1"')
    toml.write_text(text.replace("55_plus = 10", "55_plus = 20"))
    settings.SCORECARD_DIR = tmp_path
    settings.LIVE_SCORECARD = "rules-1.0"
    return tmp_path


def test_activation_records_who_and_when_and_new_assessments_use_it(scorecard_dir, admin_user, adviser_a, person_a):
    before = assess(adviser_a, person_a)
    call_command("activate_scorecard", "rules-1.1", "--user", "admin", "--note", "age points revised")

    activation = ScorecardActivation.objects.get()
    assert (activation.label, activation.activated_by, activation.note) == (
        "rules-1.1",
        admin_user,
        "age points revised",
    )
    assert live_label() == "rules-1.1"
    after = assess(adviser_a, person_a)
    assert after.scorecard_version == "1.1"
    before.refresh_from_db()
    assert before.scorecard_version == "1.0"


def test_activating_a_scorecard_that_does_not_exist_is_refused(scorecard_dir, db):
    with pytest.raises(CommandError, match=r"There is no scorecard rules-9\.9"):
        call_command("activate_scorecard", "rules-9.9")
    assert not ScorecardActivation.objects.exists()


def test_activating_a_path_outside_models_is_refused(scorecard_dir, db):
    with pytest.raises(CommandError, match="is not a scorecard name"):
        call_command("activate_scorecard", "../rules-1.0")
    assert not ScorecardActivation.objects.exists()


def test_activating_a_scorecard_that_does_not_match_the_checklist_is_refused(scorecard_dir, db):
    toml = scorecard_dir / "rules-1.1" / "scorecard.toml"
    toml.write_text(toml.read_text().replace("none = 13", "phd = 13"))
    with pytest.raises(CommandError, match="phd"):
        call_command("activate_scorecard", "rules-1.1")
    assert live_label() == "rules-1.0"


def test_admin_can_make_a_scorecard_live(scorecard_dir, client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:triage_scorecardactivation_add"), {"label": "rules-1.1", "note": "trial"})
    assert response.status_code == 302
    assert ScorecardActivation.objects.get().activated_by == admin_user
    assert live_label() == "rules-1.1"


def test_admin_action_makes_an_earlier_scorecard_live_again(scorecard_dir, client, admin_user):
    call_command("activate_scorecard", "rules-1.0")
    call_command("activate_scorecard", "rules-1.1")
    first = ScorecardActivation.objects.get(label="rules-1.0")
    client.force_login(admin_user)
    client.post(
        reverse("admin:triage_scorecardactivation_changelist"),
        {"action": "make_live_again", "_selected_action": [first.pk]},
    )
    assert live_label() == "rules-1.0"
    assert ScorecardActivation.objects.count() == 3


def test_model_card_page_renders_the_scorecard_note(adviser_a_client):
    response = adviser_a_client.get(reverse("model-card", args=["rules-1.0"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "live for new assessments" in html
    assert '<table class="govuk-table">' in html


def test_model_card_of_unknown_scorecard_is_404(adviser_a_client):
    assert adviser_a_client.get(reverse("model-card", args=["nope-1.0"])).status_code == 404
    assert adviser_a_client.get("/scorecards/..%2F..%2Fetc/").status_code == 404


def test_model_card_shows_its_calibration_plot(adviser_a_client):
    html = adviser_a_client.get(reverse("model-card", args=["logistic-1.0"])).content.decode()
    assert 'src="calibration.png"' in html
    figure = adviser_a_client.get(reverse("model-card-figure", args=["logistic-1.0"]))
    assert figure.status_code == 200
    assert figure["Content-Type"] == "image/png"
    assert adviser_a_client.get(reverse("model-card-figure", args=["rules-1.0"])).status_code == 404


LOGISTIC_1_0 = Path(__file__).resolve().parents[2] / "models" / "logistic-1.0"
RULE = "breaks the rule that a declined answer scores 0 points"


@pytest.fixture
def pricing_declined(scorecard_dir):
    """logistic-1.0, fitted before the rule: it gives points for 'prefer not to say'."""
    shutil.copytree(LOGISTIC_1_0, scorecard_dir / "logistic-1.0")
    return "logistic-1.0"


def test_a_scorecard_that_scores_declined_answers_is_refused_from_the_command_line(pricing_declined, db):
    with pytest.raises(CommandError, match=f"Scorecard not activated: logistic-1.0 {RULE}"):
        call_command("activate_scorecard", pricing_declined, "--note", "try")
    assert not ScorecardActivation.objects.exists()
    assert live_label() == "rules-1.0"


def test_the_admin_refuses_to_make_live_a_scorecard_that_scores_declined_answers(pricing_declined, client, admin_user):
    client.force_login(admin_user)
    form = client.get(reverse("admin:triage_scorecardactivation_add")).content.decode()
    assert "logistic-1.0 (gives points for declined answers: cannot be made live)" in form
    assert ">rules-1.1</option>" in form
    response = client.post(
        reverse("admin:triage_scorecardactivation_add"), {"label": pricing_declined, "note": "trial"}
    )
    assert response.status_code == 200
    assert RULE in response.content.decode()
    assert not ScorecardActivation.objects.exists()
    assert live_label() == "rules-1.0"


def test_the_admin_action_refuses_to_make_an_old_card_that_scores_declined_answers_live_again(
    pricing_declined, client, admin_user
):
    old = ScorecardActivation.objects.create(label=pricing_declined, note="live before the rule")
    call_command("activate_scorecard", "rules-1.1")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:triage_scorecardactivation_changelist"),
        {"action": "make_live_again", "_selected_action": [old.pk]},
        follow=True,
    )
    assert f"Scorecard not activated: logistic-1.0 {RULE}" in response.content.decode()
    assert live_label() == "rules-1.1"
    assert ScorecardActivation.objects.count() == 2
