"""The model card of a scorecard, for everyone who sees scores: what it is, how well it works, for whom."""

import re

import markdown
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from triage.access import Role, role_required
from triage.scorecard_files import live_label, model_card_path, scorecard_folder
from triage.scoring import ScorecardError

# Markdown's plain tags, dressed in GOV.UK Frontend classes.
GOVUK_CLASSES = {
    "h1": "govuk-heading-l",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "a": "govuk-link",
    "code": "app-code",
    "img": "app-figure",
}
TAG = re.compile(r"<(" + "|".join(GOVUK_CLASSES) + r")(\s|>)")


def render_markdown(text: str) -> str:
    # The files are the project's own, committed under models/; raw HTML in them is escaped anyway.
    html = markdown.markdown(text.replace("<", "&lt;"), extensions=["tables", "sane_lists"])
    return TAG.sub(lambda m: f'<{m.group(1)} class="{GOVUK_CLASSES[m.group(1)]}"{m.group(2)}', html)


@role_required(Role.ADVISER, Role.TEAM_LEAD, Role.EVALUATOR, Role.ADMIN)
def model_card(request, label):
    try:
        path = model_card_path(label)
    except ScorecardError:
        path = None
    if path is None:
        raise Http404("No such scorecard")
    # A relative image (calibration.png) resolves, from this page's URL, to model_card_figure.
    body = mark_safe(render_markdown(path.read_text(encoding="utf-8")))  # noqa: S308 - escaped above
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
