"""Support agreed with a person and its progress."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, role_required
from triage.forms.intervention import InterventionForm, InterventionTypeForm, InterventionUpdateForm
from triage.views.common import saved

PEOPLE = (Role.ADVISER, Role.TEAM_LEAD)


@role_required(*PEOPLE)
def intervention_add(request, ref):
    """Two steps, both without JavaScript: the support (sent by GET), then who delivers it, from the
    partners that deliver that support, with the dates and notes (docs/decisions/0012)."""
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    sent = request.POST if request.method == "POST" else request.GET
    chosen = InterventionTypeForm(
        sent if "intervention_type" in sent else None, initial={"intervention_type": sent.get("change")}
    )
    if not chosen.is_valid():
        return render(request, "adviser/intervention_add_type.html", {"person": person, "form": chosen})
    kind = chosen.cleaned_data["intervention_type"]
    today = timezone.localdate()
    # Support is usually agreed at the event itself: start from today's date.
    initial = {"agreed_on": [today.day, today.month, today.year]}
    data = request.POST if request.method == "POST" else None
    form = InterventionForm(
        data,
        kind=kind,
        partners=selectors.partners_delivering(intervention_type=kind),
        notified_date=person.situation.notified_date,
        today=today,
        initial=initial,
    )
    if form.is_valid():
        services.intervention_add(person=person, acting_user=request.user, **form.cleaned_data)
        messages.success(request, "Support recorded")
        return redirect("person-detail", ref=ref)
    return render(request, "adviser/intervention_add.html", {"person": person, "form": form, "kind": kind})


@role_required(*PEOPLE)
def intervention_update(request, ref, pk):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    intervention = selectors.intervention_get_for_person(person=person, pk=pk)
    data = request.POST if request.method == "POST" else None
    initial = {"status": intervention.status, "seen_version": selectors.intervention_version(intervention)}
    form = InterventionUpdateForm(data, intervention=intervention, today=timezone.localdate(), initial=initial)
    if form.is_valid():
        if saved(form, services.intervention_update_status, intervention=intervention, acting_user=request.user):
            messages.success(request, "Status updated")
            return redirect("person-detail", ref=ref)
        # Someone else saved first: show what it is now, and let a second save go ahead once seen.
        intervention = selectors.intervention_get_for_person(person=person, pk=pk)
        form.data = form.data.copy()
        form.data["seen_version"] = selectors.intervention_version(intervention)
    context = {"person": person, "intervention": intervention, "form": form}
    return render(request, "adviser/intervention_update.html", context)
