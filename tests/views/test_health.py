"""The health check: for a load balancer, open to anyone, saying only whether the database answers."""

from django.db import DatabaseError
from django.urls import reverse

URL = reverse("health")


def test_health_answers_ok_without_signing_in(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


class _DownDatabase:
    def cursor(self):
        raise DatabaseError("connection refused")


def test_health_says_unavailable_when_the_database_does_not_answer(client, db, monkeypatch):
    monkeypatch.setattr("triage.selectors.health.connection", _DownDatabase())
    response = client.get(URL)
    assert response.status_code == 503
    assert response.content == b"unavailable"


def test_health_writes_no_audit_row_and_takes_no_post(client, db):
    from triage.models import AuditEvent

    client.get(URL)
    assert not AuditEvent.objects.exists()
    assert client.post(URL).status_code == 405
