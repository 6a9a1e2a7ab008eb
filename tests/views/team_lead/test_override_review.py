"""Review advisers' band changes: `override-list`, `override-review`, and the adviser's `override-answer`.

Issue #5, Override review: "the team lead marks an override 'agreed' or 'queried' with a comment; a
queried override shows on the adviser's home page until the adviser answers. An override summary
per adviser: count, rate, direction (up/down), reason categories."
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS, assess, make_user, register
from tests.views.form_errors import assert_form_error
from triage import services
from triage.access import Role
from triage.models import AuditEvent, Override, OverrideReview

LIST = reverse("override-list")
HOME = reverse("home")
REASON = "Caring for a parent full time, which the checklist does not ask about."
QUERY = "What support is the carer getting at the moment?"
ANSWER = "Respite care twice a week, arranged by the council."
QUERY_REQUIRED = "Enter what you want to ask the adviser, 10 characters or more"


def review_url(override):
    return reverse("override-review", args=[override.pk])


def answer_url(override):
    return reverse("override-answer", args=[override.pk])


def listed(client, status=None) -> list[int]:
    response = client.get(LIST, {"status": status} if status else {})
    assert response.status_code == 200
    return [override.pk for override in response.context["page"].object_list]


def change_band(assessment, user, to_band, reason_category="caring"):
    return services.override_add(
        assessment=assessment, to_band=to_band, reason_category=reason_category, reason_text=REASON, acting_user=user
    )


@pytest.fixture
def team_lead_a_client(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


@pytest.fixture
def pending_a(adviser_a, assessment_a):
    """Ailsa changed Morag's band from low to high; it awaits review."""
    return change_band(assessment_a, adviser_a, "high")


@pytest.fixture
def pending_b(adviser_b, assessment_b):
    return change_band(assessment_b, adviser_b, "high")


# Agree


def test_team_lead_agrees_and_the_override_leaves_the_pending_list(team_lead_a_client, team_lead_a, pending_a):
    assert listed(team_lead_a_client) == [pending_a.pk]
    form = team_lead_a_client.get(review_url(pending_a))
    assert form.status_code == 200
    page = form.content.decode()
    assert pending_a.assessment.person.ref in page and REASON in page and "Ailsa MacLeod" in page

    response = team_lead_a_client.post(review_url(pending_a), {"kind": "agreed", "comment": ""})

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert "Review saved" in team_lead_a_client.get(LIST).content.decode()
    pending_a.refresh_from_db()
    assert pending_a.review_status == "agreed"
    review = OverrideReview.objects.get()
    assert (review.kind, review.comment, review.created_by) == ("agreed", "", team_lead_a)
    assert listed(team_lead_a_client) == []
    assert listed(team_lead_a_client, "agreed") == [pending_a.pk]


def test_review_is_audited(team_lead_a_client, team_lead_a, pending_a):
    team_lead_a_client.post(review_url(pending_a), {"kind": "agreed", "comment": ""})
    event = AuditEvent.objects.get(action="override_reviewed")
    assert (event.user, event.person_ref) == (team_lead_a, pending_a.assessment.person.ref)


# Query, answer, and back to the team lead


def test_query_goes_to_the_adviser_and_the_answer_comes_back(client, team_lead_a, adviser_a, pending_a):
    """The whole round: query with a comment → adviser's home → answer → team lead's pending list."""
    client.force_login(team_lead_a)
    response = client.post(review_url(pending_a), {"kind": "queried", "comment": QUERY})
    assert response.status_code == 302
    pending_a.refresh_from_db()
    assert pending_a.review_status == "queried"
    assert listed(client) == []
    assert listed(client, "queried") == [pending_a.pk]

    client.force_login(adviser_a)
    home = client.get(HOME).content.decode()
    assert "Your team lead has queried 1 band change" in home
    assert f'href="{answer_url(pending_a)}"' in home
    form = client.get(answer_url(pending_a))
    assert form.status_code == 200
    assert QUERY in form.content.decode()

    response = client.post(answer_url(pending_a), {"comment": ANSWER})

    assert response.status_code == 302
    assert response["Location"] == HOME
    home = client.get(HOME).content.decode()
    assert "Answer sent to your team lead" in home
    assert "has queried" not in home
    pending_a.refresh_from_db()
    assert pending_a.review_status == "answered"
    assert [(r.kind, r.comment, r.created_by) for r in OverrideReview.objects.order_by("pk")] == [
        ("queried", QUERY, team_lead_a),
        ("answered", ANSWER, adviser_a),
    ]

    client.force_login(team_lead_a)
    assert listed(client) == [pending_a.pk]
    page = client.get(review_url(pending_a)).content.decode()
    assert QUERY in page and ANSWER in page

    assert client.post(review_url(pending_a), {"kind": "agreed", "comment": "Thanks"}).status_code == 302
    pending_a.refresh_from_db()
    assert pending_a.review_status == "agreed"
    assert listed(client) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "queried", "comment": ""}, QUERY_REQUIRED),
        ({"kind": "queried", "comment": "   \n   "}, QUERY_REQUIRED),
        ({"kind": "queried", "comment": "Why?"}, QUERY_REQUIRED),
        ({"kind": "queried", "comment": "  Why?      "}, QUERY_REQUIRED),
        ({"kind": "agreed", "comment": "x" * 2001}, "Comment must be 2000 characters or fewer"),
        ({"comment": ""}, "Select whether you agree"),
        ({}, "Select whether you agree"),
        ({"kind": "answered", "comment": QUERY}, "Select one of the options listed"),
        ({"kind": "pending", "comment": ""}, "Select one of the options listed"),
    ],
    ids=[
        "query_without_comment",
        "query_with_blank_comment",
        "query_with_short_comment",
        "query_with_short_comment_padded",
        "long_comment",
        "no_choice",
        "empty_post",
        "team_lead_posing_as_the_adviser",
        "tampered_choice",
    ],
)
def test_bad_review_shows_the_error_and_saves_nothing(team_lead_a_client, pending_a, data, message):
    """STYLE: bad input shows a message beside its field and in the summary, and saves nothing."""
    response = team_lead_a_client.post(review_url(pending_a), data)

    assert_form_error(response, message)
    assert not OverrideReview.objects.exists()
    pending_a.refresh_from_db()
    assert pending_a.review_status == "pending"
    assert not AuditEvent.objects.filter(action="override_reviewed").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"comment": ""}, "Enter your answer"),
        ({}, "Enter your answer"),
        ({"comment": "Yes"}, "Answer must be 10 characters or more"),
        ({"comment": "x" * 2001}, "Answer must be 2000 characters or fewer"),
    ],
    ids=["no_answer", "empty_post", "short_answer", "long_answer"],
)
def test_bad_answer_shows_the_error_and_saves_nothing(adviser_a_client, override_a, data, message):
    response = adviser_a_client.post(answer_url(override_a), data)

    assert_form_error(response, message)
    assert OverrideReview.objects.filter(kind="answered").count() == 0
    override_a.refresh_from_db()
    assert override_a.review_status == "queried"


def test_only_the_adviser_who_made_the_override_answers(client, team_a, override_a):
    colleague = make_user("adviser_a2", Role.ADVISER, team_a)
    client.force_login(colleague)
    assert client.get(answer_url(override_a)).status_code == 404
    assert client.post(answer_url(override_a), {"comment": ANSWER}).status_code == 404
    override_a.refresh_from_db()
    assert override_a.review_status == "queried"


@pytest.mark.parametrize("status", ["pending", "agreed", "answered"])
def test_only_a_query_waiting_for_an_answer_can_be_answered(adviser_a_client, pending_a, status):
    Override.objects.filter(pk=pending_a.pk).update(review_status=status)
    assert adviser_a_client.post(answer_url(pending_a), {"comment": ANSWER}).status_code == 404
    assert not OverrideReview.objects.exists()


# Teams and roles


def test_other_teams_override_is_404_and_nothing_changes(team_lead_a_client, pending_a, pending_b):
    assert team_lead_a_client.get(review_url(pending_b)).status_code == 404
    assert team_lead_a_client.post(review_url(pending_b), {"kind": "agreed", "comment": ""}).status_code == 404
    assert not OverrideReview.objects.exists()
    pending_b.refresh_from_db()
    assert pending_b.review_status == "pending"
    for status in ("pending", "queried", "agreed"):
        assert pending_b.pk not in listed(team_lead_a_client, status)


def test_other_teams_query_cannot_be_answered(adviser_a_client, override_b):
    assert adviser_a_client.get(answer_url(override_b)).status_code == 404
    assert adviser_a_client.post(answer_url(override_b), {"comment": ANSWER}).status_code == 404
    override_b.refresh_from_db()
    assert override_b.review_status == "queried"


def test_other_teams_overrides_are_not_in_the_list_or_summary(team_lead_a_client, pending_a, pending_b):
    response = team_lead_a_client.get(LIST)
    page = response.content.decode()
    assert pending_b.assessment.person.ref not in page
    assert "adviser_b" not in page
    assert [row["adviser"] for row in response.context["summary"]] == ["Ailsa MacLeod"]


def test_adviser_cannot_review(adviser_a_client, pending_a):
    assert adviser_a_client.get(review_url(pending_a)).status_code == 403
    assert adviser_a_client.post(review_url(pending_a), {"kind": "agreed", "comment": ""}).status_code == 403
    assert adviser_a_client.get(LIST).status_code == 403
    assert not OverrideReview.objects.exists()
    pending_a.refresh_from_db()
    assert pending_a.review_status == "pending"


def test_evaluator_cannot_review_or_answer(client, evaluator, pending_a, override_b):
    client.force_login(evaluator)
    assert client.get(LIST).status_code == 403
    assert client.post(review_url(pending_a), {"kind": "agreed", "comment": ""}).status_code == 403
    assert client.post(answer_url(override_b), {"comment": ANSWER}).status_code == 403
    assert OverrideReview.objects.filter(kind__in=["agreed", "answered"]).count() == 0


@pytest.mark.parametrize("status", ["everything", "", "QUERIED"])
def test_unknown_status_shows_the_pending_list(team_lead_a_client, pending_a, status):
    assert listed(team_lead_a_client, status) == [pending_a.pk]


# Summary per adviser


@pytest.fixture
def summary_data(adviser_a, team_lead_a, team_a, situation_a, adviser_b, situation_b):
    """Hand-counted band changes in team A (and one in team B that must not count).

    Ailsa MacLeod: 4 checklists; changed 3 of them: low→high and low→medium (caring, up),
                   high→low (job prospects, down). Rate 3/4.
    Duncan Baird:  2 checklists; changed one of them twice: low→medium then medium→low (health,
                   up then down). 2 changes, but 1 of 2 checklists: rate 1/2.
    team_lead_a:   no checklists; changed Ailsa's 4th, low→high (complex needs, up). No rate.
    """
    duncan = make_user("adviser_a2", Role.ADVISER, team_a, first_name="Duncan", last_name="Baird")

    def checklist(adviser, answers=None, situation=situation_a):
        return assess(adviser, register(adviser, situation), answers)

    a1, a2, a3, a4 = (
        checklist(adviser_a),
        checklist(adviser_a),
        checklist(adviser_a, HIGH_RISK_ANSWERS),
        checklist(adviser_a),
    )
    change_band(a1, adviser_a, "high", "caring")
    change_band(a2, adviser_a, "medium", "caring")
    change_band(a3, adviser_a, "low", "job_prospects")
    change_band(a4, team_lead_a, "high", "complex_needs")
    d1, _ = checklist(duncan), checklist(duncan)
    change_band(d1, duncan, "medium", "health")
    change_band(d1, duncan, "low", "health")
    change_band(checklist(adviser_b, situation=situation_b), adviser_b, "high", "other")


def summary_rows(response) -> list[list[str]]:
    """The cells of the per-adviser table, as text."""
    table = response.content.decode().split("Band changes per adviser", 1)[1]
    body = re.search(r"<tbody.*?</tbody>", table, re.S).group(0)
    return [
        [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr.*?</tr>", body, re.S)
    ]


def test_summary_per_adviser_matches_hand_counted_figures(team_lead_a_client, summary_data):
    response = team_lead_a_client.get(LIST)

    assert response.context["summary"] == [
        {
            "adviser": "Ailsa MacLeod",
            "assessments": 4,
            "overrides": 3,
            "rate": 0.75,
            "up": 2,
            "down": 1,
            "reasons": [("Caring responsibilities", 2), ("Has a job offer or firm prospects", 1)],
        },
        {
            "adviser": "Duncan Baird",
            "assessments": 2,
            "overrides": 2,
            "rate": 0.5,
            "up": 1,
            "down": 1,
            "reasons": [("Health or disability", 2)],
        },
        {
            "adviser": "team_lead_a",
            "assessments": 0,
            "overrides": 1,
            "rate": None,
            "up": 1,
            "down": 0,
            "reasons": [("Multiple or complex needs", 1)],
        },
    ]
    assert summary_rows(response) == [
        [
            "Ailsa MacLeod",
            "4",
            "3",
            "75%",
            "2",
            "1",
            "Caring responsibilities (2); Has a job offer or firm prospects (1)",
        ],
        ["Duncan Baird", "2", "2", "50%", "1", "1", "Health or disability (2)"],
        ["team_lead_a", "0", "1", "–", "1", "0", "Multiple or complex needs (1)"],
    ]


def test_summary_says_when_no_one_has_changed_a_band(team_lead_a_client, assessment_a):
    response = team_lead_a_client.get(LIST)
    assert response.context["summary"] == []
    assert "No adviser in your team has changed a band yet." in response.content.decode()


# Query counts


def test_override_list_query_count_does_not_grow(team_lead_a_client, team_lead_a, adviser_a, team_a, situation_a):
    """STYLE, Tests: "List pages pin their query count at two sizes"; 30 changes fill two pages."""
    duncan = make_user("adviser_a2", Role.ADVISER, team_a, first_name="Duncan", last_name="Baird")
    counts = []
    made = 0
    for n in (3, 30):
        for i in range(made, n):
            adviser = (adviser_a, duncan)[i % 2]
            assessment = assess(adviser, register(adviser, situation_a, given_name=f"Person{i:02d}"))
            override = change_band(assessment, adviser, ("medium", "high")[i % 2], ("caring", "health", "other")[i % 3])
            if i % 5 == 0:
                services.override_review(override=override, kind="queried", comment=QUERY, acting_user=team_lead_a)
                services.override_answer(override=override, comment=ANSWER, acting_user=adviser)
        made = n
        with CaptureQueriesContext(connection) as queries:
            response = team_lead_a_client.get(LIST)
        assert response.context["page"].paginator.count == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_review_page_query_count_does_not_grow_with_the_conversation(
    team_lead_a_client, team_lead_a, adviser_a, pending_a
):
    counts = []
    for _ in range(2):
        services.override_review(override=pending_a, kind="queried", comment=QUERY, acting_user=team_lead_a)
        services.override_answer(override=pending_a, comment=ANSWER, acting_user=adviser_a)
        with CaptureQueriesContext(connection) as queries:
            assert team_lead_a_client.get(review_url(pending_a)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
