"""A person's record after registration: change their details, record work they found, and score
the latest checklist again when something it was scored on has been corrected."""

import uuid

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from triage import selectors, services
from triage.access import Role, role_required
from triage.forms.person import PersonEditForm
from triage.forms.person_record import FoundWorkForm, RescoreForm
from triage.models import AuditAction
from triage.scorecard_files import live_scorecard
from triage.views.common import saved

PEOPLE = (Role.ADVISER, Role.TEAM_LEAD)


def _edit_initial(person):
    fields = (
        "given_name",
        "family_name",
        "date_of_birth",
        "council_area",
        "postcode",
        "email",
        "phone",
        "ni_number",
        "leaving_date",
    )
    return {name: getattr(person, name) for name in fields} | {"seen_version": selectors.person_version(person)}


@sensitive_post_parameters(
    "given_name",
    "family_name",
    "date_of_birth_0",
    "date_of_birth_1",
    "date_of_birth_2",
    "postcode",
    "email",
    "phone",
    "ni_number",
    "reason",
)
@role_required(*PEOPLE)
def person_edit(request, ref):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    data = request.POST if request.method == "POST" else None
    form = PersonEditForm(data, person=person, today=timezone.localdate(), initial=_edit_initial(person))
    if data is None:
        services.audit_record(
            acting_user=request.user, action=AuditAction.PERSON_VIEWED, person=person, detail="change details"
        )
    changed_since = False
    if form.is_valid():
        try:
            change = services.person_update(person=person, acting_user=request.user, **form.details())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Details saved" if change else "No details were changed")
            return redirect("person-detail", ref=ref)
        changed_since = form.has_error(NON_FIELD_ERRORS, "changed_since")
        if changed_since:
            # Someone else saved first: show what the record says now; a second save, once seen, goes ahead.
            person = selectors.person_get_for_user(user=request.user, ref=ref)
            form.data = form.data.copy()
            form.data["seen_version"] = selectors.person_version(person)
    return render(request, "adviser/person_edit.html", {"person": person, "form": form, "changed_since": changed_since})


@role_required(*PEOPLE)
def person_found_work(request, ref):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    form = FoundWorkForm(data, notified_date=person.situation.notified_date, today=today)
    if form.is_valid() and saved(
        form, services.person_found_work, person=person, acting_user=request.user, today=today
    ):
        messages.success(request, "Work recorded")
        return redirect("person-detail", ref=ref)
    return render(request, "adviser/person_found_work.html", {"person": person, "form": form})


@role_required(*PEOPLE)
def assessment_rescore(request, ref, pk):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    assessment = selectors.assessment_get_for_person(person=person, pk=pk)
    latest = selectors.latest_assessment(person=person)
    data = request.POST if request.method == "POST" else None
    form = RescoreForm(data, initial={"submission_token": uuid.uuid4()})
    if form.is_valid():
        token = form.cleaned_data["submission_token"] or uuid.uuid4()
        try:
            rescored = services.assessment_rescore(
                assessment=assessment,
                acting_user=request.user,
                card=live_scorecard(),
                today=timezone.localdate(),
                submission_token=token,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Checklist scored again")
            return redirect("assessment-detail", ref=ref, pk=rescored.pk)
    record = selectors.person_record(person=person, latest=assessment)
    is_latest = latest is not None and latest.pk == assessment.pk
    if not (is_latest and record.can_rescore):
        form.helper.layout.fields.pop()  # nothing to score again: the page says why, with no button
    context = {"person": person, "assessment": assessment, "is_latest": is_latest, "record": record, "form": form}
    return render(request, "adviser/assessment_rescore.html", context)
