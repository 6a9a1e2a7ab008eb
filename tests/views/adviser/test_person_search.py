"""Find a person: `person-search`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import assess, register
from triage.models import AuditEvent

URL = reverse("person-search")
RESULTS = reverse("person-search-results")


def searched(client, query, **extra):
    """Search as the form does: POST the term, then follow the redirect to the results."""
    response = client.post(URL, {"q": query}, follow=True, **extra)
    assert response.status_code == 200
    return response


def search(client, query):
    return [person.ref for person in searched(client, query).context["page"].object_list]


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
    page = searched(adviser_a_client, "Campbell").content.decode()
    assert "Low" in page
    assert "Not assessed" not in page


def test_search_with_no_match_says_so(adviser_a_client, team_a_people):
    response = searched(adviser_a_client, "Nobody")
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
    response = searched(adviser_a_client, query)
    assert person_b.ref not in [p.ref for p in response.context["page"].object_list]
    assert reverse("person-detail", args=[person_b.ref]) not in response.content.decode()


@pytest.mark.parametrize(
    ("posted", "page_number"),
    [
        ({"q": "x" * 5000}, None),
        ({"q": "'; DROP TABLE triage_person; --"}, None),
        ({"q": "\x00"}, None),
        ({"q": "Campbell"}, "abc"),
        ({"q": "Campbell"}, "99999999999999999999"),
        ({"q": "Campbell"}, "-1"),
        ({"q": ["Campbell", "Morag"]}, None),
        ({}, None),
    ],
)
def test_odd_search_input_is_not_a_server_error(adviser_a_client, team_a_people, posted, page_number):
    """Issue #3, Bad input: "No input gives a server error"."""
    assert adviser_a_client.post(URL, posted, follow=True).status_code == 200
    assert adviser_a_client.get(RESULTS, {"page": page_number} if page_number else {}, follow=True).status_code == 200


def test_search_is_audited_without_the_query(adviser_a_client, team_a_people):
    """Audit rows hold ids only, never names (STYLE: logs carry ids, never names)."""
    searched(adviser_a_client, "Morag Campbell")
    event = AuditEvent.objects.get(action="people_searched")
    assert "Morag" not in event.detail and "Campbell" not in event.detail


@pytest.mark.parametrize("url", [RESULTS, URL], ids=["search", "recent"])
def test_search_query_count_does_not_grow_with_people(adviser_a_client, adviser_a, situation_a, url):
    """STYLE, Tests: "List pages pin their query count at two sizes"."""
    counts = []
    made = 0
    for n in (3, 30):
        for i in range(made, n):
            person = register(adviser_a, situation_a, given_name=f"Person{i}", family_name="Campbell")
            if i % 2:
                assess(adviser_a, person)
        made = n
        searched(adviser_a_client, "Campbell")
        with CaptureQueriesContext(connection) as queries:
            assert adviser_a_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_team_lead_searches_their_team(client, team_lead_a, team_a_people, person_b):
    client.force_login(team_lead_a)
    assert set(search(client, "")) == {p.ref for p in team_a_people}


def test_evaluator_cannot_search_people(client, evaluator, team_a_people):
    client.force_login(evaluator)
    for response in (client.post(URL, {"q": "Campbell"}), client.get(RESULTS)):
        assert response.status_code == 403
        assert "Campbell" not in response.content.decode()


def test_search_by_date_of_birth_typed_day_first(adviser_a_client, person_a, person_b):
    """person_a was born 27 March 1975; team B's person with the same date never shows."""
    from triage.models import Person

    Person.objects.filter(pk=person_b.pk).update(date_of_birth=person_a.date_of_birth)
    for typed in ("27/3/1975", "27/03/1975", "27.03.1975", "27-3-1975"):
        page = searched(adviser_a_client, typed).content.decode()
        assert person_a.ref in page
        assert person_b.ref not in page


# Issue #11: the name typed stays out of URLs and the title; accents, case and apostrophes aside


def test_the_name_searched_for_is_in_no_url_and_not_in_the_title(adviser_a_client, adviser_a, situation_a):
    for i in range(30):
        register(adviser_a, situation_a, given_name=f"Person{i}", family_name="Campbell")
    response = searched(adviser_a_client, "Campbell")

    urls = [url for url, _status in response.redirect_chain] + [response.request["PATH_INFO"]]
    assert urls == [RESULTS, RESULTS]
    assert not response.request["QUERY_STRING"]
    html = response.content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert "Campbell" not in title
    assert 'href="?page=2"' in html  # the next page's link carries no name
    assert "q=" not in html


def test_the_next_page_of_results_keeps_the_search(adviser_a_client, adviser_a, situation_a):
    made = {register(adviser_a, situation_a, given_name=f"Person{i}", family_name="Campbell").ref for i in range(30)}
    register(adviser_a, situation_a, given_name="Iain", family_name="Robertson")
    first = searched(adviser_a_client, "campbell").context["page"]
    second = adviser_a_client.get(RESULTS, {"page": 2}).context["page"]

    assert second.number == 2
    assert {p.ref for p in first.object_list} | {p.ref for p in second.object_list} == made


def test_results_without_a_search_go_back_to_the_form(adviser_a_client, team_a_people):
    response = adviser_a_client.get(RESULTS)
    assert response.status_code == 302
    assert response["Location"] == URL


def test_a_blank_search_forgets_the_last_term(adviser_a_client, team_a_people):
    searched(adviser_a_client, "Campbell")
    response = adviser_a_client.post(URL, {"q": "   "})
    assert response["Location"] == URL
    assert adviser_a_client.get(RESULTS)["Location"] == URL


@pytest.mark.parametrize("typed", ["siobhan oneill", "SIOBHAN O'NEILL", "Siobhán O’Neill", "siobhán o‘neill", "oneill"])
@pytest.mark.parametrize("stored", ["O’Neill", "O'Neill", "ONeill", "O`Neill"])
def test_search_ignores_accents_case_and_apostrophe_style(adviser_a_client, adviser_a, situation_a, typed, stored):
    siobhan = register(adviser_a, situation_a, given_name="Siobhán", family_name=stored)
    register(adviser_a, situation_a, given_name="Siobhan", family_name="Neil")
    assert search(adviser_a_client, typed) == [siobhan.ref]


def test_the_search_form_works_without_javascript_from_home_and_its_own_page(client, adviser_a, person_a):
    """Both forms POST with their CSRF token, as a browser without JavaScript sends them."""
    import re

    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(adviser_a)
    for page in (reverse("home"), URL):
        html = browser.get(page).content.decode()
        form = re.search(r'<form method="post" action="([^"]+)" role="search".*?</form>', html, re.S)
        assert form, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)
        response = browser.post(form.group(1), {"csrfmiddlewaretoken": token, "q": "Morag Campbell"}, follow=True)
        assert [p.ref for p in response.context["page"].object_list] == [person_a.ref]


def test_nothing_logs_the_name_searched_for(adviser_a_client, team_a_people, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        searched(adviser_a_client, "Morag Campbell")
        adviser_a_client.get(RESULTS, {"page": 2})
    assert "Morag" not in caplog.text
