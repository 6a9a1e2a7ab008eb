"""The admin's list of interventions says who delivers each, partner or another organisation (issue #11)."""

from django.urls import reverse

from tests.factories import add_intervention


def test_admin_intervention_list_names_who_delivers_it(client, admin_user, adviser_a, person_a):
    add_intervention(adviser_a, person_a)
    add_intervention(adviser_a, person_a, partner=None, other_organisation="Money Advice Glasgow")
    client.force_login(admin_user)
    page = client.get(reverse("admin:triage_intervention_changelist")).content.decode()
    assert "Skills Development Scotland" in page
    assert "Money Advice Glasgow" in page
