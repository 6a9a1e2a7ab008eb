"""Find a person: `person-search`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import assess, register
from triage.models import AuditEvent

URL = reverse("person-search")


def search(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return [person.ref for person in response.context["page"].object_list]


@pytest.fixture
def team_a_people(adviser_a, situation_a, person_a):
    """person_a is Morag Campbell; two more so a search has something to leave out."""
    return [
        person_a,
        register(adviser_a, situation_a, given_name="Callum", family_name="Campbell"),
        register(adviser_a, situation_a, given_name="Morag", family_name="Stewart"),
    ]


def test_blank_search_lists_the_teams_people_newest_first(adviser_a_client, team_a_people, person_b):
    refs = search(adviser_a_client, "")
    assert refs == [p.ref for p in reversed(team_a_people)]


def test_search_finds_by_surname(adviser_a_client, team_a_people):
    morag, callum, _ = team_a_people
    assert set(search(adviser_a_client, "Campbell")) == {morag.ref, callum.ref}


def test_search_finds_by_first_and_last_name(adviser_a_client, team_a_people):
    """Issue #3: "search the team's people by name or reference"; every word must match."""
    morag = team_a_people[0]
    assert search(adviser_a_client, "Morag Campbell") == [morag.ref]
    assert search(adviser_a_client, "  morag   campbell ") == [morag.ref]


def test_search_matches_part_of_a_name_in_any_case(adviser_a_client, team_a_people):
    assert len(search(adviser_a_client, "CAMP")) == 2


@pytest.mark.parametrize("form", ["as_stored", "without_prefix", "lower_case", "lower_case_without_prefix"])
def test_search_finds_by_reference(adviser_a_client, team_a_people, form):
    ref = team_a_people[1].ref  # "P-" and six characters
    typed = {
        "as_stored": ref,
        "without_prefix": ref[2:],
        "lower_case": ref.lower(),
        "lower_case_without_prefix": ref[2:].lower(),
    }[form]
    assert search(adviser_a_client, typed) == [ref]


def test_search_shows_the_latest_band(adviser_a_client, adviser_a, person_a):
    assess(adviser_a, person_a)
    page = adviser_a_client.get(URL, {"q": "Campbell"}).content.decode()
    assert "Low" in page
    assert "Not assessed" not in page


def test_search_with_no_match_says_so(adviser_a_client, team_a_people):
    response = adviser_a_client.get(URL, {"q": "Nobody"})
    assert "No one in your team matches" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["", "Iain", "Robertson", "Iain Robertson", "robertson", "REF", "REF_NO_PREFIX", "ref_lower", "%", "_", "*", " "],
)
def test_search_never_returns_another_teams_people(adviser_a_client, team_a_people, person_b, query):
    """Issue #3: advisers "see only their team's people, enforced in the queries that fetch objects"."""
    query = {"REF": person_b.ref, "REF_NO_PREFIX": person_b.ref[2:], "ref_lower": person_b.ref.lower()}.get(
        query, query
    )
    response = adviser_a_client.get(URL, {"q": query})
    assert person_b.ref not in [p.ref for p in response.context["page"].object_list]
    assert reverse("person-detail", args=[person_b.ref]) not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "'; DROP TABLE triage_person; --"},
        {"q": "\x00"},
        {"q": "Campbell", "page": "abc"},
        {"q": "Campbell", "page": "99999999999999999999"},
        {"q": "Campbell", "page": "-1"},
        {"q": ["Campbell", "Morag"]},
    ],
)
def test_odd_search_input_is_not_a_server_error(adviser_a_client, team_a_people, params):
    """Issue #3, Bad input: "No input gives a server error"."""
    assert adviser_a_client.get(URL, params).status_code == 200


def test_search_is_audited_without_the_query(adviser_a_client, team_a_people):
    """Audit rows hold ids only, never names (STYLE: logs carry ids, never names)."""
    adviser_a_client.get(URL, {"q": "Morag Campbell"})
    event = AuditEvent.objects.get(action="people_searched")
    assert "Morag" not in event.detail and "Campbell" not in event.detail


@pytest.mark.parametrize("params", [{"q": "Campbell"}, {}], ids=["search", "recent"])
def test_search_query_count_does_not_grow_with_people(adviser_a_client, adviser_a, situation_a, params):
    """STYLE, Tests: "List pages pin their query count at two sizes"."""
    counts = []
    made = 0
    for n in (3, 30):
        for i in range(made, n):
            person = register(adviser_a, situation_a, given_name=f"Person{i}", family_name="Campbell")
            if i % 2:
                assess(adviser_a, person)
        made = n
        with CaptureQueriesContext(connection) as queries:
            assert adviser_a_client.get(URL, params).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_team_lead_searches_their_team(client, team_lead_a, team_a_people, person_b):
    client.force_login(team_lead_a)
    assert set(search(client, "")) == {p.ref for p in team_a_people}


def test_evaluator_cannot_search_people(client, evaluator, team_a_people):
    client.force_login(evaluator)
    response = client.get(URL, {"q": "Campbell"})
    assert response.status_code == 403
    assert "Campbell" not in response.content.decode()


def test_search_by_date_of_birth_typed_day_first(adviser_a_client, person_a, person_b):
    """person_a was born 27 March 1975; team B's person with the same date never shows."""
    from triage.models import Person

    Person.objects.filter(pk=person_b.pk).update(date_of_birth=person_a.date_of_birth)
    for typed in ("27/3/1975", "27/03/1975", "27.03.1975", "27-3-1975"):
        page = adviser_a_client.get(reverse("person-search"), {"q": typed}).content.decode()
        assert person_a.ref in page
        assert person_b.ref not in page
