"""The evaluator's dashboard: every team's figures, disclosure controlled, no one identifiable."""

from django.shortcuts import render
from django.utils import timezone

from triage.access import Role, role_required
from triage.selectors.dashboard import evaluation_dashboard_figures
from triage.views.dashboard_charts import charts, headline


@role_required(Role.EVALUATOR, Role.ADMIN)
def evaluation_dashboard(request):
    today = timezone.localdate()
    figures = evaluation_dashboard_figures(today=today)
    context = {"today": today, "headline": headline(figures), "charts": charts(figures, release=True)}
    return render(request, "evaluator/dashboard.html", context)
