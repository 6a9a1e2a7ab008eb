"""Admins make partner organisations and give partner users one, in the Django admin (issue 13)."""

from django.urls import reverse

from tests.factories import make_user
from triage.access import Role
from triage.models import Partner, PartnerOrganisation, PartnerUpload


def test_an_admin_makes_a_partner_organisation_from_the_reference_list(client, admin_user):
    client.force_login(admin_user)
    dwp = Partner.objects.get(abbreviation="DWP")
    response = client.post(reverse("admin:triage_partnerorganisation_add"), {"partner": dwp.pk})
    assert response.status_code == 302
    assert PartnerOrganisation.objects.get().partner == dwp
    assert client.get(reverse("admin:triage_partnerorganisation_changelist")).status_code == 200


def test_a_users_page_offers_their_organisation(client, admin_user, partner_dwp):
    client.force_login(admin_user)
    page = client.get(reverse("admin:triage_user_change", args=[partner_dwp.pk])).content.decode()
    assert 'name="organisation"' in page and "DWP" in page


def test_uploads_are_read_only_in_admin_and_show_counts_not_identifiers(client, admin_user, partner_dwp):
    upload = PartnerUpload.objects.create(
        organisation=partner_dwp.organisation, uploaded_by=partner_dwp, rows_received=3, rows_valid=3
    )
    client.force_login(admin_user)
    assert client.get(reverse("admin:triage_partnerupload_changelist")).status_code == 200
    assert client.get(reverse("admin:triage_partnerupload_add")).status_code == 403
    assert (
        client.post(reverse("admin:triage_partnerupload_delete", args=[upload.pk]), {"post": "yes"}).status_code == 403
    )
    assert PartnerUpload.objects.filter(pk=upload.pk).exists()
    assert "/admin/triage/linkageidentifier/" not in client.get(reverse("admin:index")).content.decode()


def test_a_partner_user_cannot_enter_the_admin(client, db):
    partner = make_user("partner_x", Role.PARTNER)
    client.force_login(partner)
    assert client.get(reverse("admin:index")).status_code == 302
