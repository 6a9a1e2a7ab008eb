"""The service's public pages of furniture: the privacy notice, the accessibility statement and the
cookies page. Anyone may read them, signed in or not: a person being registered reads the privacy
notice before they agree to it."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.views.decorators.http import require_GET

from triage.middleware import idle_warning_seconds

PRIVACY_NOTICES = "privacy_notices"


def privacy_notice_template(version: str) -> str:
    """The template holding the words of one version of the privacy notice (its file is named after
    the version, so the words a person agreed to stay readable after a newer version goes live)."""
    return f"{PRIVACY_NOTICES}/{version}.html"


@login_not_required
@require_GET
def privacy_notice(request, version: str | None = None):
    """The privacy notice an adviser shows before registering someone: the live version, or an
    earlier one by its version (the one recorded on a person's record)."""
    version = version or settings.PRIVACY_NOTICE_VERSION
    try:
        get_template(privacy_notice_template(version))
    except TemplateDoesNotExist:
        raise Http404("No such privacy notice") from None
    context = {"version": version, "is_live": version == settings.PRIVACY_NOTICE_VERSION}
    return render(request, privacy_notice_template(version), context)


@login_not_required
@require_GET
def accessibility_statement(request):
    context = {
        "idle_timeout_words": _duration(settings.SESSION_IDLE_TIMEOUT),
        "idle_warning_words": _duration(idle_warning_seconds()),
    }
    return render(request, "common/accessibility_statement.html", context)


@login_not_required
@require_GET
def cookies(request):
    """Every cookie the service sets, with its name and lifetime read from the settings that set it."""
    session_lifetime = (
        "When you close your browser"
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else _duration(settings.SESSION_COOKIE_AGE)
    )
    rows = [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": (
                "Keeps you signed in as you move from page to page. It holds a random number, not your "
                "name or anyone's details. You are signed out after "
                f"{_duration(settings.SESSION_IDLE_TIMEOUT)} without using the service, and after "
                f"{_duration(settings.SESSION_COOKIE_AGE)} in any case."
            ),
            "expires": session_lifetime,
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": "Checks that a form you send came from this service and not from another website.",
            "expires": _duration(settings.CSRF_COOKIE_AGE)
            if settings.CSRF_COOKIE_AGE
            else "When you close your browser",
        },
        {
            "name": CookieStorage.cookie_name,
            "purpose": (
                "Carries a short confirmation, such as ‘Support recorded’, to the next page you see. "
                "It is deleted as soon as the message is shown."
            ),
            "expires": "When you close your browser",
        },
    ]
    return render(request, "common/cookies.html", {"cookies": rows})


def _duration(seconds: int) -> str:
    """'1 year', '8 hours', '30 minutes': a lifetime as a person says it. Django's CSRF cookie lasts
    52 weeks, which a reader calls a year."""
    if seconds >= 364 * 24 * 3600:
        count, unit = round(seconds / (365 * 24 * 3600)), "year"
    elif seconds % (24 * 3600) == 0:
        count, unit = seconds // (24 * 3600), "day"
    elif seconds % 3600 == 0:
        count, unit = seconds // 3600, "hour"
    else:
        count, unit = max(1, round(seconds / 60)), "minute"
    return f"{count} {unit}{'' if count == 1 else 's'}"
