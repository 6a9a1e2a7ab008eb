"""The team lead's dashboard: their team's figures, as charts each with its table (issue #5)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, add_intervention, assess, register
from triage.models import Partner
from triage.selectors.dashboard import (
    team_dashboard_figures,
)

TEAM_URL = reverse("dashboard")
EVALUATION_URL = reverse("evaluation-dashboard")


def test_team_lead_sees_the_dashboard_with_a_table_for_every_chart(team_lead_a_client, team_a_people):
    response = team_lead_a_client.get(TEAM_URL)

    assert response.status_code == 200
    html = response.content.decode()
    charts = re.findall(r'<svg role="img" aria-labelledby="([\w-]+)"', html)
    assert len(charts) == 7
    for heading_id in charts:
        assert f'<h2 class="govuk-heading-m" id="{heading_id}">' in html
    assert html.count('<table class="govuk-table') == len(charts)
    assert "style=" not in html
    assert "Leith Department Store" in html
    assert "Checklist: 3" in html and "Current: 2" in html  # high band's bars say their series in words


def test_team_bs_people_and_situations_never_reach_team_as_dashboard(team_lead_a_client, team_a_people, team_b_people):
    response = team_lead_a_client.get(TEAM_URL)

    html = response.content.decode()
    assert "Tayside Jute Works" not in html
    assert response.context["headline"][0] == ("People registered", "6")
    assert response.context["headline"][4] == ("Interventions recorded", "4")


def test_team_lead_of_another_team_sees_only_their_own(client, team_lead_b, team_a_people, team_b_people, today):
    figures = team_dashboard_figures(user=team_lead_b, today=today)
    assert figures.people == 1
    assert [s.employer for s in figures.largest_situations] == ["Tayside Jute Works"]

    client.force_login(team_lead_b)
    html = client.get(TEAM_URL).content.decode()
    assert "Clydeside Fabrication" not in html and "Leith Department Store" not in html


def test_adviser_is_refused_both_dashboards(adviser_a_client, team_a_people):
    for url in (TEAM_URL, EVALUATION_URL):
        response = adviser_a_client.get(url)
        assert response.status_code == 403
        assert "not available to your role" in response.content.decode()


def test_evaluator_is_refused_the_team_dashboard(evaluator_client):
    assert evaluator_client.get(TEAM_URL).status_code == 403


@pytest.mark.parametrize(
    ("client_fixture", "url"), [("team_lead_a_client", TEAM_URL), ("evaluator_client", EVALUATION_URL)]
)
def test_query_count_does_not_grow_with_the_number_of_people(request, client_fixture, url, adviser_a, situation_a):
    page_client = request.getfixturevalue(client_fixture)
    sds = Partner.objects.get(abbreviation="SDS")
    counts = []
    made = 0
    for n in (3, 30):
        for i in range(made, n):
            person = register(adviser_a, situation_a, family_name=f"Person{i}")
            assess(adviser_a, person, HIGH_RISK_ANSWERS if i % 2 else REFERENCE_ANSWERS)
            add_intervention(adviser_a, person, partner=sds)
        made = n
        with CaptureQueriesContext(connection) as queries:
            assert page_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
