"""The team lead's dashboard: their team's figures, as charts with their tables."""

from django.shortcuts import render
from django.utils import timezone

from triage.access import Role, role_required
from triage.selectors.dashboard import team_dashboard_figures
from triage.views.dashboard_charts import charts, headline


@role_required(Role.TEAM_LEAD)
def dashboard(request):
    today = timezone.localdate()
    figures = team_dashboard_figures(user=request.user, today=today)
    context = {"today": today, "headline": headline(figures), "charts": charts(figures, release=False)}
    return render(request, "team_lead/dashboard.html", context)
