"""services.partners.partner_upload and services.linkage.linkage_identifiers_purge; the PACE ID registry."""

from datetime import date

import pytest

from triage.lib import identifiers
from triage.models import AuditEvent, PartnerUpload
from triage.models.linkage import LinkageIdentifier, PaceId
from triage.services.linkage import linkage_identifiers_purge
from triage.services.partners import LinkageKeyError, partner_upload

TODAY = date(2026, 12, 7)
FILE = (
    ",".join(identifiers.COLUMNS) + "\r\n"
    "DWP-1,AB123456C,Morag,Campbell,1975-03-27,KY1 1XX\r\n"  # fictional-ni
    "DWP-2,,Iain,MacLeod,1981-03-27,\r\n"
).encode()


def test_an_upload_is_kept_with_its_rows_and_an_audit_row(partner_dwp):
    result = partner_upload(acting_user=partner_dwp, content=FILE, today=TODAY)
    assert result.errors == [] and result.upload is not None
    assert result.upload.rows_valid == LinkageIdentifier.objects.filter(upload=result.upload).count() == 2
    row = LinkageIdentifier.objects.get(record_id="DWP-1")
    assert (row.given_name, row.family_name, row.postcode, row.pace_id) == ("morag", "campbell", "KY1 1XX", None)
    assert AuditEvent.objects.filter(action="partner_upload_accepted").count() == 1


def test_only_a_member_of_an_organisation_can_upload(admin_user):
    with pytest.raises(PermissionError):
        partner_upload(acting_user=admin_user, content=FILE, today=TODAY)
    assert not PartnerUpload.objects.exists()


@pytest.mark.parametrize("key", ["", "too-short"])
def test_no_upload_is_taken_in_without_a_proper_key(settings, partner_dwp, key):
    settings.PSEUDONYM_KEY = key
    with pytest.raises(LinkageKeyError, match="PSEUDONYM_KEY"):
        partner_upload(acting_user=partner_dwp, content=FILE, today=TODAY)
    assert not LinkageIdentifier.objects.exists()


def test_the_purge_keeps_only_the_record_id_and_its_pace_id(partner_dwp, admin_user):
    upload = partner_upload(acting_user=partner_dwp, content=FILE, today=TODAY).upload
    assert upload is not None
    pace_id = PaceId.objects.create()
    LinkageIdentifier.objects.filter(record_id="DWP-1").update(pace_id=pace_id)

    assert linkage_identifiers_purge(upload=upload, acting_user=admin_user) == 2
    kept = list(LinkageIdentifier.objects.order_by("record_id").values())
    assert [(r["record_id"], r["pace_id_id"]) for r in kept] == [("DWP-1", pace_id.pk), ("DWP-2", None)]
    for row in kept:
        assert (row["ni_hash"], row["given_name"], row["family_name"], row["date_of_birth"], row["postcode"]) == (
            "",
            "",
            "",
            None,
            "",
        )
    upload.refresh_from_db()
    assert upload.identifiers_purged_at is not None
    assert linkage_identifiers_purge(upload=upload, acting_user=admin_user) == 0
    assert AuditEvent.objects.filter(action="linkage_identifiers_purged").count() == 1


def test_pace_ids_are_random_tokens_never_derived_from_anything(db):
    tokens = {PaceId.objects.create().token for _ in range(50)}
    assert len(tokens) == 50 and all(len(token) == 16 for token in tokens)
