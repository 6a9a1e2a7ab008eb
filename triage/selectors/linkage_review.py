"""The clerical review's reads (decision 0027): the pairs a run left between the thresholds, with the
two sides' linkage fields. Reads the linkage tables, so only the review's view imports it."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from triage.models.linkage import ReviewDecision, ReviewPair


def review_pairs_pending() -> QuerySet[ReviewPair]:
    """Pairs not decided yet, the likeliest first."""
    return ReviewPair.objects.filter(decision=ReviewDecision.PENDING).order_by("-match_probability", "pk")


def review_pair_pending_get(pk: int) -> ReviewPair:
    """One pair not decided yet; a decided or missing one is a 404."""
    return get_object_or_404(review_pairs_pending(), pk=pk)
