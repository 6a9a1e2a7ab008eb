"""A team's redundancy situations, newest first, read off an index (the forms and the caseload's
filter list them so)."""

import pytest
from django.db import connection

from triage.models import RedundancySituation


@pytest.mark.django_db
def test_a_teams_situations_newest_first_need_no_sort(situation_a, situation_b):
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's plan; PostgreSQL's planner scans a table this small")
    situations = RedundancySituation.objects.filter(team=situation_a.team).values_list("pk", "employer")[:151]
    sql, params = situations.query.sql_with_params()
    with connection.cursor() as cursor:
        plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "situation_team_newest_idx" in plan
    assert "TEMP B-TREE" not in plan
    assert list(situations) == [(situation_a.pk, situation_a.employer)]
