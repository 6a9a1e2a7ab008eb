"""The evaluator's anonymised export: ask for one, watch it run, download it; the data dictionary."""

import csv
import io
import json

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from triage.access import Role, role_required
from triage.forms.export import ExportForm
from triage.modelling.dictionary import dictionary_entries
from triage.selectors.export import ExportFilters, export_filter_choices, export_jobs_for
from triage.services.exports import (
    ExportKeyError,
    ExportRefused,
    ExportTooLarge,
    export_download_record,
    export_file_path,
    export_request,
)

EVALUATORS = (Role.EVALUATOR, Role.ADMIN)
FORM_FIELD = {"situation_id": "situation", "council_area_code": "council_area"}  # ExportFilters -> ExportForm
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


@role_required(*EVALUATORS)
def export_list(request):
    """The export form, and the exports this evaluator asked for."""
    form = ExportForm(request.POST if request.method == "POST" else None, choices=export_filter_choices())
    if form.is_valid():
        data = form.cleaned_data
        filters = ExportFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            situation_id=int(data["situation"]) if data["situation"] else None,
            council_area_code=data["council_area"],
            scorecard=data["scorecard"],
        )
        try:
            job = export_request(acting_user=request.user, filters=filters, fmt=data["format"])
        except ExportRefused as error:
            form.add_error(FORM_FIELD.get(error.field, error.field), str(error))
        except (ExportKeyError, ExportTooLarge) as error:
            form.add_error("format" if isinstance(error, ExportTooLarge) else None, str(error))
        else:
            messages.success(request, "Export started")
            return redirect("export-job", pk=job.pk)
    jobs = export_jobs_for(user=request.user)[:20]
    return render(request, "evaluator/export_list.html", {"form": form, "jobs": jobs, "k": settings.EXPORT_K})


@role_required(*EVALUATORS)
def export_job(request, pk):
    """One export's progress (the page refreshes itself, without JavaScript, until it is done)."""
    job = get_object_or_404(export_jobs_for(user=request.user), pk=pk)
    return render(request, "evaluator/export_job.html", {"job": job, "available": export_file_path(job) is not None})


@role_required(*EVALUATORS)
def export_download(request, pk):
    """The finished file, only to the evaluator who asked for it; each download is recorded."""
    job = get_object_or_404(export_jobs_for(user=request.user), pk=pk)
    path = export_file_path(job)
    if path is None:
        raise Http404("No file for this export")
    export_download_record(acting_user=request.user, job=job)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"pace-export-{job.pk}.{job.format}",
        content_type=CONTENT_TYPES[job.format],
    )
    return response


@role_required(*EVALUATORS)
def data_dictionary(request):
    return render(request, "evaluator/data_dictionary.html", {"entries": dictionary_entries()})


@role_required(*EVALUATORS)
def data_dictionary_csv(request):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["name", "type", "description", "allowed", "blank_allowed", "training", "quasi_identifier", "in_export"]
    )
    for e in dictionary_entries():
        writer.writerow(
            [
                e["name"],
                e["type"],
                e["description"],
                " ".join(e["allowed"]),  # type: ignore[arg-type]
                "yes" if e["blank_allowed"] else "no",
                "yes" if e["training"] else "no",
                "yes" if e["quasi_identifier"] else "no",
                "yes" if e["in_export"] else "no",
            ]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pace-data-dictionary.csv"'
    return response


@role_required(*EVALUATORS)
def data_dictionary_json(request):
    response = HttpResponse(json.dumps({"columns": dictionary_entries()}, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="pace-data-dictionary.json"'
    return response
