"""The run command's demo data: every role can sign in and every page has something on it."""

from django.core.management import call_command

from triage.devtools.demo import EVALUATION_PEOPLE, EVALUATION_TEAM, USERS
from triage.models import Assessment, FollowUp, Intervention, Override, Person, Team, User, WorkStart
from triage.scorecard_files import live_label


def test_demo_data_loads_every_role_and_record_kind_once(db, settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")
    out = capsys.readouterr().out
    counts = (Person.objects.count(), Assessment.objects.count(), Intervention.objects.count())

    assert {"adviser", "teamlead", "evaluator", "admin"} <= set(User.objects.values_list("username", flat=True))
    assert "password: pace-" in out
    assert counts[0] >= 40 and counts[1] > 20 and counts[2] > 10
    assert Override.objects.exists()
    assert Person.objects.filter(band="high").exists()
    assert live_label() == "logistic-1.1"
    assert set(Assessment.objects.values_list("scorecard_name", flat=True)) == {"logistic"}

    call_command("load_demo_data")
    assert (Person.objects.count(), Assessment.objects.count(), Intervention.objects.count()) == counts


def test_demo_password_is_generated_not_committed(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")
    password = (tmp_path / "demo-logins.txt").read_text().strip()
    assert User.objects.get(username="adviser").check_password(password)
    assert len(password) > 12


def test_each_demo_team_has_an_event_today_for_event_mode(db, settings, tmp_path):
    from django.utils import timezone

    from triage.models import Event

    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")
    today = timezone.localdate()
    teams_with_an_event_today = set(Event.objects.filter(held_on=today).values_list("situation__team", flat=True))
    demo_teams = Team.objects.exclude(name=EVALUATION_TEAM)
    assert teams_with_an_event_today == set(demo_teams.values_list("pk", flat=True))


def test_the_demo_has_follow_ups_labels_and_some_due(db, settings, tmp_path):
    from django.utils import timezone

    from triage.selectors import follow_ups_due

    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")
    assert set(FollowUp.objects.values_list("months", flat=True)) == {3, 6, 12, None}  # None: found work
    assert set(Person.objects.values_list("ltu_label", flat=True)) == {0, 1, None}
    teamlead = User.objects.get(username="teamlead")
    assert follow_ups_due(user=teamlead, today=timezone.localdate()).exists()


def test_the_evaluation_cohort_is_bulk_loaded_once_in_a_team_no_demo_user_is_in(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")
    team = Team.objects.get(name=EVALUATION_TEAM)
    cohort = Person.objects.filter(team=team)
    assert cohort.count() == EVALUATION_PEOPLE
    # Nobody who signs in to the demo works in it: the advisers' pages show only their own teams.
    demo_users = User.objects.filter(username__in=[u[0] for u in USERS])
    assert demo_users.exists() and not demo_users.filter(team=team).exists()
    assert Person.objects.exclude(team=team).count() < 100
    # Enough outcomes for the evaluator's pages: thousands labelled, both outcomes, overrides, support.
    labelled = cohort.filter(ltu_label__isnull=False)
    assert labelled.count() > 2000
    assert labelled.filter(ltu_label=1).count() > 200 and labelled.filter(ltu_label=0).count() > 1000
    assert FollowUp.objects.filter(person__team=team).count() > 5000
    assert WorkStart.objects.filter(person__team=team).exists()
    assert Override.objects.filter(team=team).exists()
    assert Intervention.objects.filter(team=team).values("intervention_type").distinct().count() > 5
    assert set(Assessment.objects.filter(team=team).values_list("scorecard_name", flat=True)) == {"logistic"}

    call_command("load_demo_data")
    assert cohort.count() == EVALUATION_PEOPLE
