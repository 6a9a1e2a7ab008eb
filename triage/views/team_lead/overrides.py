"""The team lead's review of band changes, with the summary of each adviser's changes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from triage import selectors, services
from triage.access import Role, role_required
from triage.forms.override_review import OverrideReviewForm
from triage.models import ReviewStatus
from triage.views.common import saved

REVIEW_FILTERS = {
    "pending": ("Awaiting review", [ReviewStatus.PENDING, ReviewStatus.ANSWERED]),
    "queried": ("Queried", [ReviewStatus.QUERIED]),
    "agreed": ("Agreed", [ReviewStatus.AGREED]),
}


@role_required(Role.TEAM_LEAD)
def override_list(request):
    status = request.GET.get("status") if request.GET.get("status") in REVIEW_FILTERS else "pending"
    overrides = selectors.overrides_for_review(user=request.user, statuses=REVIEW_FILTERS[status][1])
    context = {
        "page": selectors.overrides_page(overrides, request.GET.get("page"), 25),
        "status": status,
        "filters": [(key, label) for key, (label, _) in REVIEW_FILTERS.items()],
        "summary": selectors.override_summary_by_adviser(user=request.user),
        "query_string": f"status={status}",
    }
    return render(request, "team_lead/override_list.html", context)


@role_required(Role.TEAM_LEAD)
def override_review(request, pk):
    override = get_object_or_404(selectors.overrides_for_review(user=request.user), pk=pk)
    form = OverrideReviewForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and saved(form, services.override_review, override=override, acting_user=request.user):
        messages.success(request, "Review saved")
        return redirect("override-list")
    context = {"override": override, "form": form, "reviews": selectors.override_reviews(override=override)}
    return render(request, "team_lead/override_review.html", context)
