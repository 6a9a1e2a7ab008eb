"""The team lead's caseload download: the filtered list as CSV, recorded as an export."""

from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, role_required
from triage.exports.caseload_csv import caseload_csv_lines
from triage.filters import filter_errors
from triage.views.adviser.caseload import SEARCH_PARAM, caseload_params


@role_required(Role.TEAM_LEAD)
def caseload_download(request):
    """The filtered list as CSV, for the team lead's own team only, recorded in the export audit."""
    filterset = selectors.caseload_filter(
        user=request.user, data=caseload_params(request), today=timezone.localdate(), scope="team"
    )
    if filter_errors(filterset.form):
        # A filter that cannot be read would be left out, and the file would hold more people than
        # asked for: back to the list, which says what to correct.
        return redirect(f"{reverse('caseload')}?{request.GET.urlencode()}")
    rows = filterset.qs
    count = rows.count()
    # PostgreSQL's jsonb refuses NUL characters, so a tampered parameter must not make the download fail.
    # A search may be a person's name: the audit row records that there was one, not what it was.
    filters = {
        key.replace("\x00", ""): (
            ["(search text not recorded)"]
            if key in {"q", SEARCH_PARAM}
            else [value.replace("\x00", "") for value in request.GET.getlist(key)]
        )
        for key in request.GET
        if key != "page"
    }
    services.export_record(acting_user=request.user, kind="caseload_csv", filters=filters, rows=count)
    lines = caseload_csv_lines(selectors.caseload_rows(rows, chunk_size=2000), tz=timezone.get_current_timezone())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="caseload-{timezone.localdate():%Y-%m-%d}.csv"'
    return response
