"""A team lead's or admin's upload of follow-ups for their team, and the template file for it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, role_required
from triage.forms.outcomes import FollowUpUploadForm
from triage.lib import outcomes

UPLOADERS = (Role.TEAM_LEAD, Role.ADMIN)


@role_required(*UPLOADERS)
def follow_up_upload(request):
    """Check the whole file; apply every row, or none and list every error by row and column. The
    file is read in memory and not kept."""
    form = FollowUpUploadForm(request.POST or None, request.FILES or None)
    errors: list[outcomes.UploadError] = []
    if request.user.team_id is None:  # an admin with no team has no one's follow-ups to upload
        return render(request, "403.html", {"roles": UPLOADERS}, status=403)
    if form.is_valid():
        rows, errors = outcomes.parse_upload(form.cleaned_data["file"].read())
        if rows:  # the rows well formed are checked against their people too, so every error is listed
            result = services.follow_ups_upload(
                rows=rows,
                source=form.cleaned_data["source"],
                acting_user=request.user,
                people=selectors.people_for_upload(request.user),
                today=timezone.localdate(),
                file_errors=errors,
            )
            errors = result.errors
            if not errors:
                messages.success(
                    request,
                    f"{result.recorded:,} follow-up{'s' if result.recorded != 1 else ''} saved"
                    + (f"; {result.repeated:,} already recorded" if result.repeated else ""),
                )
                return redirect("follow-up-upload")
    if errors:
        form.add_error(
            "file",
            f"The file was not applied: correct the {'error' if len(errors) == 1 else 'errors'} listed, then upload it again",
        )
    context = {"form": form, "errors": errors, "columns": outcomes.UPLOAD_COLUMNS, "statuses": outcomes.STATUSES}
    return render(request, "team_lead/follow_up_upload.html", context)


@role_required(*UPLOADERS)
def follow_up_template(request):
    if request.user.team_id is None:
        return render(request, "403.html", {"roles": UPLOADERS}, status=403)
    response = HttpResponse(outcomes.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="follow-ups-template.csv"'
    return response
