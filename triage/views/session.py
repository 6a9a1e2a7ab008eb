"""The idle-timeout warning's two endpoints (WCAG 2.2.1 Timing Adjustable; the dialog is in
templates/includes/timeout_warning.html, its script in static/init.js). Neither shows anyone's data.

Both are open to a signed-out request so that they answer 403, which the script takes as "signed
out" and reloads, rather than a redirect to the sign-in page."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from triage.middleware import idle_clock_reset, idle_seconds_left


@login_not_required
@require_GET
def session_time_left(request):
    """Seconds before the idle sign-out, asked before a tab shows the warning, so that a tab does not
    warn when another tab has been used since. Asking does not count as using the service, and
    does not end the session (triage.middleware.PASSIVE_PATHS): when the time is up, the script
    sends the form with answers typed on the page, and that request ends the session and keeps them."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0}, status=403)
    # 0 once the time is up: the next request (the page again, or the form on it) ends the session.
    return JsonResponse({"seconds_left": idle_seconds_left(request)})


@login_not_required
@require_POST
def session_keep_alive(request):
    """Stay signed in: the idle clock starts again now."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0}, status=403)
    idle_clock_reset(request)
    return HttpResponse(status=204)
