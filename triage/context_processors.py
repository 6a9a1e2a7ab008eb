from django.conf import settings
from django.urls import reverse

from triage.access import Role, has_role
from triage.middleware import idle_seconds_left, idle_warning_seconds


def navigation(request):
    """Service navigation links for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if has_role(user, Role.ADVISER, Role.TEAM_LEAD):
        items.append(("Home", reverse("home")))
        items.append(("Find a person", reverse("person-search")))
        items.append(("Register a person", reverse("person-add")))
        items.append(("Caseload", reverse("caseload")))
    if has_role(user, Role.TEAM_LEAD):
        items.append(("Band changes", reverse("override-list")))
        items.append(("Dashboard", reverse("dashboard")))
    if has_role(user, Role.EVALUATOR):
        items.append(("Dashboard", reverse("evaluation-dashboard")))
        items.append(("How the model does", reverse("evaluation-performance")))
        items.append(("Exports", reverse("export-list")))
        items.append(("Data dictionary", reverse("data-dictionary")))
    if has_role(user, Role.EVALUATOR, Role.ADMIN):
        items.append(("Retraining", reverse("retrain-list")))
    if has_role(user, Role.ADMIN):
        items.append(("Admin", reverse("admin:index")))
    # The one item whose URL is the longest prefix of this page is the current section.
    matches = [href for _, href in items if request.path.startswith(href)]
    current = max(matches, key=len) if matches else None
    return {"nav_items": [{"text": text, "href": href, "active": href == current} for text, href in items]}


def service(request):
    """What the page furniture shows on every page: where feedback goes."""
    return {"service_contact_email": settings.SERVICE_CONTACT_EMAIL}


def idle_timeout(request):
    """For a signed-in user, what the timeout warning's script needs: the seconds left before an idle
    sign-out, and how long before it to warn (the body's data- attributes)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    timeout = settings.SESSION_IDLE_TIMEOUT
    count, unit = (timeout // 60, "minute") if timeout >= 60 else (timeout, "second")
    return {
        "idle_timeout": {
            "timeout": timeout,
            "words": f"{count} {unit}{'' if count == 1 else 's'}",
            "left": idle_seconds_left(request),
            "warning": idle_warning_seconds(),
        }
    }
