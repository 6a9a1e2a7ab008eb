from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from triage import selectors, services
from triage.access import Role, has_role, works_with_people
from triage.models import AuditAction


def home(request):
    """Each role's starting point: queues for team leads, queries to answer for advisers, the
    aggregate dashboard for evaluators, their organisation's uploads for partner users, the Django
    admin for admins."""
    if works_with_people(request.user):
        today = timezone.localdate()
        context = {"queried": list(selectors.overrides_queried_for(user=request.user)[:20]), "can_choose_event": True}
        context["event"] = event = selectors.event_mode_for(user=request.user, today=today)
        if event:
            context["seen"] = seen = selectors.people_seen_at_event(user=request.user, event=event, today=today)
            if seen:
                services.audit_record(
                    acting_user=request.user,
                    action=AuditAction.CASELOAD_VIEWED,
                    detail=f"seen today at event {event.pk}",
                )
        if has_role(request.user, Role.TEAM_LEAD):
            context["queues"] = selectors.queue_counts(user=request.user, today=today)
        return render(request, "common/home.html", context)
    if has_role(request.user, Role.EVALUATOR):
        return redirect("evaluation-dashboard")
    if has_role(request.user, Role.PARTNER) and request.user.organisation_id is not None:
        return redirect("partner-upload-list")
    if has_role(request.user, Role.ADMIN):
        return redirect("admin:index")
    return render(request, "403.html", status=403)


@login_not_required
@require_GET
def health(request):
    """For a load balancer: 200 "ok" while the database answers, 503 otherwise, and nothing else."""
    if not selectors.database_answers():
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def saved(form: Form, service: Callable[..., object], **arguments: object) -> bool:
    """Call a write service with the form's answers; if it refuses them (a rule only the locked
    row can check, such as a band changed a moment ago), put its message on the form instead."""
    try:
        service(**arguments, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
