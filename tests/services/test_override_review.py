"""services.override_review and services.override_answer: a team lead's second look at a band change.

Issue #5, Override review: "the team lead marks an override 'agreed' or 'queried' with a comment; a
queried override shows on the adviser's home page until the adviser answers."
"""

import pytest
from django.core.exceptions import ValidationError

from triage import selectors, services
from triage.models import AuditEvent, Override, OverrideReview, Person

REASON = "Caring for a parent full time, which the checklist does not ask about."
QUERY = "What support is the carer getting at the moment?"
ANSWER = "Respite care twice a week, arranged by the council."


@pytest.fixture
def override(adviser_a, assessment_a):
    return services.override_add(
        assessment=assessment_a, to_band="high", reason_category="caring", reason_text=REASON, acting_user=adviser_a
    )


def review(override, user, kind, comment=""):
    return services.override_review(override=override, kind=kind, comment=comment, acting_user=user)


def status(override) -> str:
    return Override.objects.get(pk=override.pk).review_status


def test_new_override_awaits_review(override):
    assert status(override) == "pending"


def test_agreeing_records_the_review_and_the_status(team_lead_a, override):
    saved = review(override, team_lead_a, "agreed", "Makes sense.")

    assert (saved.override, saved.kind, saved.comment, saved.created_by) == (
        override,
        "agreed",
        "Makes sense.",
        team_lead_a,
    )
    assert status(override) == "agreed"


def test_querying_puts_the_override_on_the_advisers_home_page(adviser_a, team_lead_a, override):
    review(override, team_lead_a, "queried", QUERY)

    assert status(override) == "queried"
    assert list(selectors.overrides_queried_for(user=adviser_a)) == [override]


def test_answer_sends_the_override_back_to_the_team_lead(adviser_a, team_lead_a, override):
    review(override, team_lead_a, "queried", QUERY)

    saved = services.override_answer(override=override, comment=ANSWER, acting_user=adviser_a)

    assert (saved.kind, saved.comment, saved.created_by) == ("answered", ANSWER, adviser_a)
    assert status(override) == "answered"
    assert list(selectors.overrides_queried_for(user=adviser_a)) == []


def test_reviews_are_appended_as_a_conversation(adviser_a, team_lead_a, override):
    """Each step is kept; only the override's status moves on."""
    review(override, team_lead_a, "queried", QUERY)
    services.override_answer(override=override, comment=ANSWER, acting_user=adviser_a)
    review(override, team_lead_a, "queried", "And what about transport to interviews?")
    services.override_answer(override=override, comment="A bus pass from the council.", acting_user=adviser_a)
    review(override, team_lead_a, "agreed")

    assert list(OverrideReview.objects.filter(override=override).values_list("kind", "created_by")) == [
        ("queried", team_lead_a.pk),
        ("answered", adviser_a.pk),
        ("queried", team_lead_a.pk),
        ("answered", adviser_a.pk),
        ("agreed", team_lead_a.pk),
    ]
    assert status(override) == "agreed"


def test_review_changes_neither_the_override_nor_the_band(adviser_a, team_lead_a, override, person_a):
    before = Person.objects.filter(pk=person_a.pk).values("band", "overridden").get()

    review(override, team_lead_a, "queried", QUERY)

    saved = Override.objects.get(pk=override.pk)
    assert (saved.from_band, saved.to_band, saved.reason_category, saved.reason_text, saved.created_by) == (
        "low",
        "high",
        "caring",
        REASON,
        adviser_a,
    )
    assert (
        Person.objects.filter(pk=person_a.pk).values("band", "overridden").get()
        == before
        == {
            "band": "high",
            "overridden": True,
        }
    )


def test_status_is_read_from_the_database_not_a_stale_object(adviser_a, team_lead_a, override):
    stale = Override.objects.get(pk=override.pk)
    review(override, team_lead_a, "queried", QUERY)
    services.override_answer(override=override, comment=ANSWER, acting_user=adviser_a)

    review(stale, team_lead_a, "agreed")

    assert status(override) == "agreed"
    assert OverrideReview.objects.filter(override=override).count() == 3


def test_review_and_answer_write_audit_rows(adviser_a, team_lead_a, override, person_a):
    review(override, team_lead_a, "queried", QUERY)
    services.override_answer(override=override, comment=ANSWER, acting_user=adviser_a)

    events = list(AuditEvent.objects.filter(action="override_reviewed").order_by("pk"))
    assert [(e.user, e.person_ref) for e in events] == [(team_lead_a, person_a.ref), (adviser_a, person_a.ref)]
    assert [e.detail for e in events] == [f"override {override.pk}: queried", f"override {override.pk}: answered"]
    # STYLE: audit rows carry ids, never what was written about the person.
    assert all(QUERY not in e.detail and ANSWER not in e.detail for e in events)


@pytest.mark.parametrize("kind", ["pending", "approved", ""])
def test_kind_outside_the_choices_is_refused_and_nothing_changes(team_lead_a, override, kind):
    with pytest.raises(ValidationError):
        review(override, team_lead_a, kind, QUERY)

    assert not OverrideReview.objects.exists()
    assert status(override) == "pending"
    assert not AuditEvent.objects.filter(action="override_reviewed").exists()


def test_other_team_lead_cannot_find_the_override_to_review(team_lead_b, override):
    """Scoping is in the selector the view uses: team B's lead never gets team A's override."""
    assert not selectors.overrides_for_review(user=team_lead_b).filter(pk=override.pk).exists()
    assert selectors.overrides_for_review(user=team_lead_b).count() == 0


def test_a_query_without_a_comment_is_refused_by_the_service(adviser_a, team_lead_a, assessment_a):
    override = services.override_add(
        assessment=assessment_a,
        to_band="high",
        reason_category="other",
        reason_text="Knows of circumstances the checklist misses.",
        acting_user=adviser_a,
    )
    with pytest.raises(ValidationError):
        services.override_review(override=override, kind="queried", comment="  ", acting_user=team_lead_a)
    with pytest.raises(ValidationError):
        services.override_answer(override=override, comment="Nothing was asked.", acting_user=adviser_a)
    assert not OverrideReview.objects.exists()


def test_the_same_answer_sent_twice_is_saved_once(adviser_a, team_lead_a, override):
    """Issue #11: a double tap on "send" posts the answer twice; the second is not an error."""
    review(override, team_lead_a, "queried", QUERY)
    first = services.override_answer(override=override, comment=ANSWER, acting_user=adviser_a)
    second = services.override_answer(override=override, comment=ANSWER, acting_user=adviser_a)
    assert second == first
    assert OverrideReview.objects.filter(kind="answered").count() == 1
    assert status(override) == "answered"


def test_the_same_review_sent_twice_is_saved_once(team_lead_a, override):
    review(override, team_lead_a, "agreed")
    review(override, team_lead_a, "agreed")
    assert OverrideReview.objects.count() == 1
