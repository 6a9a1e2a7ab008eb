"""Issue #11: the caseload's name box never puts a name in a URL (the browser's history, the access
log, a Referer), as find a person does (decision 0009): the filter form is POSTed, the term kept in
the session, and the browser sent to the list with a token in its place. The other filters, paging,
sorting and the download keep working from the URL."""

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import assess, register

URL = reverse("caseload")
NAME = "Morag Campbell"


@pytest.fixture
def people(adviser_a, situation_a):
    morag = register(adviser_a, situation_a, given_name="Morag", family_name="Campbell")
    assess(adviser_a, morag)
    register(adviser_a, situation_a, given_name="Callum", family_name="Fraser")
    return morag


@pytest.fixture
def lead(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


def listed(response) -> set[str]:
    return set(re.findall(r'<a class="govuk-link" href="/people/P-\w+/">([^<]+)</a>', response.content.decode()))


def assert_no_name(text: str) -> None:
    for word in ("Morag", "morag", "Campbell", "campbell", "MORAG"):
        assert word not in unquote(text).replace("+", " "), text


def urls_on(page: str) -> list[str]:
    return [html.unescape(u) for u in re.findall(r'(?:href|action)="([^"]*)"', page)]


def test_the_name_typed_is_not_in_the_location_and_the_list_is_filtered(lead, people):
    response = lead.post(URL, {"q": NAME, "band": "low", "scope": "team", "sort": "name"})
    assert response.status_code == 302
    assert_no_name(response["Location"])
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["band"] == ["low"] and query["scope"] == ["team"] and query["sort"] == ["name"]
    assert "q" not in query and query["search"]

    page = lead.get(response["Location"])
    assert listed(page) == {"Morag Campbell"}
    content = page.content.decode()
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    assert_no_name(title)
    for url in urls_on(content):  # sort links, paging, the download, clear links, the form's action
        assert_no_name(url)
    assert 'name="q" type="search" value="Morag Campbell"' in content  # the box shows what was typed
    assert "Searching for the name or reference <strong>Morag Campbell</strong>" in content


def test_a_name_typed_into_the_url_leaves_it(lead, people):
    response = lead.get(URL, {"q": NAME, "scope": "team"})
    assert response.status_code == 302
    assert_no_name(response["Location"])
    assert listed(lead.get(response["Location"])) == {"Morag Campbell"}


def test_sorting_paging_and_the_download_keep_the_search(lead, people):
    location = lead.post(URL, {"q": "Campbell", "scope": "team"})["Location"]
    page = lead.get(location).content.decode()
    sort_link = html.unescape(re.search(r'<a class="govuk-link app-sort-link" href="([^"]*)">Name', page).group(1))
    assert listed(lead.get(URL + sort_link)) == {"Morag Campbell"}
    assert listed(lead.get(location + "&page=1")) == {"Morag Campbell"}

    download = html.unescape(re.search(r'href="([^"]*)">Download this list \(CSV\)', page).group(1))
    assert_no_name(download)
    body = b"".join(lead.get(download).streaming_content).decode("utf-8-sig")
    assert "Campbell" in body and "Fraser" not in body


def test_clearing_the_name_search_keeps_the_other_filters(lead, people):
    location = lead.post(URL, {"q": "Campbell", "scope": "team", "sort": "name"})["Location"]
    page = lead.get(location).content.decode()
    clear = html.unescape(re.search(r'href="([^"]*)">Clear the name search', page).group(1))
    response = lead.get(URL + clear)
    assert listed(response) == {"Morag Campbell", "Callum Fraser"}
    assert parse_qs(urlsplit(clear).query) == {"scope": ["team"], "sort": ["name"]}
    assert "Searching for the name" not in response.content.decode()


def test_an_empty_box_searches_for_nothing(lead, people):
    response = lead.post(URL, {"q": "   ", "scope": "team"})
    assert "search" not in parse_qs(urlsplit(response["Location"]).query)
    assert listed(lead.get(response["Location"])) == {"Morag Campbell", "Callum Fraser"}


def test_a_token_from_another_session_finds_nothing_of_its_term(lead, people, team_lead_a):
    location = lead.post(URL, {"q": "Fraser", "scope": "team"})["Location"]
    other = Client()
    other.force_login(team_lead_a)
    assert listed(other.get(location)) == {"Morag Campbell", "Callum Fraser"}  # no term: the whole list


def test_an_adviser_searches_the_same_way_without_javascript(adviser_a_client, people):
    """The form is a plain POST form: no script is needed."""
    page = adviser_a_client.get(URL).content.decode()
    assert re.search(
        r'<form method="post" action="/caseload/" novalidate>\s*<input type="hidden" name="csrfmiddlewaretoken"', page
    )
    response = adviser_a_client.post(URL, {"q": "Fraser", "scope": "mine"}, follow=True)
    assert listed(response) == {"Callum Fraser"}
    assert "Fraser" not in response.redirect_chain[-1][0]  # the URL holds no name
