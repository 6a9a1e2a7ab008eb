"""services.linkage.linkage_run (the indexing job), its sweep, and the partner's PACE ID file."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import register
from triage.lib import identifiers
from triage.linkage.generate import generate
from triage.linkage.link import LinkageSettings, link
from triage.models import AuditEvent, LinkageRun, LinkageRunStatus, PartnerUpload
from triage.models.linkage import LinkageIdentifier, PersonPaceId, ReviewPair
from triage.services.linkage import linkage_run, linkage_runs_sweep
from triage.services.partners import partner_upload

TODAY = date(2026, 12, 7)
SETTINGS = {"threads": 1, "u_max_pairs": 1e5, "em_max_pairs": 1e5}
HEADER = ",".join(identifiers.COLUMNS) + "\r\n"


@pytest.fixture(scope="module")
def model_json():
    """A model trained once on seeded synthetic people: a handful of rows is too few to train on."""
    generated = generate(people_count=1000, partner_count=300, seed=11)
    return link(generated.records, settings=LinkageSettings(**SETTINGS)).model_json


@pytest.fixture
def trained(settings, model_json, partner_cas):
    """An earlier finished run whose saved model the next runs reuse."""
    settings.LINKAGE = SETTINGS
    earlier = PartnerUpload.objects.create(
        organisation_id=partner_cas.organisation_id, uploaded_by=partner_cas, rows_received=0, rows_valid=0
    )
    return LinkageRun.objects.create(
        upload=earlier, status=LinkageRunStatus.FINISHED, finished_at=timezone.now(), model_json=model_json
    )


@pytest.fixture
def pace_people(adviser_a, situation_a):
    morag = register(adviser_a, situation_a, ni_number="AB123456C", postcode="KY1 1XX")  # fictional-ni
    iain = register(
        adviser_a,
        situation_a,
        given_name="Iain",
        family_name="MacLeod",
        date_of_birth=date(1981, 3, 27),
        postcode="G12 8QQ",
    )
    register(
        adviser_a,
        situation_a,
        given_name="Fiona",
        family_name="Stewart",
        date_of_birth=date(1990, 7, 1),
        postcode="EH1 1YZ",
    )
    return morag, iain


def upload(user, rows):
    result = partner_upload(
        acting_user=user, content=(HEADER + "".join(r + "\r\n" for r in rows)).encode(), today=TODAY
    )
    assert result.errors == [] and result.upload is not None
    return result.upload


FIRST = [
    "DWP-1,ab 12 34 56 c,Morag,Campbel,1975-03-27,",  # fictional-ni: found by the NI hash alone
    "DWP-2,,Iain,MacLeod,1981-03-27,G12 8QQ",  # found by name, date of birth and postcode
    "DWP-3,,Zebedee,Quartermain,1944-01-02,ZE2 9AA",  # nobody PACE holds
]


def pace_ids_of(up):
    return dict(LinkageIdentifier.objects.filter(upload=up).values_list("record_id", "pace_id__token"))


def test_a_run_links_exactly_and_probabilistically_and_stores_the_counts(trained, pace_people, partner_dwp):
    morag, iain = pace_people
    up = upload(partner_dwp, FIRST)
    run = LinkageRun.objects.get(upload=up)
    assert run.status == LinkageRunStatus.QUEUED  # enqueued once the upload commits

    linkage_run(upload_id=up.pk)

    run.refresh_from_db()
    up.refresh_from_db()
    assert (run.status, run.percent, run.model_trained) == (LinkageRunStatus.FINISHED, 100, False)
    assert run.model_json == trained.model_json  # the saved model, reused
    assert run.started_at and run.finished_at
    assert (up.status, up.matched_exactly, up.matched_probabilistically, up.sent_to_review, up.unmatched) == (
        "linked",
        1,
        1,
        0,
        1,
    )
    ids = pace_ids_of(up)
    people = dict(PersonPaceId.objects.values_list("person_id", "pace_id__token"))
    assert ids["DWP-1"] == people[morag.pk] and ids["DWP-2"] == people[iain.pk]
    assert ids["DWP-3"] and len(set(ids.values())) == 3
    assert AuditEvent.objects.filter(action="linkage_run_finished").count() == 1


def test_the_run_is_enqueued_when_the_upload_commits(
    trained, pace_people, partner_dwp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        up = upload(partner_dwp, FIRST)
    run = LinkageRun.objects.get(upload=up)
    assert run.status == LinkageRunStatus.FINISHED and run.task_id


def test_a_second_upload_of_the_same_person_keeps_their_pace_id(trained, pace_people, partner_dwp):
    first = upload(partner_dwp, FIRST)
    linkage_run(upload_id=first.pk)
    again = ["DWP-77,,Zebedee,Quartermain,1944-01-02,ZE2 9AA", "DWP-78,AB123456C,,,,"]  # fictional-ni
    second = upload(partner_dwp, again)
    linkage_run(upload_id=second.pk)
    before, after = pace_ids_of(first), pace_ids_of(second)
    assert after["DWP-77"] == before["DWP-3"]  # linked to the earlier upload's row
    assert after["DWP-78"] == before["DWP-1"]


def test_pairs_between_the_thresholds_go_to_review_with_the_linkage_fields_only(
    trained, pace_people, partner_dwp, settings
):
    # Above any probability: every Splink pair over the lower threshold goes to review.
    settings.LINKAGE = {**SETTINGS, "upper_threshold": 1.01, "lower_threshold": 0.01}
    up = upload(partner_dwp, ["DWP-9,,Ian,McLeod,1981-03-27,G12 8QQ"])
    linkage_run(upload_id=up.pk)
    up.refresh_from_db()
    assert up.sent_to_review == 1 and up.matched_probabilistically == 0
    pair = ReviewPair.objects.get()
    sides = {(pair.left_source, pair.left_record), (pair.right_source, pair.right_record)}
    assert (f"partner:DWP:{up.pk}", "DWP-9") in sides
    assert pair.decision == "pending"


def test_a_run_that_fails_is_marked_failed_and_shown(trained, pace_people, partner_dwp, client, monkeypatch):
    up = upload(partner_dwp, FIRST)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("triage.linkage.link.link", broken)
    with pytest.raises(RuntimeError):
        linkage_run(upload_id=up.pk)
    run = LinkageRun.objects.get(upload=up)
    assert run.status == LinkageRunStatus.FAILED and run.error
    client.force_login(partner_dwp)
    page = client.get(reverse("partner-upload", args=[up.pk])).content.decode()
    assert "Linking failed" in page and "Download your PACE IDs" not in page


def test_the_sweep_fails_a_run_whose_worker_died(trained, partner_dwp):
    up = upload(partner_dwp, FIRST)
    stale = timezone.now() - timedelta(hours=2)
    LinkageRun.objects.filter(upload=up).update(status=LinkageRunStatus.RUNNING, progress_at=stale)
    assert linkage_runs_sweep() == 1
    assert LinkageRun.objects.get(upload=up).status == LinkageRunStatus.FAILED


def test_the_page_shows_progress_then_counts_and_the_download(trained, pace_people, partner_dwp, partner_cas, client):
    up = upload(partner_dwp, FIRST)
    client.force_login(partner_dwp)
    page = client.get(reverse("partner-upload", args=[up.pk])).content.decode()
    assert "Refresh the page" in page and "0% done" in page
    assert client.get(reverse("partner-upload-pace-ids", args=[up.pk])).status_code == 404  # not linked yet

    linkage_run(upload_id=up.pk)
    page = client.get(reverse("partner-upload", args=[up.pk])).content.decode()
    assert "Download your PACE IDs" in page and "Not linked yet" not in page

    response = client.get(reverse("partner-upload-pace-ids", args=[up.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["record_id", "pace_id"]
    assert sorted(r[0] for r in rows[1:]) == ["DWP-1", "DWP-2", "DWP-3"]
    assert all(len(r) == 2 for r in rows)
    assert dict(rows[1:]) == pace_ids_of(up)
    assert AuditEvent.objects.filter(action="partner_pace_ids_downloaded").count() == 1

    client.force_login(partner_cas)
    assert client.get(reverse("partner-upload-pace-ids", args=[up.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="partner_pace_ids_downloaded").count() == 1


def test_a_review_decision_of_the_same_person_gives_the_row_their_pace_id(
    trained, pace_people, partner_dwp, admin_user, settings
):
    from triage.services.linkage import review_pair_decide

    settings.LINKAGE = {**SETTINGS, "upper_threshold": 1.01, "lower_threshold": 0.01}
    first = upload(partner_dwp, FIRST[1:2])  # Iain MacLeod, sent to review against PACE's Iain
    linkage_run(upload_id=first.pk)
    pair = ReviewPair.objects.get()
    assert pace_ids_of(first)["DWP-2"]  # a PACE ID of its own meanwhile
    review_pair_decide(pair=pair, decision="same", acting_user=admin_user)
    person_token = PersonPaceId.objects.get(person=pace_people[1]).pace_id.token
    assert pace_ids_of(first)["DWP-2"] == person_token
    assert AuditEvent.objects.filter(action="linkage_review_decided").count() == 1
    with pytest.raises(ValueError, match="already decided"):
        review_pair_decide(pair=pair, decision="different", acting_user=admin_user)


def test_with_nobody_to_link_to_every_row_is_unmatched_and_no_model_is_saved(settings, partner_dwp):
    settings.LINKAGE = SETTINGS
    up = upload(partner_dwp, FIRST)
    linkage_run(upload_id=up.pk)
    up.refresh_from_db()
    run = LinkageRun.objects.get(upload=up)
    assert (up.matched_exactly, up.matched_probabilistically, up.unmatched) == (0, 0, 3)
    assert run.status == LinkageRunStatus.FINISHED and run.model_json == "" and not run.model_trained
    assert len(set(pace_ids_of(up).values())) == 3


def test_the_review_page_shows_the_pair_and_records_a_decision(
    trained, pace_people, partner_dwp, admin_user, settings, client
):
    settings.LINKAGE = {**SETTINGS, "upper_threshold": 1.01, "lower_threshold": 0.01}
    up = upload(partner_dwp, FIRST[1:2])
    linkage_run(upload_id=up.pk)
    pair = ReviewPair.objects.get()
    client.force_login(admin_user)
    page = client.get(reverse("linkage-review")).content.decode()
    assert "macleod" in page.lower() and "G12 8QQ" in page
    assert client.post(reverse("linkage-review"), {"pair": pair.pk}).status_code == 200  # no decision: re-shown
    response = client.post(reverse("linkage-review"), {"pair": pair.pk, "decision": "different"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.decision == "different" and pair.decided_by == admin_user
    assert client.post(reverse("linkage-review"), {"pair": pair.pk, "decision": "same"}).status_code == 404
    assert "no records to check" in client.get(reverse("linkage-review")).content.decode()
