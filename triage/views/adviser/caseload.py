"""Caseload lists and queues, for advisers (their own people) and team leads (the team)."""

from django.shortcuts import render
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, has_role, role_required
from triage.filters import QUEUES, SORTS
from triage.models import AuditAction

PAGE_SIZES = (25, 50, 100)


def _scope(request) -> str:
    default = "team" if has_role(request.user, Role.TEAM_LEAD) else "mine"
    return request.GET.get("scope") if request.GET.get("scope") in {"mine", "team"} else default


@role_required(Role.ADVISER, Role.TEAM_LEAD)
def caseload(request):
    scope = _scope(request)
    filterset = selectors.caseload_filter(user=request.user, data=request.GET, today=timezone.localdate(), scope=scope)
    per_page = int(request.GET["per_page"]) if request.GET.get("per_page") in {str(n) for n in PAGE_SIZES} else 25
    page = selectors.caseload_page(filterset.qs, request.GET.get("page"), per_page)
    services.audit_record(acting_user=request.user, action=AuditAction.CASELOAD_VIEWED, detail=f"scope {scope}")
    # An invalid filter is left out of the list while the valid ones, sort included, still apply.
    filterset.form.is_valid()
    sort = filterset.form.cleaned_data.get("sort")
    context = {
        "filterset": filterset,
        "options": selectors.caseload_filter_options(filterset),
        "page": page,
        "scope": scope,
        "queue": QUEUES.get(request.GET.get("queue", "")),
        "columns": _sort_columns(
            request, sort or filterset.default_sort(), hide={"adviser"} if scope == "mine" else set()
        ),
        "can_download": has_role(request.user, Role.TEAM_LEAD),
        "query_string": _without(request, "page"),
        # A queue is a list of its own, not a filtered one: its filters stay folded away.
        "filtered": any(k not in {"page", "sort", "scope", "per_page", "queue"} and v for k, v in request.GET.items()),
    }
    return render(request, "adviser/caseload.html", context)


def _without(request, *keys) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


def _sort_columns(request, current: str, hide: set[str]) -> list[dict]:
    """Each sortable column's link and aria-sort, as the MoJ sortable-table pattern emits them."""
    params = request.GET.copy()
    params.pop("page", None)
    columns = []
    for key, (label, _) in SORTS.items():
        if key in hide:
            continue
        active = current.lstrip("-") == key
        descending = current.startswith("-")
        params["sort"] = f"-{key}" if active and not descending else key
        aria = ("descending" if descending else "ascending") if active else "none"
        columns.append({"key": key, "label": label, "href": f"?{params.urlencode()}", "aria_sort": aria})
    return columns
