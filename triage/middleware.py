"""Response headers that protect a shared tablet, and a busy database met with a way to try again."""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)


def posted_answers(request: HttpRequest) -> list[tuple[str, str]]:
    """A form's answers as (name, value) pairs, to send again from hidden fields; no CSRF token."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", SENT_AT_TIMEOUT}
        for value in values
    ]


class NoStoreMiddleware(MiddlewareMixin):
    """`Cache-Control: no-store` on every response to a signed-in user: their pages and downloads
    show personal data, which must not be kept by the browser (the back button on a shared tablet)
    or by a proxy. Static files are served before this runs and keep their long cache."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class DatabaseBusyMiddleware(MiddlewareMixin):
    """When SQLite stays busy past its timeout, say so and offer to send the same answers again.

    The write was refused whole (each service is one transaction), so nothing was half-saved. The
    page holds the form's answers in hidden fields, so "Try again" sends them unchanged: an adviser
    does not retype a checklist because another request held the database for a moment.
    """

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OperationalError) and _is_busy(exception)):
            return None
        return _busy_page(request)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, but a session that cannot be saved because SQLite stays busy
    gives the busy page, not a server error. The session is saved after the view has returned, out
    of DatabaseBusyMiddleware's reach: a search (which keeps its term in the session) or a sign-in
    would otherwise fail with a 500. What the view wrote was committed; each form carries a token or
    a repeat check, so sending it again does not save it twice."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except OperationalError as error:
            if not _is_busy(error):
                raise
            busy = _busy_page(request, after_view=True)
            # The policy the response was given stands (its nonce is spent: the page has no inline script).
            for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
                if header in response:
                    busy[header] = response[header]
            return busy


def _busy_page(request: HttpRequest, *, after_view: bool = False) -> HttpResponse:
    """The 503 "try again" page. `after_view`: the view had finished (and may have saved) when the
    session could not be saved, so the page does not say that nothing was saved."""
    logger.warning("database busy: %s %s", request.method, request.path)  # no query string, no answers
    context = {
        "answers": posted_answers(request),
        "was_post": request.method == "POST",
        "action": request.get_full_path(),
        "after_view": after_view,
    }
    return render(request, "busy.html", context, status=503)


def _is_busy(error: OperationalError) -> bool:
    message = str(error).lower()
    return "database is locked" in message or "database is busy" in message


IDLE_KEY = "idle_last_seen"
TIMED_OUT_KEY = "idle_timed_out"
KEPT_KEY = "idle_kept_answers"
SENT_AT_TIMEOUT = "idle_sent_at_timeout"  # a hidden field static/init.js adds to a form it sends
SEEN_EVERY = 60  # seconds: how often the last-seen time is written, so a page view is not a write
# Asked by the timeout warning's script for the time left; asking is not using the service, and
# does not end a session whose time is up (triage.views.session.session_time_left says so).
PASSIVE_PATHS = frozenset({"/session/time-left/"})


def idle_warning_seconds() -> int:
    """How long before the idle sign-out the warning appears: SESSION_IDLE_WARNING, never more than
    half the timeout (a warning for most of the session would be a nuisance)."""
    return max(0, min(settings.SESSION_IDLE_WARNING, settings.SESSION_IDLE_TIMEOUT // 2))


def idle_seconds_left(request: HttpRequest) -> int:
    """Seconds until a signed-in user's session is ended for being idle; 0 once the time is up, when
    the next request (other than PASSIVE_PATHS) ends it."""
    last = request.session.get(IDLE_KEY)
    if last is None:
        return settings.SESSION_IDLE_TIMEOUT
    return max(0, settings.SESSION_IDLE_TIMEOUT - (int(time.time()) - last))


def idle_clock_reset(request: HttpRequest) -> None:
    """The user is here: the idle clock starts again now (written whatever SEEN_EVERY says)."""
    request.session[IDLE_KEY] = int(time.time())


class IdleTimeoutMiddleware(MiddlewareMixin):
    """Sign a user out after SESSION_IDLE_TIMEOUT seconds without a request (a tablet left on a
    table), on top of the session's absolute lifetime. The sign-in page then says why. A form sent
    after the timeout is not lost: its answers are kept for the same user, who is offered, once
    signed in again, to send them from the same page. With JavaScript, a dialog warns
    SESSION_IDLE_WARNING seconds before and offers to stay signed in (static/init.js,
    views/session.py)."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if TIMED_OUT_KEY in request.session:
                del request.session[TIMED_OUT_KEY]  # said on the sign-in page; signed in again now
            kept = request.session.get(KEPT_KEY)
            if kept and request.method == "GET" and request.path == kept["path"]:
                del request.session[KEPT_KEY]
                if kept["username"] == user.get_username():
                    return render(request, "kept_answers.html", {"answers": kept["answers"], "action": kept["path"]})
            if request.path in PASSIVE_PATHS:
                # The warning's script asking for the time left: not a sign of use, and it does not
                # end the session either, so that the form on the page, sent when the time is up,
                # is the request that ends it (and its answers are kept).
                return None
            now = int(time.time())
            last = request.session.get(IDLE_KEY)
            timed_out = last is not None and now - last >= settings.SESSION_IDLE_TIMEOUT
            # A form the warning's script sent when the time was up ends the session even if another
            # tab has just renewed it: nobody pressed its button, so it is kept, never saved.
            if timed_out or (request.method == "POST" and SENT_AT_TIMEOUT in request.POST):
                self._time_out(request)
            elif last is None or now - last >= SEEN_EVERY:
                request.session[IDLE_KEY] = now
        return None

    def _time_out(self, request: HttpRequest) -> None:
        username = request.user.get_username()
        answers = posted_answers(request)
        logout(request)  # a new, empty session; the request goes on signed out, to the sign-in page
        request.session[TIMED_OUT_KEY] = True
        if request.method == "POST" and answers:
            request.session[KEPT_KEY] = {"path": request.path, "answers": answers, "username": username}


def start_idle_clock(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """On sign-in, the idle clock starts (with the session's own write, not one more)."""
    request.session[IDLE_KEY] = int(time.time())
