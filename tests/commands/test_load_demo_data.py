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
    # 3, 6 and 12 months, and None: the follow-up a "found work" record makes (decision 0016)
    assert set(FollowUp.objects.values_list("months", flat=True)) == {3, 6, 12, None}
    assert set(Person.objects.values_list("ltu_label", flat=True)) == {0, 1, None}
    teamlead = User.objects.get(username="teamlead")
    assert follow_ups_due(user=teamlead, today=timezone.localdate()).exists()


def test_demo_records_have_work_found_and_history_made_through_the_services(db, settings, tmp_path):
    """Issue #11: the person's page, the reassess queue and the outcome figures have something to
    show: work starts, and history entries (a phone number corrected with its reason, an adviser
    reassigned), each with the audit row its service writes."""
    from triage.devtools.demo import PHONE_CORRECTED
    from triage.models import AuditAction, AuditEvent, PersonChange, WorkStart

    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")

    # The evaluation cohort is bulk-made by the volume generator, not through the services.
    starts = WorkStart.objects.exclude(person__team__name=EVALUATION_TEAM).select_related("person")
    assert starts.count() >= 3
    for start in starts:
        assert start.person.found_work_on == start.started_on  # the summary the service keeps
        assert start.created_at.date() >= start.started_on
    assert AuditEvent.objects.filter(action=AuditAction.WORK_START_RECORDED).count() == starts.count()

    phones = PersonChange.objects.filter(kind=PersonChange.Kind.DETAILS, fields=["phone"])
    assert phones.exists() and set(phones.values_list("reason", flat=True)) == {PHONE_CORRECTED}
    assert all(change.values == {} for change in phones)  # a contact detail is never kept in the history
    reassigned = PersonChange.objects.filter(kind=PersonChange.Kind.ADVISER)
    assert reassigned.exists()
    for change in reassigned.select_related("person__adviser"):
        before, after = change.values["adviser"]
        assert before != after and change.person.adviser.last_name in after
    assert AuditEvent.objects.filter(action=AuditAction.ADVISER_REASSIGNED).count() == reassigned.count()
    for change in PersonChange.objects.select_related("person"):
        assert change.person.created_at < change.created_at  # changed after registration, not before


def test_people_not_yet_assessed_have_waited_days_to_weeks(db, settings, tmp_path):
    """Issue #11: the team lead's "registered but never assessed" queue showed everyone waiting 0
    days, because every demo registration was dated today."""
    from django.utils import timezone

    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")
    today = timezone.localdate()
    waiting = [
        (today - timezone.localtime(created).date()).days
        for created in Person.objects.filter(assessed_at__isnull=True)
        .exclude(team__name=EVALUATION_TEAM)
        .values_list("created_at", flat=True)
    ]
    assert len(waiting) >= 4
    assert min(waiting) >= 1 and max(waiting) >= 14 and len(set(waiting)) >= 4
    for person in Person.objects.filter(assessed_at__isnull=False).exclude(team__name=EVALUATION_TEAM):
        assert person.created_at < person.assessed_at  # registered before their checklist


def test_the_team_leads_pages_show_the_waiting_and_the_history(client, db, settings, tmp_path):
    import re

    from django.urls import reverse

    from triage.models import PersonChange

    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")
    client.force_login(User.objects.get(username="teamlead"))
    page = client.get(reverse("not-assessed")).content.decode()
    days = re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>', page)
    assert len(set(days)) >= 3 and "0" not in days
    changed = PersonChange.objects.filter(person__team__name="PACE Glasgow and Clyde", kind="adviser").first()
    record = client.get(reverse("person-detail", args=[changed.person.ref]))
    assert record.status_code == 200
    before, after = changed.values["adviser"]
    assert f"Named adviser: {before} to {after}" in record.content.decode()


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


def test_the_demo_has_two_partner_organisations_each_with_a_user_and_an_upload(db, settings, tmp_path, capsys):
    from triage.models import PartnerUpload

    settings.DATA_DIR = tmp_path
    call_command("load_demo_data")
    out = capsys.readouterr().out
    assert "partner_dwp" in out and "partner_cas" in out
    uploads = PartnerUpload.objects.order_by("organisation__partner__abbreviation")
    assert [u.organisation.partner.abbreviation for u in uploads] == ["CAS", "DWP"]
    assert all(u.rows_valid == u.rows_received > 2 for u in uploads)
    assert User.objects.get(username="partner_dwp").organisation.partner.abbreviation == "DWP"
    call_command("load_demo_data")
    assert PartnerUpload.objects.count() == 2
