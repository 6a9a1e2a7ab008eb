"""Outcomes on the adviser's side: record a follow-up on a person's page, and the follow-ups due."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, has_role, role_required
from triage.forms.outcomes import FollowUpForm
from triage.models import AuditAction
from triage.views.common import saved

PEOPLE = (Role.ADVISER, Role.TEAM_LEAD)
PAGE_SIZE = 25


@role_required(*PEOPLE)
def follow_up_add(request, ref):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    form = FollowUpForm(data, today=today)
    if form.is_valid() and saved(form, services.follow_up_record, person=person, acting_user=request.user, today=today):
        messages.success(request, "Follow-up saved")
        return redirect("person-detail", ref=ref)
    outcome = selectors.person_outcome(person=person, today=today)
    return render(request, "adviser/follow_up_add.html", {"person": person, "form": form, "outcome": outcome})


@role_required(*PEOPLE)
def follow_up_queue(request):
    """Follow-ups due: an adviser's own people, a team lead's team, the longest waiting first."""
    today = timezone.localdate()
    people = selectors.follow_ups_due(user=request.user, today=today)
    page = selectors.follow_ups_page(people, request.GET.get("page"), PAGE_SIZE, today=today)
    overdue = selectors.follow_ups_overdue_count(people, today=today)
    services.audit_record(acting_user=request.user, action=AuditAction.CASELOAD_VIEWED, detail="queue follow_ups")
    context = {"page": page, "overdue": overdue, "team": has_role(request.user, Role.TEAM_LEAD)}
    return render(request, "adviser/follow_up_queue.html", context)
