"""Adviser and team-lead pages about a person: search, register, the person's page, support plan."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from triage import selectors, services
from triage.access import Role, has_role, role_required
from triage.forms.person import PersonForm
from triage.lib.text import typed_text
from triage.models import AuditAction, Person

PEOPLE = (Role.ADVISER, Role.TEAM_LEAD)


# The term being searched for is kept here between the form and its results, never in a URL.
SEARCH_KEY = "person_search"


@sensitive_post_parameters("q")
@role_required(*PEOPLE)
def person_search(request):
    """The search form and the team's latest registrations. The form is POSTed and the term kept
    in the session, then the browser is sent to the results (POST, redirect, GET), so a name typed
    is never in a URL: not in the history, the access log or a Referer."""
    if request.method == "POST":
        # NUL cannot be stored or compared in PostgreSQL text; no name or reference contains one.
        query = typed_text(request.POST.get("q", ""))
        if not query:
            request.session.pop(SEARCH_KEY, None)
            return redirect("person-search")
        request.session[SEARCH_KEY] = query
        return redirect("person-search-results")
    people = selectors.people_search(user=request.user, query="")
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    return render(request, "adviser/person_search.html", {"query": "", "page": page})


@role_required(*PEOPLE)
def person_search_results(request):
    """The people matching the term kept by `person_search`, a page at a time."""
    query = request.session.get(SEARCH_KEY, "")
    if not isinstance(query, str) or not query:
        return redirect("person-search")
    people = selectors.people_search(user=request.user, query=query)
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    services.audit_record(acting_user=request.user, action=AuditAction.PEOPLE_SEARCHED, detail="name or reference")
    return render(request, "adviser/person_search.html", {"query": query, "page": page})


@sensitive_post_parameters(
    "date_of_birth_0", "date_of_birth_1", "date_of_birth_2", "ni_number", "postcode", "email", "phone"
)
@role_required(*PEOPLE)
def person_add(request):
    situations = selectors.situations_visible_to(request.user)
    # In event mode the redundancy and the event start as the event's.
    event = selectors.event_mode_for(user=request.user, today=timezone.localdate())
    form = PersonForm(
        request.POST or None,
        situations=situations,
        today=timezone.localdate(),
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        initial={"situation": event.situation_id, "event": event.pk} if event else None,
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm_not_duplicate")
        seen = data.pop("duplicates_seen")
        try:
            person = services.person_register(
                acting_user=request.user, team=request.user.team, duplicates_seen=seen if confirmed else (), **data
            )
        except services.LikelyDuplicate as likely:
            duplicates = likely.people
        else:
            messages.success(request, f"{person.full_name} registered with reference {person.ref}")
            # At an event the checklist comes next, with the person still beside the adviser.
            return redirect("assessment-add" if event else "person-detail", ref=person.ref)
    if duplicates:
        form.helper.layout.fields.pop()  # the duplicate panel offers its own two choices instead
    return render(request, "adviser/person_add.html", {"form": form, "duplicates": duplicates, "event": event})


@role_required(*PEOPLE)
def person_detail(request, ref):
    person = selectors.person_get_for_user(user=request.user, ref=ref)
    services.audit_record(acting_user=request.user, action=AuditAction.PERSON_VIEWED, person=person)
    latest = selectors.latest_assessment(person=person)
    context = {
        "person": person,
        "latest": latest,
        "interventions": selectors.person_interventions(person=person),
        "timeline": selectors.person_timeline(person=person),
        "record": selectors.person_record(person=person, latest=latest),
        "can_reassign": has_role(request.user, Role.TEAM_LEAD),
        "outcome": selectors.person_outcome(person=person, today=timezone.localdate()),
    }
    return render(request, "adviser/person_detail.html", context)


@role_required(*PEOPLE)
def support_plan(request, ref):
    person: Person = selectors.person_get_for_user(user=request.user, ref=ref)
    services.audit_record(acting_user=request.user, action=AuditAction.SUPPORT_PLAN_VIEWED, person=person)
    plan = selectors.support_plan(person=person)
    return render(request, "adviser/support_plan.html", {"person": person, "plan": plan})
