"""The caseload list: `caseload`.

Issue #5, Caseload list: "Filters: effective band, model band, overridden, adviser, redundancy
situation, area, assessed between dates, 'no intervention started'. Sort by any column on the server
(emit `aria-sort` as the MoJ sortable-table pattern does), search by name or reference, pagination.
Filters live in the URL."
"""

import html
import re
from datetime import datetime, time, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    HIGH_RISK_ANSWERS,
    REFERENCE_ANSWERS,
    add_intervention,
    assess,
    make_situation,
    make_user,
    register,
)
from triage import services
from triage.access import Role
from triage.filters import QUEUES, SORTS
from triage.models import CouncilArea, Person
from triage.scoring import PREFER_NOT_TO_SAY

URL = reverse("caseload")

HEADER = re.compile(
    r'<th scope="col" class="govuk-table__header[^"]*" aria-sort="([a-z]+)">'
    r'<a class="govuk-link app-sort-link" href="([^"]*)">([^<]+)</a>'
)
DECLINED = ["q6a_confidence", "q6b_expected_time", "q9a_physical", "q9b_disability", "q9c_mental"]


def assessed_on(person, day):
    """Date the person's latest assessment, at noon, so a day filter has a clear side to fall on."""
    Person.objects.filter(pk=person.pk).update(assessed_at=timezone.make_aware(datetime.combine(day, time(12))))


def names(response) -> list[str]:
    assert response.status_code == 200
    return [person["given_name"] for person in response.context["page"].object_list]


def refs(response) -> list[str]:
    assert response.status_code == 200
    return [person["ref"] for person in response.context["page"].object_list]


def headers(response) -> dict[str, tuple[str, dict]]:
    """Each sortable column's label → (aria-sort, the query its link asks for)."""
    found = HEADER.findall(response.content.decode())
    return {label: (aria, parse_qs(html.unescape(href).lstrip("?"))) for aria, href, label in found}


@pytest.fixture
def team_lead_a_client(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


@pytest.fixture
def edinburgh(db):
    return CouncilArea.objects.get(name="City of Edinburgh")


@pytest.fixture
def adviser_a2(team_a):
    return make_user("adviser_a2", Role.ADVISER, team_a, first_name="Duncan", last_name="Baird")


@pytest.fixture
def situation_a2(team_a, glasgow, today):
    return make_situation(team_a, glasgow, today - timedelta(days=60), employer="Ardrossan Bakery")


@pytest.fixture
def caseload(adviser_a, adviser_a2, situation_a, situation_a2, edinburgh, today):
    """Team A, one person for each thing a filter tells apart (registered in this order, so pk order):

    | person          | band   | checklist | adviser       | redundancy | area      | assessed    | support  |
    | Morag Campbell  | low    | low       | Ailsa MacLeod | Clydeside  | Glasgow   | 40 days ago | none     |
    | Callum Campbell | high   | high      | Ailsa MacLeod | Ardrossan  | Edinburgh | 10 days ago | started  |
    | Isla Stewart    | medium | low       | Duncan Baird  | Clydeside  | Glasgow   | 3 days ago  | referred |
    | Kirsty Reid     | –      | –         | Duncan Baird  | Ardrossan  | Glasgow   | never       | none     |
    """
    morag = register(adviser_a, situation_a)
    assess(adviser_a, morag)
    callum = register(adviser_a, situation_a2, given_name="Callum", family_name="Campbell", council_area=edinburgh)
    assess(adviser_a, callum, HIGH_RISK_ANSWERS)
    add_intervention(adviser_a, callum, status="started")
    isla = register(adviser_a2, situation_a, given_name="Isla", family_name="Stewart")
    services.override_add(
        assessment=assess(adviser_a2, isla),
        to_band="medium",
        reason_category="caring",
        reason_text="Caring for a parent full time, which the checklist does not ask about.",
        acting_user=adviser_a2,
    )
    add_intervention(adviser_a2, isla, status="referred")
    kirsty = register(adviser_a2, situation_a2, given_name="Kirsty", family_name="Reid")
    assessed_on(morag, today - timedelta(days=40))
    assessed_on(callum, today - timedelta(days=10))
    assessed_on(isla, today - timedelta(days=3))
    return SimpleNamespace(
        morag=morag,
        callum=callum,
        isla=isla,
        kirsty=kirsty,
        adviser_a2=adviser_a2,
        situation_a2=situation_a2,
        edinburgh=edinburgh,
        today=today,
    )


@pytest.fixture
def iain_b(adviser_b, situation_b, today):
    """Team B's Iain Robertson sits in every queue: incomplete checklist changed to high, long ago, no support."""
    iain = register(adviser_b, situation_b, given_name="Iain", family_name="Robertson")
    assessment = assess(adviser_b, iain, {**REFERENCE_ANSWERS, **dict.fromkeys(DECLINED, PREFER_NOT_TO_SAY)})
    services.override_add(
        assessment=assessment,
        to_band="high",
        reason_category="health",
        reason_text="Long-term health condition the checklist could not capture.",
        acting_user=adviser_b,
    )
    assessed_on(iain, today - timedelta(days=400))
    return iain


def test_team_lead_sees_the_team_with_each_column(team_lead_a_client, caseload):
    response = team_lead_a_client.get(URL)
    page = response.content.decode()

    assert sorted(names(response)) == ["Callum", "Isla", "Kirsty", "Morag"]
    assert "<h1" in page and "Team caseload" in page
    assert "Ardrossan Bakery" in page and "City of Edinburgh" in page
    assert "Duncan Baird" in page and "Ailsa MacLeod" in page
    assert "Checklist: low" in page  # Isla's band was changed from the checklist's
    assert "latest started" in page and "latest referred" in page
    assert "40 days ago" in page and "Not assessed" in page


def test_each_row_links_to_the_person_and_escapes_what_was_typed(team_lead_a_client, adviser_a, glasgow, today):
    situation = make_situation(adviser_a.team, glasgow, today, employer="Smith & <Sons>")
    person = register(adviser_a, situation, given_name="<b>Ann</b>", family_name="O'Neil")

    page = team_lead_a_client.get(URL).content.decode()
    detail = reverse("person-detail", args=[person.ref])
    assert f'<a class="govuk-link" href="{detail}">&lt;b&gt;Ann&lt;/b&gt; O&#x27;Neil</a>' in page
    assert '<td class="govuk-table__cell">Smith &amp; &lt;Sons&gt;<' in page
    assert re.search(rf'<option value="{situation.pk}">Smith &amp; &lt;Sons&gt; \(\w+ \d{{4}}\)</option>', page)
    assert "<b>Ann</b>" not in page and "<Sons>" not in page


@pytest.mark.parametrize("scope", ["team", "mine"])
def test_each_row_has_a_cell_for_each_column(adviser_a_client, caseload, scope):
    """The adviser column is the team list's only: a row's cells line up with the headers either way."""
    page = adviser_a_client.get(URL, {"scope": scope}).content.decode()
    columns = len(HEADER.findall(page))
    assert columns == (7 if scope == "team" else 6)
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = body.split('<tr class="govuk-table__row">')[1:]
    assert rows and all(row.count('<td class="govuk-table__cell') == columns for row in rows)


# Filters


FILTERS = {
    "band_low": (lambda c: {"band": "low"}, {"Morag"}),
    "band_medium": (lambda c: {"band": "medium"}, {"Isla"}),
    "band_high": (lambda c: {"band": "high"}, {"Callum"}),
    "band_low_or_high": (lambda c: {"band": ["low", "high"]}, {"Morag", "Callum"}),
    "model_band_low": (lambda c: {"model_band": "low"}, {"Morag", "Isla"}),
    "model_band_high": (lambda c: {"model_band": "high"}, {"Callum"}),
    "model_band_medium": (lambda c: {"model_band": "medium"}, set()),
    "overridden_yes": (lambda c: {"overridden": "yes"}, {"Isla"}),
    "overridden_no": (lambda c: {"overridden": "no"}, {"Morag", "Callum", "Kirsty"}),
    "adviser": (lambda c: {"adviser": c.adviser_a2.pk}, {"Isla", "Kirsty"}),
    "situation": (lambda c: {"situation": c.situation_a2.pk}, {"Callum", "Kirsty"}),
    "employer": (lambda c: {"employer": "ardrossan"}, {"Callum", "Kirsty"}),
    "employer_part_and_spaces": (lambda c: {"employer": "  Fabrication   "}, {"Morag", "Isla"}),
    "employer_no_match": (lambda c: {"employer": "Tayside"}, set()),
    "council_area": (lambda c: {"council_area": c.edinburgh.pk}, {"Callum"}),
    "assessed_from": (lambda c: {"assessed_from": c.today - timedelta(days=10)}, {"Callum", "Isla"}),
    "assessed_to": (lambda c: {"assessed_to": c.today - timedelta(days=10)}, {"Morag", "Callum"}),
    "assessed_on_one_day": (
        lambda c: {"assessed_from": c.today - timedelta(days=10), "assessed_to": c.today - timedelta(days=10)},
        {"Callum"},
    ),
    "assessed_from_after_to": (
        lambda c: {"assessed_from": c.today - timedelta(days=3), "assessed_to": c.today - timedelta(days=10)},
        set(),
    ),
    # A referral is not support started: only "started" or "completed" counts.
    "no_support": (lambda c: {"no_support": "true"}, {"Morag", "Isla", "Kirsty"}),
    "no_support_unticked": (lambda c: {"no_support": ""}, {"Morag", "Callum", "Isla", "Kirsty"}),
    "filters_combine": (lambda c: {"band": ["low", "medium"], "adviser": c.adviser_a2.pk}, {"Isla"}),
    "q_surname": (lambda c: {"q": "Campbell"}, {"Morag", "Callum"}),
    "q_first_and_last": (lambda c: {"q": "Morag Campbell"}, {"Morag"}),
    "q_lower_case_and_spaces": (lambda c: {"q": "  morag   campbell "}, {"Morag"}),
    "q_part_of_a_name": (lambda c: {"q": "STEW"}, {"Isla"}),
    "q_no_match": (lambda c: {"q": "Nobody"}, set()),
    "q_reference": (lambda c: {"q": c.kirsty.ref}, {"Kirsty"}),
    "q_reference_without_prefix": (lambda c: {"q": c.kirsty.ref[2:]}, {"Kirsty"}),
    "q_reference_lower_case": (lambda c: {"q": c.kirsty.ref.lower()}, {"Kirsty"}),
    "q_reference_lower_case_without_prefix": (lambda c: {"q": c.kirsty.ref[2:].lower()}, {"Kirsty"}),
    "q_and_filter": (lambda c: {"q": "Campbell", "band": "high"}, {"Callum"}),
}


@pytest.mark.parametrize(("params", "expected"), FILTERS.values(), ids=FILTERS.keys())
def test_each_filter_and_search(team_lead_a_client, caseload, iain_b, params, expected):
    response = team_lead_a_client.post(URL, params(caseload), follow=True)  # the form, as sent
    assert set(names(response)) == expected


def test_adviser_filters_their_teams_caseload(adviser_a_client, caseload):
    response = adviser_a_client.get(URL, {"scope": "team", "adviser": caseload.adviser_a2.pk, "band": "medium"})
    assert names(response) == ["Isla"]


def test_filter_form_shows_the_values_in_the_url(team_lead_a_client, caseload):
    """Bookmarkable, and the back button works: the form is filled from the query string, and the
    name box from the term the query string's token stands for."""
    page = team_lead_a_client.post(
        URL, {"band": "high", "adviser": caseload.adviser_a2.pk, "q": "Campbell", "no_support": "true"}, follow=True
    ).content.decode()
    assert re.search(r'name="band" id="[^"]*" value="high" checked', page)
    assert re.search(rf'<option value="{caseload.adviser_a2.pk}" selected>Duncan Baird</option>', page)
    assert 'name="q" type="search" value="Campbell"' in page
    assert re.search(r'name="no_support" id="id_no_support" value="true" checked', page)
    assert '<details class="govuk-details" open>' in page


def test_adviser_list_offers_only_the_teams_advisers_and_situations(
    team_lead_a_client, caseload, adviser_b, situation_b
):
    response = team_lead_a_client.get(URL)
    form = response.context["filterset"].form
    assert {u.username for u in form.fields["adviser"].queryset} == {"adviser_a", "adviser_a2", "team_lead_a"}
    assert set(form.fields["situation"].queryset) == {caseload.situation_a2, caseload.morag.situation}
    assert "Tayside Jute Works" not in response.content.decode()


def test_redundancy_list_names_each_situation_newest_first(team_lead_a_client, caseload):
    page = team_lead_a_client.get(URL).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]+)</option>', page[page.index('name="situation"') :])
    clydeside, ardrossan = caseload.morag.situation, caseload.situation_a2  # notified 30 and 60 days ago
    assert options[:3] == [
        ("", "Any redundancy"),
        (str(clydeside.pk), f"Clydeside Fabrication Ltd ({clydeside.notified_date:%B %Y})"),
        (str(ardrossan.pk), f"Ardrossan Bakery ({ardrossan.notified_date:%B %Y})"),
    ]


def test_too_many_redundancies_to_list_leaves_the_employer_box(team_lead_a_client, caseload, glasgow, monkeypatch):
    """Past the limit a list of redundancies is too long to choose from: the employer box finds them,
    and a redundancy chosen by a link stays applied and is shown."""
    monkeypatch.setattr("triage.selectors.caseload.SITUATION_CHOICES_LIMIT", 1)
    page = team_lead_a_client.get(URL).content.decode()
    assert 'name="situation"' not in page
    assert 'name="employer"' in page

    response = team_lead_a_client.get(URL, {"situation": caseload.situation_a2.pk})
    assert set(names(response)) == {"Callum", "Kirsty"}
    page = response.content.decode()
    assert f'<input type="hidden" name="situation" value="{caseload.situation_a2.pk}">' in page
    shown = f"Ardrossan Bakery ({caseload.situation_a2.notified_date:%B %Y})"
    assert f'<p class="govuk-body">{shown}</p>' in page


def test_situation_list_query_count_does_not_grow_past_the_limit(team_lead_a_client, caseload, glasgow, monkeypatch):
    with CaptureQueriesContext(connection) as listed:
        team_lead_a_client.get(URL)
    monkeypatch.setattr("triage.selectors.caseload.SITUATION_CHOICES_LIMIT", 1)
    with CaptureQueriesContext(connection) as unlisted:
        team_lead_a_client.get(URL)
    assert len(unlisted) == len(listed)


# Sorts


# Each sort's ascending order; descending is the exact reverse, because ties fall back on pk both ways.
SORT_ORDERS = {
    "name": ["Callum", "Morag", "Kirsty", "Isla"],
    "band": ["Kirsty", "Morag", "Isla", "Callum"],
    # Never-assessed people have no date: where NULL sorts differs between SQLite and PostgreSQL,
    # so this order is of the assessed people only.
    "assessed": ["Morag", "Callum", "Isla"],
    "support": ["Morag", "Kirsty", "Callum", "Isla"],
    "adviser": ["Isla", "Kirsty", "Morag", "Callum"],
    "situation": ["Callum", "Kirsty", "Morag", "Isla"],
    "area": ["Callum", "Morag", "Isla", "Kirsty"],
}


def test_every_sort_is_tested():
    assert set(SORT_ORDERS) == set(SORTS)


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("key", SORT_ORDERS)
def test_each_sort_orders_the_rows_and_sets_aria_sort(team_lead_a_client, caseload, key, descending):
    """MoJ sortable table: the sorted column's header says which way; every other header says "none"."""
    response = team_lead_a_client.get(URL, {"sort": f"-{key}" if descending else key})

    expected = SORT_ORDERS[key][::-1] if descending else SORT_ORDERS[key]
    shown = [name for name in names(response) if key != "assessed" or name != "Kirsty"]
    assert shown == expected

    columns = headers(response)
    assert set(columns) == {label for label, _ in SORTS.values()}
    active = SORTS[key][0]
    for label, (aria, query) in columns.items():
        if label == active:
            assert aria == ("descending" if descending else "ascending")
            # Its link turns the order round.
            assert query["sort"] == [key if descending else f"-{key}"]
        else:
            assert aria == "none", label
            assert query["sort"][0].lstrip("-") != key


def test_default_sort_puts_the_highest_band_first(team_lead_a_client, caseload):
    response = team_lead_a_client.get(URL)
    assert names(response) == SORT_ORDERS["band"][::-1]
    assert headers(response)["Band"][0] == "descending"


def test_sort_links_keep_the_filters_and_go_back_to_the_first_page(team_lead_a_client, caseload):
    response = team_lead_a_client.post(URL, {"band": ["low", "high"], "q": "Campbell", "scope": "team"}, follow=True)
    _, query = headers(response)["Name"]
    token = query.pop("search")
    assert query == {"band": ["low", "high"], "scope": ["team"], "sort": ["name"]}
    assert team_lead_a_client.session["caseload_searches"][token[0]] == "Campbell"


# Pagination


@pytest.fixture
def thirty_campbells(adviser_a, situation_a):
    """30 low-band Campbells, and one high-band one the band filter must leave out of every page."""
    people = [register(adviser_a, situation_a, given_name=f"Person{i:02d}") for i in range(30)]
    for person in people:
        assess(adviser_a, person)
    assess(adviser_a, register(adviser_a, situation_a, given_name="Person99"), HIGH_RISK_ANSWERS)
    return people


def next_link(response) -> str:
    match = re.search(
        r'<a class="govuk-link govuk-pagination__link" href="([^"]*)" rel="next">', response.content.decode()
    )
    assert match, "no link to the next page"
    return html.unescape(match.group(1))


def test_pagination_keeps_the_filters_in_its_links(team_lead_a_client, thirty_campbells):
    first = team_lead_a_client.post(URL, {"band": "low", "q": "Campbell", "sort": "name", "scope": "team"}, follow=True)
    href = next_link(first)
    query = parse_qs(urlsplit(href).query)
    assert len(query.pop("search")[0]) > 0  # the term's token, not the term
    assert query == {"band": ["low"], "sort": ["name"], "scope": ["team"], "page": ["2"]}

    second = team_lead_a_client.get(URL + href)

    assert len(names(first)) == 25
    assert names(first) + names(second) == [f"Person{i:02d}" for i in range(30)]
    assert "Person99" not in names(first) + names(second)
    assert second.context["page"].number == 2
    assert 'rel="prev"' in second.content.decode()


def test_page_size_can_be_chosen_and_is_kept_in_links(team_lead_a_client, thirty_campbells):
    response = team_lead_a_client.get(URL, {"per_page": "100", "band": "low"})
    assert len(names(response)) == 30
    response = team_lead_a_client.get(URL, {"per_page": "25", "band": "low"})
    assert parse_qs(urlsplit(next_link(response)).query)["per_page"] == ["25"]


# Scope: my caseload or the team's


def test_adviser_sees_their_own_caseload_by_default(adviser_a_client, caseload):
    response = adviser_a_client.get(URL)
    assert sorted(names(response)) == ["Callum", "Morag"]
    assert response.context["scope"] == "mine"
    assert "My caseload" in response.content.decode()


def test_adviser_can_switch_to_the_whole_team(adviser_a_client, caseload):
    response = adviser_a_client.get(URL, {"scope": "team"})
    assert sorted(names(response)) == ["Callum", "Isla", "Kirsty", "Morag"]


def test_my_caseload_and_a_filter_combine(adviser_a_client, caseload):
    assert names(adviser_a_client.get(URL, {"scope": "mine", "band": "medium"})) == []


def test_team_lead_sees_the_whole_team_by_default(team_lead_a_client, team_lead_a, caseload, situation_a):
    own = register(team_lead_a, situation_a, given_name="Fiona", family_name="Gray")

    response = team_lead_a_client.get(URL)
    assert response.context["scope"] == "team"
    assert sorted(names(response)) == ["Callum", "Fiona", "Isla", "Kirsty", "Morag"]

    assert refs(team_lead_a_client.get(URL, {"scope": "mine"})) == [own.ref]


@pytest.mark.parametrize("scope", ["world", "", "MINE"])
def test_unknown_scope_falls_back_to_the_roles_default(adviser_a_client, caseload, scope):
    response = adviser_a_client.get(URL, {"scope": scope})
    assert response.context["scope"] == "mine"
    assert sorted(names(response)) == ["Callum", "Morag"]


# Team scoping


OTHER_TEAM_PARAMS = {
    "nothing": lambda b: {},
    "scope_team": lambda b: {"scope": "team"},
    "scope_mine": lambda b: {"scope": "mine"},
    "adviser": lambda b: {"scope": "team", "adviser": b.adviser.pk},
    "situation": lambda b: {"scope": "team", "situation": b.situation.pk},
    "area": lambda b: {"scope": "team", "council_area": b.council_area.pk},
    "employer": lambda b: {"scope": "team", "employer": "Tayside Jute"},
    "q_name": lambda b: {"scope": "team", "q": "Iain Robertson"},
    "q_surname": lambda b: {"scope": "team", "q": "robertson"},
    "q_reference": lambda b: {"scope": "team", "q": b.ref},
    "q_reference_lower_case_without_prefix": lambda b: {"scope": "team", "q": b.ref[2:].lower()},
    "band_and_overridden": lambda b: {"scope": "team", "band": "high", "overridden": "yes"},
    "no_support_and_dates": lambda b: {
        "scope": "team",
        "no_support": "true",
        "assessed_from": "2000-01-01",
        "assessed_to": "2100-01-01",
    },
    **{f"queue_{key}": (lambda b, key=key: {"scope": "team", "queue": key}) for key in QUEUES},
    "big_page": lambda b: {"scope": "team", "per_page": "100", "sort": "-band"},
    "team_param": lambda b: {"scope": "team", "team": b.team_id, "team_id": b.team_id},
}


@pytest.mark.parametrize("user", ["adviser_a", "team_lead_a"])
@pytest.mark.parametrize("params", OTHER_TEAM_PARAMS.values(), ids=OTHER_TEAM_PARAMS.keys())
def test_other_teams_people_never_appear(request, client, caseload, iain_b, user, params):
    """Issue #5, Done when: "team B's people never appear for team A, whatever the filter parameters"."""
    client.force_login(request.getfixturevalue(user))
    response = client.post(URL, params(iain_b), follow=True)
    page = response.content.decode()

    assert response.status_code == 200
    assert iain_b.ref not in refs(response)
    assert reverse("person-detail", args=[iain_b.ref]) not in page
    # The search box and links repeat what was typed, so look for Iain in the table's rows.
    listed = "".join(re.findall(r"<tbody.*?</tbody>", page, re.S))
    assert iain_b.ref not in listed and "Robertson" not in listed
    assert "Tayside Jute Works" not in page  # team B's redundancy, not even as a filter option


def test_other_teams_person_is_in_every_queue_of_their_own_team(client, team_lead_b, caseload, iain_b):
    """The scoping test above means something: for team B's lead, Iain is in each queue."""
    client.force_login(team_lead_b)
    for key in QUEUES:
        assert refs(client.get(URL, {"queue": key})) == [iain_b.ref], key


# Bad input


@pytest.mark.parametrize(
    "params",
    [
        {"assessed_from": "2026-13-45"},
        {"assessed_to": "yesterday"},
        {"assessed_from": "99999-01-01"},
        {"assessed_to": "9999-12-31"},
        {"assessed_from": "9999-12-31", "assessed_to": "9999-12-31"},
        {"assessed_from": "0001-01-01", "assessed_to": "0001-01-01"},
        {"assessed_from": "\x00"},
        {"band": "critical"},
        {"band": ["low", "critical"]},
        {"model_band": "LOW"},
        {"adviser": "abc"},
        {"adviser": "-1"},
        {"adviser": "99999999999999999999999"},
        {"situation": "1.5"},
        {"situation": "99999999999999999999999"},
        {"employer": "\x00" * 3},
        {"employer": "%_\\" * 200},
        {"council_area": "Glasgow"},
        {"overridden": "maybe"},
        {"no_support": "maybe"},
        {"queue": "everyone"},
        {"page": "999999"},
        {"page": "abc"},
        {"page": "-1"},
        {"per_page": "1000000"},
        {"per_page": "abc"},
        {"sort": "evil"},
        {"sort": "-"},
        {"sort": "--name"},
        {"sort": "name; DROP TABLE triage_person"},
        {"q": "x" * 5000},
        {"q": "%_*'\""},
        {"q": "\x00"},
        {"q": ["Morag", "Callum"]},
        {"\x00": "x"},
        {"scope": "team\x00"},
    ],
)
def test_odd_input_is_not_a_server_error(team_lead_a_client, caseload, iain_b, params):
    """An invalid value is left out (the rest of the list still shows), never a server error."""
    response = team_lead_a_client.get(URL, params, follow=True)
    assert response.status_code == 200
    assert iain_b.ref not in response.content.decode()


def test_page_past_the_end_shows_the_last_page(team_lead_a_client, thirty_campbells):
    response = team_lead_a_client.get(URL, {"page": "999999", "sort": "name", "band": "low"})
    assert response.context["page"].number == 2
    assert names(response) == [f"Person{i:02d}" for i in range(25, 30)]


def test_unknown_sort_falls_back_to_the_default_order(team_lead_a_client, caseload):
    """The rows and the headers agree: highest band first, and the Band header says so."""
    response = team_lead_a_client.get(URL, {"sort": "evil"})
    assert names(response) == SORT_ORDERS["band"][::-1]
    columns = headers(response)
    assert columns["Band"][0] == "descending"
    assert [label for label, (aria, _) in columns.items() if aria != "none"] == ["Band"]


def test_valid_sort_still_applies_and_is_shown_when_another_filter_is_invalid(team_lead_a_client, caseload):
    response = team_lead_a_client.get(URL, {"sort": "name", "assessed_from": "garbage"})
    assert names(response) == SORT_ORDERS["name"]
    assert headers(response)["Name"][0] == "ascending"
    assert headers(response)["Band"][0] == "none"


def test_invalid_date_is_explained_beside_the_field_and_other_filters_still_apply(team_lead_a_client, caseload):
    response = team_lead_a_client.get(URL, {"assessed_from": "2026-13-45", "band": "high"})
    assert names(response) == ["Callum"]
    assert re.search(
        r'id="id_assessed_from-error"><span class="govuk-visually-hidden">Error:</span>', response.content.decode()
    )


def error_summary(response) -> list[tuple[str, str]]:
    """(link target, message) for each entry of the page's error summary, in order."""
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary.group(1)) if summary else []


@pytest.mark.parametrize("client_fixture", ["adviser_a_client", "team_lead_a_client"])
def test_invalid_filters_are_listed_in_an_error_summary_linking_to_each_field(request, client_fixture, caseload):
    """Issue #11: invalid filter values showed messages beside the fields but no error summary, on
    the adviser's and the team lead's caseloads."""
    client = request.getfixturevalue(client_fixture)
    response = client.get(URL, {"assessed_from": "2026-13-45", "band": "critical", "council_area": "Glasgow"})
    page = response.content.decode()
    entries = error_summary(response)
    assert [target for target, _ in entries] == ["id_band_0", "id_council_area", "id_assessed_from"]
    for target, message in entries:
        assert f'id="{target}"' in page  # the link lands on the field (a checkbox group on its first box)
        assert page.count(html.escape(message)) >= 2  # and the same words are beside the field
    assert re.search(r"<title>\s*Error: ", page)
    assert "Download this list" not in page


@pytest.mark.parametrize("params", [{}, {"band": "high"}, {"sort": "evil"}, {"queue": "everyone"}])
def test_no_error_summary_without_a_message_beside_a_field(team_lead_a_client, caseload, params):
    """A sort or queue comes from a link, never typed: an unknown one falls back, with nothing to correct."""
    response = team_lead_a_client.get(URL, params)
    assert error_summary(response) == []
    assert "govuk-error-summary" not in response.content.decode()
    assert "Error:" not in response.content.decode().split("</title>", 1)[0]


# Roles


def test_evaluator_cannot_see_the_caseload(client, evaluator, caseload):
    client.force_login(evaluator)
    response = client.get(URL, {"scope": "team"})
    assert response.status_code == 403
    assert "Campbell" not in response.content.decode()


def test_signed_out_visitor_is_sent_to_sign_in(client, caseload):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Query counts


def add_people(adviser, situations, areas, start, stop):
    """Varied people: every other one assessed, every third with support, advisers and areas mixed."""
    for i in range(start, stop):
        person = register(adviser, situations[i % 2], given_name=f"Person{i:02d}", council_area=areas[i % 2])
        if i % 2:
            assess(adviser, person, HIGH_RISK_ANSWERS if i % 4 == 1 else REFERENCE_ANSWERS)
        if i % 3 == 0:
            add_intervention(adviser, person, status="started")


@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "adviser", "band": ["low", "high"]}, {"queue": "support_overdue"}, {"q": "Campbell"}],
    ids=["default", "filtered_and_sorted", "queue", "search"],
)
def test_query_count_does_not_grow_with_people(
    team_lead_a_client, adviser_a, situation_a, situation_a2, glasgow, edinburgh, params
):
    """STYLE, Tests: "List pages pin their query count at two sizes"."""
    counts = []
    made = 0
    for n in (3, 30):
        add_people(adviser_a, [situation_a, situation_a2], [glasgow, edinburgh], made, n)
        made = n
        url = team_lead_a_client.post(URL, params)["Location"]  # the search's term goes to the session
        with CaptureQueriesContext(connection) as queries:
            assert team_lead_a_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_query_count_does_not_grow_with_page_size(
    team_lead_a_client, adviser_a, situation_a, situation_a2, glasgow, edinburgh
):
    add_people(adviser_a, [situation_a, situation_a2], [glasgow, edinburgh], 0, 30)
    counts = []
    for per_page in ("25", "100"):
        with CaptureQueriesContext(connection) as queries:
            response = team_lead_a_client.get(URL, {"per_page": per_page, "sort": "situation"})
        assert len(names(response)) == min(int(per_page), 30)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_band_filters_do_not_make_the_count_distinct(team_lead_a, today):
    """Every caseload filter is on the person's own row: no DISTINCT, which would slow the count."""
    from triage.selectors import caseload_filter

    filterset = caseload_filter(
        user=team_lead_a, data={"band": ["high"], "model_band": ["low"]}, today=today, scope="team"
    )
    assert "DISTINCT" not in str(filterset.qs.query)
