from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, register_converter

from triage.converters import PersonRefConverter
from triage.forms.login import LoginForm
from triage.views import common, linkage_review, pages, scorecards, session
from triage.views.adviser import assessments, caseload, events, interventions, outcomes, overrides, people, person_edit
from triage.views.evaluator import dashboard as evaluator_dashboard
from triage.views.evaluator import evaluation as evaluator_statistics
from triage.views.evaluator import exports as evaluator_exports
from triage.views.evaluator import retraining as evaluator_retraining
from triage.views.partner import uploads as partner_uploads
from triage.views.team_lead import caseload as team_caseload
from triage.views.team_lead import dashboard as team_dashboard
from triage.views.team_lead import outcomes as team_outcomes
from triage.views.team_lead import overrides as team_overrides
from triage.views.team_lead import person_reassign
from triage.views.team_lead import queues as team_queues

register_converter(PersonRefConverter, "ref")

handler404 = "triage.views.common.page_not_found"
handler500 = "triage.views.common.server_error"

admin.site.site_header = "PACE Triage administration"
admin.site.site_title = "PACE Triage admin"

urlpatterns = [
    path("", common.home, name="home"),
    path("health/", common.health, name="health"),
    path("privacy/", pages.privacy_notice, name="privacy-notice"),
    path("privacy/<str:version>/", pages.privacy_notice, name="privacy-notice-version"),
    path("accessibility/", pages.accessibility_statement, name="accessibility-statement"),
    path("cookies/", pages.cookies, name="cookies"),
    path(
        "accounts/login/",
        login_not_required(
            auth_views.LoginView.as_view(
                redirect_authenticated_user=True,
                authentication_form=LoginForm,
                extra_context={"idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60},
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/time-left/", session.session_time_left, name="session-time-left"),
    path("session/keep-alive/", session.session_keep_alive, name="session-keep-alive"),
    path("event/", events.event_mode, name="event-mode"),
    path("people/", people.person_search, name="person-search"),
    path("people/search/", people.person_search_results, name="person-search-results"),
    path("people/add/", people.person_add, name="person-add"),
    path("people/<ref:ref>/", people.person_detail, name="person-detail"),
    path("people/<ref:ref>/support-plan/", people.support_plan, name="support-plan"),
    path("people/<ref:ref>/edit/", person_edit.person_edit, name="person-edit"),
    path("people/<ref:ref>/found-work/", person_edit.person_found_work, name="person-found-work"),
    path("people/<ref:ref>/follow-ups/add/", outcomes.follow_up_add, name="follow-up-add"),
    path("people/follow-ups/", outcomes.follow_up_queue, name="follow-up-queue"),
    path("people/<ref:ref>/assessments/<int:pk>/rescore/", person_edit.assessment_rescore, name="assessment-rescore"),
    path("people/<ref:ref>/assessments/add/", assessments.assessment_add, name="assessment-add"),
    path("people/<ref:ref>/assessments/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path("people/<ref:ref>/assessments/<int:pk>/override/", overrides.override_add, name="override-add"),
    path("people/<ref:ref>/interventions/add/", interventions.intervention_add, name="intervention-add"),
    path(
        "people/<ref:ref>/interventions/<int:pk>/update/",
        interventions.intervention_update,
        name="intervention-update",
    ),
    path("caseload/", caseload.caseload, name="caseload"),
    path("caseload/download/", team_caseload.caseload_download, name="caseload-download"),
    path("team/dashboard/", team_dashboard.dashboard, name="dashboard"),
    path("team/overrides/", team_overrides.override_list, name="override-list"),
    path("team/not-assessed/", team_queues.not_assessed, name="not-assessed"),
    path("team/follow-ups/upload/", team_outcomes.follow_up_upload, name="follow-up-upload"),
    path("team/follow-ups/template.csv", team_outcomes.follow_up_template, name="follow-up-template"),
    path("team/overrides/<int:pk>/review/", team_overrides.override_review, name="override-review"),
    path("team/people/<ref:ref>/adviser/", person_reassign.person_reassign, name="person-reassign"),
    path("overrides/<int:pk>/answer/", overrides.override_answer, name="override-answer"),
    path("evaluation/dashboard/", evaluator_dashboard.evaluation_dashboard, name="evaluation-dashboard"),
    path("evaluation/model/", evaluator_statistics.evaluation_performance, name="evaluation-performance"),
    path("evaluation/model/cut-offs/", evaluator_statistics.evaluation_cutoffs, name="evaluation-cutoffs"),
    path("evaluation/model/fairness/", evaluator_statistics.evaluation_fairness, name="evaluation-fairness"),
    path("evaluation/model/overrides/", evaluator_statistics.evaluation_overrides, name="evaluation-overrides"),
    path(
        "evaluation/model/time-to-work/", evaluator_statistics.evaluation_time_to_work, name="evaluation-time-to-work"
    ),
    path("evaluation/model/drift/", evaluator_statistics.evaluation_drift, name="evaluation-drift"),
    path("evaluation/exports/", evaluator_exports.export_list, name="export-list"),
    path("evaluation/exports/<int:pk>/", evaluator_exports.export_job, name="export-job"),
    path("evaluation/exports/<int:pk>/download/", evaluator_exports.export_download, name="export-download"),
    path("evaluation/retraining/", evaluator_retraining.retrain_list, name="retrain-list"),
    path("evaluation/retraining/<int:pk>/", evaluator_retraining.retrain_job, name="retrain-job"),
    path("evaluation/retraining/<int:pk>/make-live/", evaluator_retraining.retrain_make_live, name="retrain-make-live"),
    path("evaluation/data-dictionary/", evaluator_exports.data_dictionary, name="data-dictionary"),
    path("evaluation/data-dictionary.csv", evaluator_exports.data_dictionary_csv, name="data-dictionary-csv"),
    path("evaluation/data-dictionary.json", evaluator_exports.data_dictionary_json, name="data-dictionary-json"),
    path("scorecards/<str:label>/", scorecards.model_card, name="model-card"),
    path("scorecards/<str:label>/calibration.png", scorecards.model_card_figure, name="model-card-figure"),
    path("partner/uploads/", partner_uploads.upload_list, name="partner-upload-list"),
    path("partner/uploads/add/", partner_uploads.upload_add, name="partner-upload-add"),
    path("partner/uploads/template.csv", partner_uploads.upload_template, name="partner-upload-template"),
    path("partner/uploads/<int:pk>/", partner_uploads.upload_detail, name="partner-upload"),
    path("linkage/review/", linkage_review.review_list, name="linkage-review"),
    path("partner/uploads/<int:pk>/pace-ids.csv", partner_uploads.upload_pace_ids, name="partner-upload-pace-ids"),
    path("admin/", admin.site.urls),
]
