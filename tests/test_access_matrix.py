"""Every URL × every role, enumerated from the URLconf so a new page is covered without a new test.

Issue #3: "Advisers and team leads belong to a team and see only their team's people, enforced in
the queries that fetch objects (a person of another team is a 404 on every URL, including POSTs)
[...] Evaluators see no identifiable data; until their pages exist they get a clear 'not available
to your role' page."
"""

import uuid
from datetime import timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.factories import REFERENCE_ANSWERS, make_user
from triage.access import Role
from triage.models import (
    Assessment,
    AuditEvent,
    CouncilArea,
    ExportRecord,
    FollowUp,
    Intervention,
    InterventionType,
    InterventionUpdate,
    Override,
    OverrideReview,
    Partner,
    PartnerUpload,
    Person,
    PersonChange,
    RetrainJob,
    RetrainStatus,
    ScorecardActivation,
    WorkStart,
)
from triage.selectors.export import ExportFilters
from triage.services.exports import export_request

# Django's own pages (the admin has its own permissions, and sign-in must be open to everyone), the
# load balancer's health check, open to anyone and tested in tests/views/test_health.py, and the
# public pages with no one's data (privacy notice, accessibility, cookies: tests/views/test_pages.py),
# and the idle-timeout warning's endpoints (tests/views/test_timeout_warning.py).
NOT_APP_PAGES = {
    "login",
    "logout",
    "health",
    "privacy-notice",
    "privacy-notice-version",
    "accessibility-statement",
    "cookies",
    "session-time-left",
    "session-keep-alive",
}


def _app_patterns() -> list[URLPattern]:
    """The app's URL patterns; the admin is an included URLconf (a resolver), so it is left out."""
    return [
        p for p in get_resolver().url_patterns if isinstance(p, URLPattern) and p.name and p.name not in NOT_APP_PAGES
    ]


# Pages whose <pk> is an override's, not an assessment's.
OVERRIDE_URL_NAMES = {"override-review", "override-answer"}
# Pages only team leads may enter: advisers get "not available to your role" (403) before any lookup.
TEAM_LEAD_ONLY = {
    "override-list",
    "override-review",
    "caseload-download",
    "dashboard",
    "person-reassign",
    "not-assessed",
    # Team leads and admins with a team (tests/views/team_lead/test_follow_up_upload.py).
    "follow-up-upload",
    "follow-up-template",
}
# Pages for evaluators (and admins): aggregate figures only, never a person's data.
EVALUATOR_PAGES = {
    "evaluation-dashboard",
    "export-list",
    "export-job",
    "export-download",
    "data-dictionary",
    "data-dictionary-csv",
    "data-dictionary-json",
    "evaluation-performance",
    "evaluation-cutoffs",
    "evaluation-fairness",
    "evaluation-overrides",
    "evaluation-time-to-work",
    "evaluation-drift",
    "retrain-list",
    "retrain-job",
    "retrain-make-live",
    "linkage-review",
}
# Of those, the pages only admins may open: making a retrained candidate live (issue 12), and the
# clerical review of linkage (issue 13).
ADMIN_ONLY = {"retrain-make-live", "linkage-review"}
# Of those, the pages of one export: only the evaluator who asked for it; anyone else gets a 404.
REQUESTER_ONLY = {"export-job", "export-download"}

# Pages for partner users (issue 13): their organisation's uploads; everyone else is refused.
PARTNER_PAGES = {
    "partner-upload-list",
    "partner-upload-add",
    "partner-upload",
    "partner-upload-template",
    "partner-upload-pace-ids",
}

# Pages with no personal data that every signed-in role may read (DESIGN.md: all roles read the model card).
SHARED_PAGES = {"model-card", "model-card-figure"}

PATTERNS = {p.name: p for p in _app_patterns()}
URL_NAMES = sorted(PATTERNS)
PERSON_URL_NAMES = sorted(set(URL_NAMES) - SHARED_PAGES - EVALUATOR_PAGES - PARTNER_PAGES)
OBJECT_URL_NAMES = sorted(
    name
    for name, p in PATTERNS.items()
    if p.pattern.converters and name not in SHARED_PAGES | EVALUATOR_PAGES | PARTNER_PAGES
)


def _kwargs(name: str, records: dict) -> dict:
    """Real kwargs for a URL: the person's ref, and the pk of the record the URL name starts with."""
    kwargs = {}
    for key in PATTERNS[name].pattern.converters:
        if key == "ref":
            kwargs["ref"] = records["person"].ref
        elif key == "pk" and name in OVERRIDE_URL_NAMES:
            kwargs["pk"] = records["override"].pk
        elif key == "pk" and name.startswith(("assessment-", "override-")):
            kwargs["pk"] = records["assessment"].pk
        elif key == "pk" and name.startswith("intervention-"):
            kwargs["pk"] = records["intervention"].pk
        elif key == "pk" and name.startswith("export-"):
            kwargs["pk"] = records["export_job"].pk
        elif key == "pk" and name.startswith("retrain-"):
            kwargs["pk"] = records["retrain_job"].pk
        elif key == "pk" and name.startswith("partner-upload"):
            kwargs["pk"] = records["partner_upload"].pk
        elif key == "label":
            kwargs["label"] = "logistic-1.0"
        else:
            pytest.fail(f"No rule for the {key!r} argument of URL {name!r}: add one to _kwargs")
    return kwargs


def _valid_post(name: str, today) -> dict:
    """A payload each form would accept, so a scoping hole would show up as a saved row."""
    agreed = today - timedelta(days=2)
    payloads = {
        "assessment-add": {**REFERENCE_ANSWERS, "submission_token": str(uuid.uuid4())},
        "override-add": {
            "to_band": "high",
            "reason_category": "adviser_knowledge",
            "reason_text": "Caring for a parent full time, which the checklist does not ask about.",
        },
        "intervention-add": {
            "intervention_type": InterventionType.objects.get(code="employability_advice").pk,
            "partner": Partner.objects.get(abbreviation="SDS").pk,
            "agreed_on_0": agreed.day,
            "agreed_on_1": agreed.month,
            "agreed_on_2": agreed.year,
            "status": "referred",
        },
        "override-review": {"kind": "agreed", "comment": ""},
        "override-answer": {"comment": "The carer has a support worker from the council."},
        "person-edit": {
            "given_name": "Morag",
            "family_name": "Campbell",
            "date_of_birth_0": "27",
            "date_of_birth_1": "3",
            "date_of_birth_2": "1975",
            "council_area": CouncilArea.objects.get(name="Fife").pk,
            "email": "morag@example.org",
            "seen_version": "1",
        },
        "person-found-work": {
            "started_on_0": today.day,
            "started_on_1": today.month,
            "started_on_2": today.year,
            "sector": "retail",
            "job_type": "employed_full_time",
            "source": "person",
        },
        "assessment-rescore": {"submission_token": str(uuid.uuid4())},
        "follow-up-add": {
            "contacted_on_0": today.day,
            "contacted_on_1": today.month,
            "contacted_on_2": today.year,
            "status": "employed",
            "source": "phone_call",
        },
        "intervention-update": {
            "status": "completed",
            "status_date_0": today.day,
            "status_date_1": today.month,
            "status_date_2": today.year,
        },
    }
    return payloads.get(name, {})


def _row_counts() -> dict[str, int]:
    models = (
        Person,
        Assessment,
        Override,
        OverrideReview,
        Intervention,
        InterventionUpdate,
        PersonChange,
        WorkStart,
        FollowUp,
        AuditEvent,
        ExportRecord,
        RetrainJob,
        ScorecardActivation,
        PartnerUpload,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def records_a(person_a, assessment_a, intervention_a, override_a, evaluator, partner_dwp):
    assessment_a.refresh_from_db()  # the override changed its effective band
    job = export_request(acting_user=evaluator, filters=ExportFilters(), fmt="csv", k=1)
    # A finished retraining whose candidate is a committed card, so "make it live" has one to offer.
    retrain_job = RetrainJob.objects.create(
        requested_by=evaluator,
        seed=1,
        live_label="rules-1.0",
        ltu_count=60,
        not_ltu_count=60,
        status=RetrainStatus.DONE,
        candidate_label="logistic-1.1",
    )
    partner_upload = PartnerUpload.objects.create(
        organisation=partner_dwp.organisation, uploaded_by=partner_dwp, rows_received=1, rows_valid=1, status="linked"
    )  # linked: its PACE ID file can be downloaded
    return {
        "person": person_a,
        "assessment": assessment_a,
        "intervention": intervention_a,
        "override": override_a,
        "export_job": job,
        "retrain_job": retrain_job,
        "partner_upload": partner_upload,
    }


@pytest.fixture
def records_b(person_b, assessment_b, intervention_b, override_b):
    assessment_b.refresh_from_db()  # the override changed its effective band
    return {"person": person_b, "assessment": assessment_b, "intervention": intervention_b, "override": override_b}


def test_enumeration_finds_the_app_urls():
    """A generated test must generate cases: an empty URL list would pass everything below."""
    assert len(URL_NAMES) > 8
    assert len(OBJECT_URL_NAMES) > 6


@pytest.mark.parametrize("name", OBJECT_URL_NAMES)
@pytest.mark.parametrize("user_fixture", ["adviser_a", "team_lead_a"])
def test_other_teams_record_is_404_on_get_and_post_and_changes_nothing(
    client, request, user_fixture, name, records_a, records_b, today
):
    """Issue #3: "Posting another team's person, assessment or intervention id gives 404 and changes nothing."."""
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse(name, kwargs=_kwargs(name, records_b))
    before = _row_counts()

    expected = 403 if user_fixture == "adviser_a" and name in TEAM_LEAD_ONLY else 404
    assert client.get(url).status_code == expected
    assert client.post(url, _valid_post(name, today)).status_code == expected

    assert _row_counts() == before
    assessment, intervention = records_b["assessment"], records_b["intervention"]
    assert Assessment.objects.get(pk=assessment.pk).effective_band == assessment.effective_band
    assert Intervention.objects.get(pk=intervention.pk).status == intervention.status
    person = Person.objects.get(pk=records_b["person"].pk)
    assert (person.version, person.adviser_id, person.found_work_on) == (1, records_b["person"].adviser_id, None)


@pytest.mark.parametrize("name", sorted(set(URL_NAMES) - EVALUATOR_PAGES - PARTNER_PAGES))
def test_adviser_opens_own_teams_pages(adviser_a_client, name, records_a):
    """The scoping that refuses team B's records lets team A's through; team-lead pages say no."""
    response = adviser_a_client.get(reverse(name, kwargs=_kwargs(name, records_a)), follow=True)
    assert response.status_code == (403 if name in TEAM_LEAD_ONLY else 200)


@pytest.mark.parametrize("name", sorted(TEAM_LEAD_ONLY))
def test_team_lead_opens_own_teams_team_lead_pages(client, team_lead_a, name, records_a):
    client.force_login(team_lead_a)
    assert client.get(reverse(name, kwargs=_kwargs(name, records_a))).status_code == 200


def test_evaluator_starts_on_the_evaluation_dashboard(client, evaluator):
    client.force_login(evaluator)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation-dashboard")


@pytest.mark.parametrize("name", [n for n in PERSON_URL_NAMES if n != "home"])
def test_evaluator_gets_not_available_to_your_role(client, evaluator, name, records_a, today):
    """Issue #3: evaluators "get a clear 'not available to your role' page", on GET and POST alike."""
    client.force_login(evaluator)
    url = reverse(name, kwargs=_kwargs(name, records_a))
    before = _row_counts()

    for response in (client.get(url), client.post(url, _valid_post(name, today))):
        assert response.status_code == 403
        assert "not available to your role" in response.content.decode()
    assert _row_counts() == before


@pytest.mark.parametrize("name", [n for n in PERSON_URL_NAMES if n != "home"])
def test_admin_without_a_team_gets_not_available_to_your_role(client, admin_user, name, records_a):
    """Admins work in the Django admin; the adviser pages hold people's data they have no team for."""
    client.force_login(admin_user)
    response = client.get(reverse(name, kwargs=_kwargs(name, records_a)))
    assert response.status_code == 403
    assert "not available to your role" in response.content.decode()


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_user_is_sent_to_sign_in(client, name, records_a, today):
    url = reverse(name, kwargs=_kwargs(name, records_a))
    before = _row_counts()

    for response in (client.get(url), client.post(url, _valid_post(name, today))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert _row_counts() == before


@pytest.mark.parametrize("name", sorted(SHARED_PAGES))
@pytest.mark.parametrize("user_fixture", ["adviser_a", "team_lead_a", "evaluator", "admin_user"])
def test_every_role_reads_the_shared_pages(client, request, user_fixture, name, records_a):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse(name, kwargs=_kwargs(name, records_a))).status_code == 200


@pytest.mark.parametrize("name", sorted(EVALUATOR_PAGES - REQUESTER_ONLY - ADMIN_ONLY))
@pytest.mark.parametrize(
    ("user_fixture", "status"), [("evaluator", 200), ("admin_user", 200), ("adviser_a", 403), ("team_lead_a", 403)]
)
def test_evaluator_pages_are_for_evaluators_and_admins(client, request, user_fixture, status, name, records_a):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse(name, kwargs=_kwargs(name, records_a))).status_code == status


@pytest.mark.parametrize("name", sorted(ADMIN_ONLY))
@pytest.mark.parametrize(
    ("user_fixture", "status"), [("admin_user", 200), ("evaluator", 403), ("adviser_a", 403), ("team_lead_a", 403)]
)
def test_admin_only_pages_refuse_everyone_else_on_get_and_post(client, request, user_fixture, status, name, records_a):
    """Evaluators can start a retraining and read its comparison, but only an admin makes it live."""
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse(name, kwargs=_kwargs(name, records_a))
    before = _row_counts()
    assert client.get(url).status_code == status
    if status == 403:
        assert client.post(url, {"reason": "A reason that would otherwise be long enough."}).status_code == 403
        assert _row_counts() == before


@pytest.mark.parametrize("name", sorted(REQUESTER_ONLY))
@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [("evaluator", 200), ("other_evaluator", 404), ("admin_user", 404), ("adviser_a", 403), ("team_lead_a", 403)],
)
def test_an_exports_pages_are_for_the_evaluator_who_asked(client, request, user_fixture, status, name, records_a):
    """The finished file is served only to the person who asked (issue 12); others get a 404."""
    if user_fixture == "other_evaluator":
        user = make_user("evaluator_2", Role.EVALUATOR)
    else:
        user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    before = ExportRecord.objects.count()
    assert client.get(reverse(name, kwargs=_kwargs(name, records_a))).status_code == status
    recorded = 1 if (name == "export-download" and status == 200) else 0
    assert ExportRecord.objects.count() == before + recorded


@pytest.mark.parametrize("name", [n for n in URL_NAMES if n not in PARTNER_PAGES | {"home"}])
def test_partner_user_gets_not_available_to_your_role(client, partner_dwp, name, records_a, today):
    """Issue 13: a partner user "never [sees] any person's record in the service": every page but
    their organisation's uploads says so (the model card is for staff), on GET and POST alike, and
    changes nothing."""
    client.force_login(partner_dwp)
    url = reverse(name, kwargs=_kwargs(name, records_a))
    before = _row_counts()

    for response in (client.get(url), client.post(url, _valid_post(name, today))):
        assert response.status_code == 403
        assert "not available to your role" in response.content.decode()
    assert _row_counts() == before


@pytest.mark.parametrize("name", sorted(PARTNER_PAGES))
@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [
        ("partner_dwp", 200),
        ("partner_cas", 404),
        ("adviser_a", 403),
        ("team_lead_a", 403),
        ("evaluator", 403),
        ("admin_user", 403),
    ],
)
def test_partner_pages_are_for_the_organisations_partner_users(client, request, user_fixture, status, name, records_a):
    """Another organisation's upload is a 404; its list, form and template are its own (200)."""
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse(name, kwargs=_kwargs(name, records_a))
    expected = 200 if status == 404 and not PATTERNS[name].pattern.converters else status
    assert client.get(url).status_code == expected
