"""The team lead's queue of people registered but never assessed."""

from django.shortcuts import render
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, role_required
from triage.models import AuditAction

PAGE_SIZE = 25


@role_required(Role.TEAM_LEAD)
def not_assessed(request):
    """Who has waited longest since registering without a checklist, oldest first."""
    people = selectors.not_assessed_people(user=request.user)
    page = selectors.not_assessed_page(people, request.GET.get("page"), PAGE_SIZE, today=timezone.localdate())
    services.audit_record(acting_user=request.user, action=AuditAction.CASELOAD_VIEWED, detail="queue not_assessed")
    return render(request, "team_lead/not_assessed.html", {"page": page, "title": selectors.NOT_ASSESSED})
