"""Caseload lists and queues for advisers and team leads, and the team lead's CSV download."""

import csv

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, has_role, role_required
from triage.filters import QUEUES, SORTS
from triage.lib.text import neutralise_formula
from triage.models import AuditAction, ExportRecord
from triage.selectors.caseload import caseload_page

PAGE_SIZES = (25, 50, 100)
CSV_COLUMNS = [
    "reference",
    "first name",
    "last name",
    "band",
    "checklist band",
    "changed by adviser",
    "incomplete",
    "assessed",
    "interventions",
    "latest intervention status",
    "adviser",
    "redundancy",
    "council area",
]


def _scope(request) -> str:
    default = "team" if has_role(request.user, Role.TEAM_LEAD) else "mine"
    return request.GET.get("scope") if request.GET.get("scope") in {"mine", "team"} else default


@role_required(Role.ADVISER, Role.TEAM_LEAD)
def caseload(request):
    scope = _scope(request)
    filterset = selectors.caseload_filter(user=request.user, data=request.GET, today=timezone.localdate(), scope=scope)
    per_page = int(request.GET["per_page"]) if request.GET.get("per_page") in {str(n) for n in PAGE_SIZES} else 25
    page = caseload_page(filterset.qs, request.GET.get("page"), per_page)
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
    return render(request, "caseload/caseload.html", context)


@role_required(Role.TEAM_LEAD)
def caseload_download(request):
    """The filtered list as CSV, for the team lead's own team only, recorded in the export audit."""
    filterset = selectors.caseload_filter(user=request.user, data=request.GET, today=timezone.localdate(), scope="team")
    rows = filterset.qs
    count = rows.count()
    # PostgreSQL's jsonb refuses NUL characters, so a tampered parameter must not make the download fail.
    # A search may be a person's name: the audit row records that there was one, not what it was.
    filters = {
        key.replace("\x00", ""): (
            ["(search text not recorded)"]
            if key == "q"
            else [value.replace("\x00", "") for value in request.GET.getlist(key)]
        )
        for key in request.GET
        if key != "page"
    }
    ExportRecord.objects.create(user=request.user, kind="caseload_csv", filters=filters, rows=count)
    lines = _csv_lines(selectors.caseload_rows(rows, chunk_size=2000))
    response = StreamingHttpResponse(lines, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="caseload-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


class _Echo:
    def write(self, value):
        return value


def _csv_lines(rows):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow(
            [
                row["ref"],
                neutralise_formula(row["given_name"]),
                neutralise_formula(row["family_name"]),
                row["band"] or "",
                row["model_band"] or "",
                "yes" if row["overridden"] else "no",
                "yes" if row["incomplete"] else "no",
                f"{timezone.localtime(row['assessed_at']):%Y-%m-%d}" if row["assessed_at"] else "",
                row["interventions_count"],
                row["latest_intervention_status"],
                neutralise_formula(row["adviser"]),
                neutralise_formula(row["employer"]),
                row["area"],
            ]
        )


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
