"""The service navigation marks the section a page belongs to: the longest matching prefix, unless
the page is one that SECTION_OF places elsewhere (the follow-ups due belong to Home)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current_items(page: str) -> list[str]:
    return re.findall(r'aria-current="page"><strong class="govuk-service-navigation__active-fallback">([^<]+)<', page)


def test_the_team_leads_follow_ups_queue_is_under_home_where_it_is_reached_from(client, team_lead_a):
    client.force_login(team_lead_a)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("follow-up-queue")}"' in home  # the queue is reached from Home
    page = client.get(reverse("follow-up-queue")).content.decode()
    assert current_items(page) == ["Home"]


def test_the_advisers_follow_ups_due_are_under_home_too(adviser_a_client):
    assert current_items(adviser_a_client.get(reverse("follow-up-queue")).content.decode()) == ["Home"]


def test_other_pages_keep_the_longest_prefix(client, team_lead_a):
    client.force_login(team_lead_a)
    assert current_items(client.get(reverse("person-search")).content.decode()) == ["Find a person"]
    assert current_items(client.get(reverse("override-list")).content.decode()) == ["Band changes"]
    assert current_items(client.get(reverse("home")).content.decode()) == ["Home"]
