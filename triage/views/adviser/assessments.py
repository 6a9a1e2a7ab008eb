"""The checklist and its result."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, role_required
from triage.forms.checklist import ChecklistForm, previous_answers
from triage.models import AuditAction
from triage.scorecard_files import live_scorecard
from triage.scoring import ITEMS, age_band, age_on, for_display

PEOPLE = (Role.ADVISER, Role.TEAM_LEAD)


def _person_facts(person, today):
    area = person.council_area
    age = age_on(person.date_of_birth, today)
    return {
        3: f"Age {age}, from their date of birth ({ITEMS['q3_age_band'].answer(age_band(person.date_of_birth, today)).label}).",
        7: f"Lives in {area.name}, where unemployment is {area.unemployment_rate_pct}% ({area.period}).",
    }


@role_required(*PEOPLE)
def assessment_add(request, ref):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    today = timezone.localdate()
    # Seen at the event the adviser is working at today, if any; otherwise where they registered.
    event = selectors.event_mode_for(user=request.user, today=today) or person.event
    data = request.POST if request.method == "POST" else None
    # A reassessment starts from the last answers; a posted form shows what was posted instead.
    previous = selectors.latest_assessment(person=person) if data is None else None
    initial = {"submission_token": uuid.uuid4(), **previous_answers(previous)}
    form = ChecklistForm(data, initial=initial, person_facts=_person_facts(person, today))
    if form.is_valid():
        assessment = services.assessment_create(
            person=person,
            answers=form.answers(),
            dependants_count=form.cleaned_data["dependants_count"],
            event=event,
            submission_token=form.cleaned_data["submission_token"] or uuid.uuid4(),
            acting_user=request.user,
            card=live_scorecard(),
            today=today,
        )
        messages.success(request, "Checklist saved")
        return redirect("assessment-detail", ref=person.ref, pk=assessment.pk)
    return render(
        request, "adviser/assessment_add.html", {"person": person, "form": form, "event": event, "previous": previous}
    )


@role_required(*PEOPLE)
def assessment_detail(request, ref, pk):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    assessment = selectors.assessment_get_for_person(person=person, pk=pk)
    services.audit_record(
        acting_user=request.user, action=AuditAction.ASSESSMENT_VIEWED, person=person, detail=f"assessment {pk}"
    )
    pathways = selectors.band_pathways()
    latest = selectors.latest_assessment(person=person)
    context = {
        "person": person,
        "assessment": assessment,
        "latest": latest,
        "is_latest": latest is not None and latest.pk == assessment.pk,
        "pathway": pathways.get(assessment.effective_band),
        "model_pathway": pathways.get(assessment.model_band),
        "overrides": selectors.assessment_overrides(assessment=assessment),
        "assessment_changes": selectors.assessment_changes(assessment=assessment),
        "missing_labels": [ITEMS[code].label for code in assessment.missing_items if code in ITEMS],
        "points_rows": for_display(assessment.explanation, assessment.answers),
    }
    return render(request, "adviser/assessment_detail.html", context)
