"""Retraining from recorded outcomes: start a job, watch it, set the candidate beside the live
scorecard; an admin makes it live with a reason."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from triage.access import Role, has_role, role_required
from triage.forms.retraining import MakeLiveForm, RetrainStartForm
from triage.modelling.retrain import side_by_side
from triage.scorecard_files import live_label
from triage.scoring import ScorecardError
from triage.selectors.retraining import recorded_outcome_counts, retrain_jobs
from triage.services import retraining as retraining_services
from triage.services.retraining import RetrainRefused, retrain_request

EVALUATORS = (Role.EVALUATOR, Role.ADMIN)


@role_required(*EVALUATORS)
def retrain_list(request):
    """The retraining jobs, how many recorded outcomes there are, and the form that starts a job."""
    form = RetrainStartForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            job = retrain_request(acting_user=request.user, seed=form.cleaned_data["seed"])
        except RetrainRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Retraining started")
            return redirect("retrain-job", pk=job.pk)
    context = {"form": form, "jobs": retrain_jobs()[:20], "counts": recorded_outcome_counts(), "live": live_label()}
    return render(request, "evaluator/retrain_list.html", context)


@role_required(*EVALUATORS)
def retrain_job(request, pk):
    """One job's progress (a button checks it, without JavaScript), then the comparison."""
    job = get_object_or_404(retrain_jobs(), pk=pk)
    context = {
        "job": job,
        "c": side_by_side(job.comparison),
        "live": live_label(),
        "can_make_live": has_role(request.user, Role.ADMIN),
    }
    return render(request, "evaluator/retrain_job.html", context)


@role_required(Role.ADMIN)
def retrain_make_live(request, pk):
    """An admin makes a job's candidate live, saying why."""
    job = get_object_or_404(retrain_jobs(), pk=pk)
    form = MakeLiveForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            activation = retraining_services.retrain_make_live(
                job=job, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except (RetrainRefused, ScorecardError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{activation.label} is live for new assessments")
            return redirect("retrain-job", pk=job.pk)
    return render(request, "evaluator/retrain_make_live.html", {"form": form, "job": job, "live": live_label()})
