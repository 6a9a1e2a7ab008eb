"""Band changes by the adviser: change a band with a reason, answer a team lead's query."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from triage import selectors, services
from triage.access import Role, role_required
from triage.forms.override import OverrideForm
from triage.forms.override_review import OverrideAnswerForm
from triage.views.common import saved

PEOPLE = (Role.ADVISER, Role.TEAM_LEAD)


@role_required(*PEOPLE)
def override_add(request, ref, pk):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    assessment = selectors.assessment_get_for_person(person=person, pk=pk)
    latest = selectors.latest_assessment(person=person)
    if latest is not None and latest.pk != assessment.pk:
        context = {"person": person, "assessment": assessment, "latest": latest}
        return render(request, "adviser/override_not_latest.html", context, status=409)
    data = request.POST if request.method == "POST" else None
    form = OverrideForm(data, current_band=assessment.effective_band)
    if form.is_valid() and saved(form, services.override_add, assessment=assessment, acting_user=request.user):
        messages.success(request, "Override saved")
        return redirect("assessment-detail", ref=ref, pk=pk)
    return render(request, "adviser/override_add.html", {"person": person, "assessment": assessment, "form": form})


@role_required(*PEOPLE)
def override_answer(request, pk):
    override = get_object_or_404(selectors.overrides_queried_for(user=request.user), pk=pk)
    form = OverrideAnswerForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and saved(form, services.override_answer, override=override, acting_user=request.user):
        messages.success(request, "Answer sent to your team lead")
        return redirect("home")
    context = {"override": override, "form": form, "reviews": selectors.override_reviews(override=override)}
    return render(request, "adviser/override_answer.html", context)
