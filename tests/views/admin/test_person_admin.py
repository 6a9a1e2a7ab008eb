import re

from django.urls import reverse

from triage.models import AuditEvent, Person


def test_admin_viewing_a_person_is_audited(client, admin_user, person_a):
    client.force_login(admin_user)
    response = client.get(reverse("admin:triage_person_change", args=[person_a.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="person_viewed", user=admin_user)
    assert event.person_ref == person_a.ref
    assert event.detail == "admin site"


def test_admin_person_list_shows_references_not_names(client, admin_user, person_a):
    client.force_login(admin_user)
    html = client.get(reverse("admin:triage_person_changelist")).content.decode()
    assert person_a.ref in html
    assert person_a.family_name not in html


def test_overrides_are_read_only_in_admin(client, admin_user, assessment_a, adviser_a):
    from triage import services

    override = services.override_add(
        assessment=assessment_a,
        to_band="high",
        reason_category="other",
        reason_text="Knows of circumstances the checklist misses.",
        acting_user=adviser_a,
    )
    client.force_login(admin_user)
    response = client.post(reverse("admin:triage_override_delete", args=[override.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert override.__class__.objects.filter(pk=override.pk).exists()


def test_admin_cannot_move_a_person_to_another_team(client, admin_user, person_a):
    """Assessments, overrides and interventions keep a copy of the team: moving one row alone would
    leave them with the old team's lead."""
    client.force_login(admin_user)
    html = client.get(reverse("admin:triage_person_change", args=[person_a.pk])).content.decode()
    assert 'name="team"' not in html
    assert person_a.team.name in html


def test_a_persons_band_and_caseload_summary_are_read_only_in_admin(client, admin_user, assessment_a):
    """Issue #11: a band changes only through an override, with its reason; the summary follows its records."""
    client.force_login(admin_user)
    html = client.get(reverse("admin:triage_person_change", args=[assessment_a.person.pk])).content.decode()
    for field in ("band", "model_band", "band_rank", "overridden", "incomplete", "support_started", "found_work_on"):
        assert f'name="{field}"' not in html, field


def test_people_cannot_be_deleted_in_admin(client, admin_user, person_a):
    client.force_login(admin_user)
    response = client.post(reverse("admin:triage_person_delete", args=[person_a.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Person.objects.filter(pk=person_a.pk).exists()


def test_the_named_adviser_is_chosen_from_the_persons_own_team(
    client, admin_user, person_a, adviser_a, team_lead_a, adviser_b, evaluator
):
    client.force_login(admin_user)
    html = client.get(reverse("admin:triage_person_change", args=[person_a.pk])).content.decode()
    options = set(re.findall(r'<option value="(\d+)"', html.split('name="adviser"', 1)[1].split("</select>", 1)[0]))
    assert options == {str(adviser_a.pk), str(team_lead_a.pk)}


def test_an_interventions_status_is_not_edited_in_admin(client, admin_user, intervention_a):
    """The status changes on the adviser's page, which keeps its history and the caseload summary."""
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:triage_intervention_change", args=[intervention_a.pk]), {"status": "completed"}
    )
    assert response.status_code == 403
    intervention_a.refresh_from_db()
    assert intervention_a.status == "referred"


def test_a_name_corrected_in_admin_is_found_by_search_as_it_now_reads(client, admin_user, person_a, adviser_a):
    """Issue #11: search reads the name keys, so the admin's save sets them from the new name."""
    from django.contrib import admin

    from triage.selectors import people_search

    model_admin = admin.site._registry[Person]
    request = type("Request", (), {"user": admin_user})()
    person_a.given_name, person_a.family_name = "Siobhán", "O’Neill"
    model_admin.save_model(request, person_a, form=None, change=True)

    assert list(people_search(user=adviser_a, query="siobhan oneill")) == [person_a]
    assert not people_search(user=adviser_a, query="morag campbell").exists()


def test_a_change_in_admin_joins_the_history_and_moves_the_version(admin_user, person_a):
    """Issue #11: a form an adviser opened before an admin's change is refused, not overwriting it."""
    from django.contrib import admin

    from triage.models import PersonChange
    from triage.selectors.person_record import person_version

    opened_on = person_version(person_a)
    model_admin = admin.site._registry[Person]
    request = type("Request", (), {"user": admin_user})()
    form = type("Form", (), {"changed_data": ["phone"]})()
    person_a.phone = "01632 960 002"
    model_admin.save_model(request, person_a, form=form, change=True)

    change = PersonChange.objects.get(person=person_a)
    assert (change.fields, change.created_by, change.values) == (["phone"], admin_user, {})
    assert "admin" in change.reason
    assert person_version(Person.objects.get(pk=person_a.pk)) != opened_on
