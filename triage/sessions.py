"""Django's database sessions, with the one read every request makes compiled once (triage/prepared.py)."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from triage.prepared import MARKER_DATETIME, PreparedRead, marker_str


def _live_session(*, session_key: str, now):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)[:1]


LIVE_SESSION = PreparedRead(_live_session, session_key=marker_str("session_key"), now=MARKER_DATETIME)


class SessionStore(db.SessionStore):
    """As Django's, but the session row is read by a prepared statement: the same query, the same
    answer (an unknown or expired key starts a new session), without building it per request.
    The asynchronous read is Django's own (nothing here is served asynchronously)."""

    def _get_session_from_db(self):
        session = LIVE_SESSION.first(using=self.model.objects.db, session_key=self.session_key, now=timezone.now())
        if session is None:
            self._session_key = None
        return session
