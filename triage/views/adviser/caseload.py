"""Caseload lists and queues, for advisers (their own people) and team leads (the team).

The filters are in the query string (bookmarkable, the back button works), except the name or
reference typed in the search box: the filter form is POSTed, the term kept in the session under a
random token, and the browser sent to the list with the token in its place (POST, redirect, GET), so
a name is never in a URL: not in the history, the access log or a Referer (as find a person does,
decision 0009). Paging, sorting and the download link carry the token."""

import secrets

from django.http import HttpRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, has_role, role_required
from triage.filters import QUEUES, SORTS
from triage.lib.text import typed_text
from triage.models import AuditAction

PAGE_SIZES = (25, 50, 100)
SEARCH_PARAM = "search"  # in the URL: the token of a term kept in the session
SEARCH_KEY = "caseload_searches"  # in the session: {token: term}, the latest few
SEARCHES_KEPT = 10
SEARCH_MAX_LENGTH = 200  # longer than any name or reference


def caseload_params(request: HttpRequest) -> QueryDict:
    """The caseload's filters: the query string, with the term its token stands for as `q`. An
    unknown token (another session's, or an old bookmark) searches for nothing."""
    params = request.GET.copy()
    params.pop("q", None)
    searches = request.session.get(SEARCH_KEY)
    term = searches.get(request.GET.get(SEARCH_PARAM, "")) if isinstance(searches, dict) else None
    if isinstance(term, str) and term:
        params["q"] = term
    return params


def _search_redirect(request: HttpRequest, data: QueryDict):
    """Keep the term in the session and send the browser to the list, the other filters in the URL."""
    params = data.copy()
    for key in ("csrfmiddlewaretoken", "q", "page", SEARCH_PARAM):
        params.pop(key, None)
    term = typed_text(data.get("q", ""))[:SEARCH_MAX_LENGTH]
    if term:
        searches = request.session.get(SEARCH_KEY)
        searches = dict(searches) if isinstance(searches, dict) else {}
        token = next((key for key, value in searches.items() if value == term), None) or secrets.token_hex(4)
        searches.pop(token, None)
        searches[token] = term
        request.session[SEARCH_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
        params[SEARCH_PARAM] = token
    query = params.urlencode()
    return redirect(f"{reverse('caseload')}?{query}" if query else reverse("caseload"))


def _scope(request) -> str:
    default = "team" if has_role(request.user, Role.TEAM_LEAD) else "mine"
    return request.GET.get("scope") if request.GET.get("scope") in {"mine", "team"} else default


@role_required(Role.ADVISER, Role.TEAM_LEAD)
def caseload(request):
    if request.method == "POST":
        return _search_redirect(request, request.POST)
    if "q" in request.GET:  # typed into the URL, or an old bookmark: the term leaves the URL
        return _search_redirect(request, request.GET)
    scope = _scope(request)
    data = caseload_params(request)
    filterset = selectors.caseload_filter(user=request.user, data=data, today=timezone.localdate(), scope=scope)
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
        "search_term": data.get("q", ""),
        "without_search": _without(request, "page", SEARCH_PARAM),
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
