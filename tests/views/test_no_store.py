"""Issue #11: pages and downloads with personal data are never kept by a shared tablet's browser."""

from django.urls import reverse


def test_a_signed_in_users_pages_and_downloads_are_not_stored(client, team_lead_a, person_a):
    client.force_login(team_lead_a)
    for url in (reverse("person-detail", args=[person_a.ref]), reverse("caseload"), reverse("caseload-download")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
