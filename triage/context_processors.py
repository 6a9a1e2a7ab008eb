from django.conf import settings
from django.urls import reverse

from triage.access import Role, has_role
from triage.middleware import idle_seconds_left, idle_warning_seconds

# Pages whose path sits under another section's prefix but which are reached from elsewhere:
# url name -> the url name of the navigation item they belong to. The follow-ups due are a queue
# of the team's, reached from Home (its queues list and "Follow-ups due" link), though the path is
# under /people/ (Find a person).
SECTION_OF = {"follow-up-queue": "home"}


def navigation(request):
    """Service navigation links for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if has_role(user, Role.ADVISER, Role.TEAM_LEAD):
        items.append(("Home", "home"))
        items.append(("Find a person", "person-search"))
        items.append(("Register a person", "person-add"))
        items.append(("Caseload", "caseload"))
    if has_role(user, Role.TEAM_LEAD):
        items.append(("Band changes", "override-list"))
        items.append(("Dashboard", "dashboard"))
    if has_role(user, Role.EVALUATOR):
        items.append(("Dashboard", "evaluation-dashboard"))
        items.append(("How the model does", "evaluation-performance"))
        items.append(("Exports", "export-list"))
        items.append(("Data dictionary", "data-dictionary"))
    if has_role(user, Role.EVALUATOR, Role.ADMIN):
        items.append(("Retraining", "retrain-list"))
    if has_role(user, Role.PARTNER) and user.organisation_id is not None:
        items.append(("Uploads", "partner-upload-list"))
        items.append(("Upload a file", "partner-upload-add"))
    if has_role(user, Role.ADMIN):
        items.append(("Admin", "admin:index"))
    links = [(text, name, reverse(name)) for text, name in items]
    # A page named in SECTION_OF belongs to that item; otherwise the one item whose URL is the
    # longest prefix of this page is the current section.
    match = getattr(request, "resolver_match", None)
    section = SECTION_OF.get(match.view_name) if match is not None else None
    if section is not None and any(name == section for _, name, _ in links):
        current = reverse(section)
    else:
        matches = [href for _, _, href in links if request.path.startswith(href)]
        current = max(matches, key=len) if matches else None
    return {"nav_items": [{"text": text, "href": href, "active": href == current} for text, _, href in links]}


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
