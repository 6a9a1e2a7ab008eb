"""The clerical review (admins): pairs of records a linkage run scored between the thresholds, side
by side (only the fields linkage used), each decided once: the same person, or different people."""

from django.contrib import messages
from django.shortcuts import redirect, render

from triage.access import Role, role_required
from triage.forms.linkage_review import ReviewDecisionForm
from triage.selectors import linkage_review
from triage.services.linkage import review_pair_decide


@role_required(Role.ADMIN)
def review_list(request):
    """GET: the pending pairs; POST: one decision, then back to the list (POST, redirect, GET)."""
    if request.method == "POST":
        form = ReviewDecisionForm(request.POST)
        if form.is_valid():
            pair = linkage_review.review_pair_pending_get(form.cleaned_data["pair"])
            review_pair_decide(pair=pair, decision=form.cleaned_data["decision"], acting_user=request.user)
            messages.success(request, "Decision recorded")
            return redirect("linkage-review")
        messages.error(request, "Select whether the records are the same person")
    pairs = list(linkage_review.review_pairs_pending()[:50])
    return render(request, "linkage/review_list.html", {"pairs": pairs})
