"""Download the caseload as CSV: `caseload-download`.

Issue #5: "A CSV download of the filtered list for the team lead, within their team, recorded in an
audit table (who, when, filters, rows)."
"""

import csv
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS, add_intervention, assess, make_situation, register
from triage.filters import QUEUES
from triage.models import ExportRecord, Person

URL = reverse("caseload-download")

HEADER = [
    "reference",
    "first name",
    "last name",
    "band",
    "checklist band",
    "changed by adviser",
    "incomplete",
    "assessed",
    "interventions",
    "latest intervention status",
    "adviser",
    "redundancy",
    "council area",
]


def searched(client, params) -> dict[str, list[str]]:
    """The filters as the caseload's form sends them (POST): the name or reference typed goes to the
    session, and the download link carries its token instead."""
    location = client.post(reverse("caseload"), params)["Location"]
    return parse_qs(urlsplit(location).query)


def download(client, params=None) -> list[list[str]]:
    response = client.get(URL, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="caseload-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8's byte-order mark, so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    return rows[1:]


@pytest.fixture
def team_lead_a_client(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


@pytest.fixture
def team_a_people(adviser_a, team_lead_a, situation_a):
    """Morag (low), Callum (high, support started) and Fiona (not assessed; the team lead's own)."""
    morag = register(adviser_a, situation_a)
    assess(adviser_a, morag)
    callum = register(adviser_a, situation_a, given_name="Callum")
    assess(adviser_a, callum, HIGH_RISK_ANSWERS)
    add_intervention(adviser_a, callum, status="started")
    fiona = register(team_lead_a, situation_a, given_name="Fiona", family_name="Gray")
    return morag, callum, fiona


@pytest.fixture
def iain_b(adviser_b, situation_b):
    iain = register(adviser_b, situation_b, given_name="Iain", family_name="Robertson")
    assess(adviser_b, iain, HIGH_RISK_ANSWERS)
    return iain


def test_team_lead_downloads_the_filtered_team_list(team_lead_a_client, team_lead_a, team_a_people, iain_b, today):
    _, callum, _ = team_a_people

    rows = download(team_lead_a_client, {"band": "high", "sort": "name"})

    assert rows == [
        [
            callum.ref,
            "Callum",
            "Campbell",
            "high",
            "high",
            "no",
            "no",
            f"{today:%Y-%m-%d}",
            "1",
            "started",
            "Ailsa MacLeod",
            "Clydeside Fabrication Ltd",
            "Glasgow City",
        ]
    ]


def test_unfiltered_download_is_the_whole_team_and_nobody_else(team_lead_a_client, team_a_people, iain_b):
    rows = download(team_lead_a_client)
    assert sorted(row[0] for row in rows) == sorted(p.ref for p in team_a_people)


def test_download_is_the_team_even_when_the_list_showed_my_caseload(team_lead_a_client, team_a_people):
    """The download is always the team's list: the team lead is the named adviser for only Fiona."""
    assert len(download(team_lead_a_client, {"scope": "mine"})) == 3


def test_download_follows_the_sort(team_lead_a_client, team_a_people):
    morag, callum, fiona = team_a_people
    rows = download(team_lead_a_client, {"sort": "-band"})
    assert [row[0] for row in rows] == [callum.ref, morag.ref, fiona.ref]


def test_download_is_recorded_with_user_filters_and_rows(team_lead_a_client, team_lead_a, team_a_people):
    download(team_lead_a_client, {"band": ["low", "high"], "no_support": "true", "page": "2"})

    record = ExportRecord.objects.get()
    assert record.user == team_lead_a
    assert record.kind == "caseload_csv"
    assert record.filters == {"band": ["low", "high"], "no_support": ["true"]}  # the page is not a filter
    assert record.rows == 1  # Morag: Callum's support has started, Fiona has no band
    assert record.at is not None


def test_empty_download_is_recorded_with_no_rows(team_lead_a_client, team_a_people):
    assert download(team_lead_a_client, searched(team_lead_a_client, {"q": "Nobody"})) == []
    assert ExportRecord.objects.get().rows == 0


def test_caseload_page_links_to_the_download_of_the_same_filters(team_lead_a_client, team_a_people):
    page = team_lead_a_client.get(reverse("caseload"), {"band": "high", "page": "1"}).content.decode()
    link = re.search(r'href="([^"]*)">Download this list \(CSV\)', page)
    assert link
    assert html.unescape(link.group(1)) == f"{URL}?band=high"


# CSV injection


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_in_a_name_is_neutralised(team_lead_a_client, adviser_a, situation_a, value):
    """OWASP CSV injection: a cell starting =, +, -, @, tab or carriage return is prefixed with '."""
    person = register(adviser_a, situation_a, given_name=value, family_name=value)

    (row,) = download(team_lead_a_client)

    assert row[0] == person.ref
    assert row[1] == "'" + value
    assert row[2] == "'" + value


def test_formula_in_the_employer_and_adviser_names_is_neutralised(
    team_lead_a_client, adviser_a, team_a, glasgow, today
):
    situation = make_situation(team_a, glasgow, today, employer='=HYPERLINK("http://example.invalid","x")')
    adviser_a.first_name = "=1+1"
    adviser_a.last_name = ""
    adviser_a.save()
    register(adviser_a, situation)

    (row,) = download(team_lead_a_client)

    assert row[10] == "'=1+1"
    assert row[11] == "'" + situation.employer


def test_ordinary_names_are_left_alone(team_lead_a_client, adviser_a, situation_a):
    register(adviser_a, situation_a, given_name="Anne-Marie", family_name="O'Neill")
    (row,) = download(team_lead_a_client)
    assert row[1:3] == ["Anne-Marie", "O'Neill"]


def test_a_person_with_no_adviser_has_a_blank_adviser(team_lead_a_client, adviser_a, situation_a):
    """An adviser who leaves may leave people with none: the list and the download show a blank."""
    person = register(adviser_a, situation_a, given_name="Eilidh")
    Person.objects.filter(pk=person.pk).update(adviser=None)

    (row,) = download(team_lead_a_client)
    assert row[10] == ""
    page = team_lead_a_client.get(reverse("caseload"), {"scope": "team"}).content.decode()
    assert "None" not in page and "Eilidh" in page


# Team scoping


OTHER_TEAM_PARAMS = {
    "nothing": lambda b: {},
    "adviser": lambda b: {"adviser": b.adviser.pk},
    "situation": lambda b: {"situation": b.situation.pk},
    "q_name": lambda b: {"q": "Iain Robertson"},
    "q_reference": lambda b: {"q": b.ref},
    "band": lambda b: {"band": "high"},
    **{f"queue_{key}": (lambda b, key=key: {"queue": key}) for key in QUEUES},
    "team_param": lambda b: {"team": b.team_id},
}


@pytest.mark.parametrize("params", OTHER_TEAM_PARAMS.values(), ids=OTHER_TEAM_PARAMS.keys())
def test_other_teams_people_are_never_downloaded(team_lead_a_client, team_a_people, iain_b, params):
    """Issue #5, Done when: team scoping holds "on every new page and download". Another team's
    adviser or redundancy is not a choice the filter accepts: that goes back to the list."""
    filters = searched(team_lead_a_client, params(iain_b))  # as the caseload's link would carry them
    response = team_lead_a_client.get(URL, filters)
    if response.status_code == 302:
        assert not ExportRecord.objects.exists()
        return
    body = "\n".join(",".join(row) for row in download(team_lead_a_client, filters))
    assert iain_b.ref not in body
    assert "Robertson" not in body


@pytest.mark.parametrize("params", [{"sort": "evil"}, {"sort": "name\x00"}, {"\x00": "x"}, {"queue": "nonsense"}])
def test_odd_input_still_downloads_and_is_recorded(team_lead_a_client, team_a_people, params):
    """A sort or queue no one typed is left out, never a server error (a NUL once broke the audit row
    on PostgreSQL)."""
    assert len(download(team_lead_a_client, params)) == 3
    assert ExportRecord.objects.get().rows == 3


@pytest.mark.parametrize(
    "params",
    [
        {"assessed_from": "garbage"},
        {"assessed_to": "31/02/2026", "band": "high"},
        {"adviser": "abc"},
        {"band": "critical"},
    ],
)
def test_an_invalid_filter_goes_back_to_the_list_with_its_message(team_lead_a_client, team_a_people, params):
    """Issue #11: a filter that cannot be read was left out of the file, which then held more people
    than asked for. The download goes back to the list, whose error summary says what to correct,
    and nothing is exported."""
    response = team_lead_a_client.get(URL, params)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("caseload") + "?")
    assert not ExportRecord.objects.exists()
    page = team_lead_a_client.get(response["Location"]).content.decode()
    assert "govuk-error-summary" in page
    assert "Download this list" not in page


# Roles


@pytest.mark.parametrize("role", ["adviser_a", "evaluator"])
def test_other_roles_cannot_download(request, client, team_a_people, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Campbell" not in response.content.decode()
    assert not ExportRecord.objects.exists()


def test_adviser_is_not_offered_the_download(adviser_a_client, team_a_people):
    page = adviser_a_client.get(reverse("caseload"), {"scope": "team"}).content.decode()
    assert "Download this list" not in page
    assert URL not in page


def test_other_teams_lead_downloads_only_their_own(client, team_lead_b, team_a_people, iain_b):
    client.force_login(team_lead_b)
    assert [row[0] for row in download(client)] == [iain_b.ref]


# Query counts


def test_download_query_count_does_not_grow_with_rows(team_lead_a_client, adviser_a, situation_a):
    counts = []
    made = 0
    for n in (3, 30):
        for i in range(made, n):
            person = register(adviser_a, situation_a, given_name=f"Person{i:02d}")
            if i % 2:
                assess(adviser_a, person)
        made = n
        with CaptureQueriesContext(connection) as queries:
            assert len(download(team_lead_a_client)) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_export_audit_records_that_a_search_was_made_but_not_the_name(team_lead_a_client, person_a):
    """STYLE: audit rows carry ids, never names; the filters are kept, the search text is not."""
    download(team_lead_a_client, searched(team_lead_a_client, {"q": "Morag Campbell", "band": "low"}))
    record = ExportRecord.objects.get()
    assert record.filters["search"] == ["(search text not recorded)"]
    assert record.filters["band"] == ["low"]
    assert "Morag" not in str(record.filters)


def test_an_empty_list_offers_no_download(team_lead_a_client, team_a_people):
    page = team_lead_a_client.post(reverse("caseload"), {"scope": "team", "q": "Nobody"}, follow=True).content.decode()
    assert "No one matches" in page
    assert "Download this list" not in page


@pytest.mark.parametrize(
    ("params", "names"),
    [({"assessed_to": "9999-12-31"}, {"Morag", "Callum"}), ({"assessed_from": "9999-12-31"}, set())],
)
def test_a_date_at_the_end_of_the_calendar_downloads_without_an_error(team_lead_a_client, team_a_people, params, names):
    """Issue #11: a filter date of 31/12/9999 gave a server error (the day after it does not exist)."""
    assert {row[1] for row in download(team_lead_a_client, params)} == names


def test_accented_names_survive_the_download_as_excel_reads_it(team_lead_a_client, adviser_a, situation_a):
    """Issue #11: Excel reads a CSV with a UTF-8 byte-order mark as UTF-8, so Siobhán stays Siobhán."""
    register(adviser_a, situation_a, given_name="Siobhán", family_name="O’Neill")
    response = team_lead_a_client.get(URL)
    content = b"".join(response.streaming_content)
    assert content[:3] == b"\xef\xbb\xbf"
    assert "Siobhán,O’Neill" in content[3:].decode("utf-8")
