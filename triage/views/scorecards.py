"""The model card of a scorecard, for everyone who sees scores: what it is, how well it works, for whom."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from triage.access import Role, role_required
from triage.lib.govuk_markdown import render_govuk_markdown
from triage.scorecard_files import live_label, model_card_path, scorecard_folder
from triage.scoring import ScorecardError


@role_required(Role.ADVISER, Role.TEAM_LEAD, Role.EVALUATOR, Role.ADMIN)
def model_card(request, label):
    try:
        path = model_card_path(label)
    except ScorecardError:
        path = None
    if path is None:
        raise Http404("No such scorecard")
    # A relative image (calibration.png) resolves, from this page's URL, to model_card_figure.
    body = mark_safe(render_govuk_markdown(path.read_text(encoding="utf-8")))  # noqa: S308 - raw HTML escaped
    context = {"label": label, "body": body, "is_live": label == live_label()}
    return render(request, "common/model_card.html", context)


@role_required(Role.ADVISER, Role.TEAM_LEAD, Role.EVALUATOR, Role.ADMIN)
def model_card_figure(request, label):
    """The calibration plot a model card shows (the only file served from a scorecard folder)."""
    try:
        path = scorecard_folder(label) / "calibration.png"
    except ScorecardError:
        raise Http404("No such scorecard") from None
    if not path.is_file():
        raise Http404("No calibration plot")
    return FileResponse(path.open("rb"), content_type="image/png")
