"""Team leads name another adviser of the team as a person's named adviser."""

from django.contrib import messages
from django.shortcuts import redirect, render

from triage import selectors, services
from triage.access import Role, role_required
from triage.forms.person_record import ReassignForm
from triage.views.common import saved


@role_required(Role.TEAM_LEAD)
def person_reassign(request, ref):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    data = request.POST if request.method == "POST" else None
    advisers = selectors.named_advisers(team=person.team_id)
    form = ReassignForm(data, person=person, advisers=advisers, initial={"adviser": person.adviser_id})
    if form.is_valid() and saved(form, services.person_reassign, person=person, acting_user=request.user):
        messages.success(request, "Named adviser changed")
        return redirect("person-detail", ref=ref)
    return render(request, "team_lead/person_reassign.html", {"person": person, "form": form})
