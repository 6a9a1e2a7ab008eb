"""Response headers that protect a shared tablet, and a busy database met with a way to try again."""

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user: their pages and downloads
    show personal data, which must not be kept by the browser (the back button on a shared tablet)
    or by a proxy. Static files are served before this runs and keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class DatabaseBusyMiddleware:
    """When SQLite stays busy past its timeout, say so and offer to send the same answers again.

    The write was refused whole (each service is one transaction), so nothing was half-saved. The
    page holds the form's answers in hidden fields, so "Try again" sends them unchanged: an adviser
    does not retype a checklist because another request held the database for a moment.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OperationalError) and _is_busy(exception)):
            return None
        logger.warning("database busy: %s %s", request.method, request.path)  # no query string, no answers
        answers = [
            (name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken" for value in values
        ]
        context = {"answers": answers, "was_post": request.method == "POST", "action": request.get_full_path()}
        return render(request, "busy.html", context, status=503)


def _is_busy(error: OperationalError) -> bool:
    message = str(error).lower()
    return "database is locked" in message or "database is busy" in message
