"""The page furniture: the privacy notice, accessibility statement and cookies pages, linked from
every page's footer; the phase banner; back links inside the main landmark.

Issue #11, Page furniture: "the privacy notice whose version is recorded is a page of its own and
linked where consent is taken; footer links to privacy, accessibility statement and cookies pages;
a phase banner".
"""

import re

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from tests.views.adviser.test_intervention_add import intervention_data
from triage.checks import privacy_notice_has_words

PAGES = ["privacy-notice", "accessibility-statement", "cookies"]


def main_landmark(html: str) -> str:
    return re.search(r"<main.*?</main>", html, re.S).group(0)


@pytest.mark.parametrize("name", PAGES)
def test_each_page_is_public_and_linked_from_every_footer(client, db, name):
    """Anyone may read them, signed in or not (a person reads the notice before they are registered)."""
    response = client.get(reverse(name))
    assert response.status_code == 200
    sign_in = client.get(reverse("login")).content.decode()
    footer = sign_in.split('<footer class="govuk-footer', 1)[1]
    assert f'href="{reverse(name)}"' in footer


def test_footer_links_and_phase_banner_on_a_signed_in_page(adviser_a_client, person_a):
    html = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    footer = html.split('<footer class="govuk-footer', 1)[1]
    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer
    header = html.split("</header>", 1)[0]
    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>' in header
    assert "feedback</a> will help us improve it" in header


def test_the_privacy_notice_is_the_version_recorded_at_consent(client, settings, db):
    html = client.get(reverse("privacy-notice")).content.decode()
    assert f"Version {settings.PRIVACY_NOTICE_VERSION}" in html
    assert "Skills Development Scotland" in html
    assert "prefer not to say" in html.lower()
    version_page = client.get(reverse("privacy-notice-version", args=[settings.PRIVACY_NOTICE_VERSION]))
    assert version_page.status_code == 200
    assert "earlier version" not in version_page.content.decode()


def test_the_person_page_links_to_the_notice_they_agreed_to(adviser_a_client, person_a):
    html = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    href = reverse("privacy-notice-version", args=[person_a.privacy_notice_version])
    assert f'<a class="govuk-link" href="{href}">Read it' in html


@pytest.mark.parametrize("version", ["PACE-PN-1999-01", "..", "base", "privacy_notices"])
def test_an_unknown_version_is_not_found(client, db, version):
    assert client.get(reverse("privacy-notice-version", args=[version])).status_code == 404


def test_consent_is_taken_beside_a_link_to_that_version_which_says_it_opens_a_new_tab(
    adviser_a_client, situation_a, settings
):
    """The registration form is half filled when the notice is read: the link opens a new tab and says so."""
    html = adviser_a_client.get(reverse("person-add")).content.decode()
    hint = re.search(r'<div id="id_consent_given_hint" class="govuk-hint">(.*?)</div>', html, re.S).group(1)
    href = reverse("privacy-notice-version", args=[settings.PRIVACY_NOTICE_VERSION])
    assert f'href="{href}"' in hint
    assert 'target="_blank"' in hint and "(opens in new tab)" in hint


def test_a_privacy_notice_version_without_its_words_stops_start_up(settings):
    settings.PRIVACY_NOTICE_VERSION = "PACE-PN-2099-01"
    errors = privacy_notice_has_words(None)
    assert [error.id for error in errors] == ["triage.E002"]
    assert "PACE-PN-2099-01" in errors[0].msg


def test_the_live_privacy_notice_passes_the_system_check():
    assert not [error for error in run_checks() if error.id == "triage.E002"]


def test_the_cookies_page_lists_every_cookie_the_service_sets(adviser_a, person_a, db):
    """Sign in, record support (a confirmation message): every cookie set on the way is on the page."""
    client = Client()
    set_cookies = set()
    set_cookies |= set(client.get(reverse("login")).cookies)
    set_cookies |= set(
        client.post(reverse("login"), {"username": adviser_a.username, "password": "test-pass-123"}).cookies
    )
    today = person_a.situation.notified_date
    response = client.post(reverse("intervention-add", args=[person_a.ref]), intervention_data(today))
    assert response.status_code == 302
    set_cookies |= set(response.cookies)
    assert {"sessionid", "csrftoken", "messages"} <= set_cookies
    page = client.get(reverse("cookies")).content.decode()
    listed = set(
        re.findall(
            r'<th scope="row" class="govuk-table__header" data-label="Name"><span class="app-code">([^<]+)</span>', page
        )
    )
    assert set_cookies == listed
    assert "When you close your browser" in page and "1 year" in page
    assert "30 minutes" in page and "8 hours" in page


@pytest.mark.parametrize(
    "url",
    [
        lambda person: reverse("person-detail", args=[person.ref]),
        lambda person: reverse("person-add"),
        lambda person: reverse("assessment-add", args=[person.ref]),
        lambda person: reverse("intervention-add", args=[person.ref]),
    ],
)
def test_the_back_link_is_inside_the_main_landmark(adviser_a_client, person_a, url):
    """Issue #11: back links sat outside any landmark (axe `region`, on 115 pages)."""
    html = adviser_a_client.get(url(person_a)).content.decode()
    assert 'class="govuk-back-link"' in main_landmark(html)
    assert html.count('class="govuk-back-link"') == 1
