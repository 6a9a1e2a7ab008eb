"""A partner user's uploads of identifiers: the list, the form, one upload's page, the template.

A partner user sees their own organisation's uploads as counts and status, never an identifier and
never a person's record. The file is read in memory (triage.uploads) and not kept.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from triage.access import Role, role_required
from triage.forms.partner import PartnerUploadForm
from triage.lib import identifiers
from triage.selectors import partner as partner_selectors
from triage.services.partners import (
    PaceIdsNotReady,
    partner_pace_ids_download,
    partner_template_download,
    partner_upload,
)


def _partner_view(view):
    """A partner user with an organisation; anyone else gets "not available to your role"."""

    @role_required(Role.PARTNER)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.organisation_id is None:
            return render(request, "403.html", {"roles": (Role.PARTNER,)}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


@_partner_view
def upload_list(request):
    uploads = list(partner_selectors.uploads_for(request.user)[:100])
    return render(request, "partner/upload_list.html", {"uploads": uploads, "organisation": request.user.organisation})


@sensitive_post_parameters()
@_partner_view
@sensitive_variables("content")
def upload_add(request):
    """Check the whole file: keep every row, or none and list every error by row and column."""
    form = PartnerUploadForm(request.POST, request.FILES) if request.method == "POST" else PartnerUploadForm()
    errors: list[identifiers.IdentifierError] = []
    if form.is_valid():
        content = form.cleaned_data["file"].read()
        result = partner_upload(acting_user=request.user, content=content, today=timezone.localdate())
        del content
        if result.upload is not None:
            count = result.upload.rows_valid
            messages.success(request, f"{count:,} {'person' if count == 1 else 'people'} received")
            return redirect("partner-upload", pk=result.upload.pk)
        errors = result.errors
        form.add_error(
            "file",
            f"The file was not kept: correct the {'error' if len(errors) == 1 else 'errors'} listed, then upload it again",
        )
    context = {"form": form, "errors": errors, "columns": identifiers.COLUMNS}
    return render(request, "partner/upload_add.html", context)


@_partner_view
def upload_detail(request, pk):
    upload = partner_selectors.upload_get_for(request.user, pk)
    context = {"upload": upload, "run": partner_selectors.latest_run(upload)}
    return render(request, "partner/upload_detail.html", context)


@_partner_view
def upload_pace_ids(request, pk):
    """The PACE ID file: the partner's record ids with their PACE IDs, once the upload is linked."""
    upload = partner_selectors.upload_get_for(request.user, pk)
    try:
        content = partner_pace_ids_download(acting_user=request.user, upload=upload)
    except PaceIdsNotReady:
        raise Http404("This upload has not been linked yet") from None
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pace-ids-upload-{upload.pk}.csv"'
    return response


@_partner_view
def upload_template(request):
    response = HttpResponse(partner_template_download(acting_user=request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partner-upload-template.csv"'
    return response
