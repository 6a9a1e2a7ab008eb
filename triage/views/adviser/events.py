"""Event mode: the adviser chooses the event they are working at today, switches, or leaves it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from triage import selectors, services
from triage.access import Role, role_required
from triage.forms.event_mode import EventModeForm, event_label
from triage.views.common import saved

PEOPLE = (Role.ADVISER, Role.TEAM_LEAD)


@role_required(*PEOPLE)
def event_mode(request):
    today = timezone.localdate()
    current = selectors.event_mode_for(user=request.user, today=today)
    if request.method == "POST" and "leave" in request.POST:
        services.event_mode_leave(acting_user=request.user)
        messages.success(request, "You have left event mode")
        return redirect("home")
    events = selectors.events_to_choose(user=request.user, today=today)
    initial = {"event": str(current.pk)} if current else {}
    data = request.POST if request.method == "POST" else None
    form = EventModeForm(data, events=events, today=today, initial=initial)
    if form.is_valid() and saved(form, services.event_mode_start, acting_user=request.user, today=today):
        messages.success(request, f"You are working at {event_label(form.cleaned_data['event'], today)}")
        return redirect("home")
    return render(request, "adviser/event_mode.html", {"form": form, "current": current, "events": events})
