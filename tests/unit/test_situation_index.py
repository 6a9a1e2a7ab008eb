"""A team's redundancy situations, newest first, read off an index (the forms and the caseload's
filter list them so)."""

from datetime import timedelta

import pytest
from django.db import connection

from tests.factories import make_situation
from triage.models import RedundancySituation


@pytest.mark.django_db
def test_a_teams_situations_newest_first_need_no_sort(situation_a, situation_b, glasgow):
    older = make_situation(
        situation_a.team, glasgow, situation_a.notified_date - timedelta(days=30), employer="Aardvark Ltd"
    )
    newest = make_situation(
        situation_a.team, glasgow, situation_a.notified_date + timedelta(days=1), employer="Zebra Ltd"
    )
    situations = RedundancySituation.objects.filter(team=situation_a.team).values_list("pk", flat=True)[:151]
    assert list(situations) == [newest.pk, situation_a.pk, older.pk]
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's plan; PostgreSQL's planner scans a table this small")
    sql, params = situations.query.sql_with_params()
    with connection.cursor() as cursor:
        plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "situation_team_newest_idx" in plan
    assert "TEMP B-TREE" not in plan
