"""The evaluator's dashboard: every team, aggregate only, small counts withheld (DESIGN.md roles table)."""

import re

from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS, assess, register
from triage.lib.charts import BAR_HEIGHT
from triage.selectors.dashboard import (
    evaluation_dashboard_figures,
)

TEAM_URL = reverse("dashboard")
EVALUATION_URL = reverse("evaluation-dashboard")


def test_evaluator_page_has_no_names_refs_dates_of_birth_or_employers(evaluator_client, team_a_people, team_b_people):
    response = evaluator_client.get(EVALUATION_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for person in [*team_a_people.values(), *team_b_people]:
        assert person.ref not in html
        assert person.family_name not in html
        assert person.date_of_birth.strftime("%-d %B %Y") not in html
    assert re.search(r"\bP-[0-9A-Z]{6}\b", html) is None
    for employer in ("Clydeside Fabrication", "Leith Department Store", "Tayside Jute Works"):
        assert employer not in html


def test_evaluator_page_withholds_counts_below_ten(evaluator_client, team_a_people, team_b_people, today):
    figures = evaluation_dashboard_figures(today=today)

    assert figures.people is None
    assert all(row.people is None and row.share_high is None for row in (*figures.areas, *figures.sectors))
    assert all(n is None for row in figures.interventions.rows for n in row.by_status)
    html = evaluator_client.get(EVALUATION_URL).content.decode()
    assert "withheld" in html
    assert "fewer than 10" not in html  # one word for every withheld figure, so none says more
    # A withheld count draws no bar, so its length cannot give it away. Only the employers' notified
    # numbers affected (120 + 120 and 40: not counts of people registered) keep theirs.
    bars = re.findall(rf'<rect [^>]*height="{BAR_HEIGHT}"', html)
    assert len(bars) == 2
    assert "Affected: 240" in html and "Affected: 40" in html


def test_evaluator_sees_counts_of_ten_or_more_across_teams(
    adviser_a, adviser_b, situation_a, situation_b, evaluator_client, today
):
    for i in range(7):
        assess(adviser_a, register(adviser_a, situation_a, family_name=f"Alpha{i}"), HIGH_RISK_ANSWERS)
    for i in range(5):
        assess(adviser_b, register(adviser_b, situation_b, family_name=f"Bravo{i}"), HIGH_RISK_ANSWERS)

    figures = evaluation_dashboard_figures(today=today)

    assert figures.people == 12
    assert figures.areas[0].label == "Glasgow City" and figures.areas[0].people == 12
    html = evaluator_client.get(EVALUATION_URL).content.decode()
    assert "Glasgow City" in html and "Alpha0" not in html


def test_team_lead_is_refused_the_evaluation_dashboard(team_lead_a_client):
    assert team_lead_a_client.get(EVALUATION_URL).status_code == 403


def test_admin_opens_the_evaluation_dashboard(client, admin_user):
    client.force_login(admin_user)
    assert client.get(EVALUATION_URL).status_code == 200
