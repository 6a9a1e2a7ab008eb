from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from triage import services
from triage.access import Role
from triage.models import (
    Assessment,
    AuditAction,
    AuditEvent,
    BandPathway,
    CaseloadRules,
    CouncilArea,
    Event,
    Intervention,
    InterventionType,
    Override,
    Partner,
    PartnerOrganisation,
    PartnerUpload,
    Person,
    PersonChange,
    RedundancySituation,
    ScorecardActivation,
    Team,
    User,
)
from triage.models.people import SUMMARY_FIELDS
from triage.scorecard_files import available_scorecards, scorecard_by_label
from triage.scoring import ScorecardError, check_declined_rule, declined_rule_breaches
from triage.services import audit_record, person_change_record, person_name_keys_set


@admin.register(User)
class PaceUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "PACE",
            {"fields": ("team", "organisation"), "description": "Staff have a team; partner users an organisation."},
        ),
    )
    list_display = ("username", "first_name", "last_name", "team", "organisation", "is_active")
    list_filter = ("team", "organisation", "groups", "is_active")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "region")


@admin.register(CouncilArea)
class CouncilAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region", "unemployment_rate_pct", "period")
    search_fields = ("name", "code")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "pace_partner")


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    """A reference partner that shares data; its users are made in Users, in the partner group."""

    list_display = ("partner", "created_at")


@admin.register(InterventionType)
class InterventionTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "code")
    filter_horizontal = ("partners",)


@admin.register(BandPathway)
class BandPathwayAdmin(admin.ModelAdmin):
    list_display = ("band", "title", "order")


@admin.register(RedundancySituation)
class RedundancySituationAdmin(admin.ModelAdmin):
    list_display = ("employer", "team", "sector", "council_area", "notified_date", "number_affected")
    list_filter = ("team", "sector")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("situation", "kind", "held_on", "location")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: shown, never edited or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartnerUpload)
class PartnerUploadAdmin(ReadOnlyAdmin):
    """Counts and status only: the identifiers an upload carried are not shown here (decision 0026)."""

    list_display = ("pk", "organisation", "uploaded_at", "status", "rows_valid")
    list_filter = ("organisation", "status")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("ref", "team", "situation", "created_at")
    list_filter = ("team",)
    search_fields = ("ref",)
    # The team is read-only: a person's assessments, overrides and interventions keep a copy of it,
    # and team leads see those by it. A move between teams would need a service that moves them all.
    # The caseload summary (band and the rest) is read-only too: it is copied from assessments,
    # overrides and interventions by their services, and a band changes only by an override.
    # found_work_on is the latest of the person's work starts, recorded on their page.
    readonly_fields = (
        "ref",
        "team",
        "privacy_notice_version",
        "consent_recorded_at",
        "created_by",
        "found_work_on",
        # The leaving date is changed on the person's page, which works out the label and queue again.
        "leaving_date",
        "ltu_label",
        "ltu_label_on",
        "follow_up_months",
        "follow_up_on",
        *(field.removesuffix("_id") for field in SUMMARY_FIELDS),
    )

    def has_delete_permission(self, request, obj=None):
        """Erasure comes with the data-protection duties, audited; never a delete button here."""
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "adviser" in form.base_fields:
            # The named adviser is one of the person's own team who works with people.
            form.base_fields["adviser"].queryset = User.objects.filter(
                team_id=obj.team_id, groups__name__in=[Role.ADVISER, Role.TEAM_LEAD], is_active=True
            ).distinct()
        return form

    def save_model(self, request, obj, form, change):
        """A name corrected here is found by search and the duplicate check as it now reads; a
        change joins the person's history (field names only) and moves their version, so a form
        an adviser opened before it is refused rather than overwriting it (decision 0010)."""
        person_name_keys_set(obj)
        changed = list(form.changed_data) if (change and form is not None) else []
        if changed:
            obj.version += 1
        super().save_model(request, obj, form, change)
        if changed:
            person_change_record(
                person=obj,
                kind=PersonChange.Kind.DETAILS,
                fields=changed,
                reason="Changed in the admin site",
                acting_user=request.user,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Admins see personal data here too, so each view of a record is audited like any other."""
        person = self.get_object(request, object_id)
        if person is not None:
            audit_record(acting_user=request.user, action=AuditAction.PERSON_VIEWED, person=person, detail="admin site")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "scorecard_name", "scorecard_version", "model_band", "effective_band", "created_at")


@admin.register(Override)
class OverrideAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "from_band", "to_band", "reason_category", "created_by", "created_at")


@admin.register(Intervention)
class InterventionAdmin(ReadOnlyAdmin):
    """Read-only: a status changes through the adviser's update page, which keeps the history and
    the person's caseload summary in step."""

    list_display = ("__str__", "intervention_type", "delivered_by", "status", "status_date")
    list_select_related = ("intervention_type", "partner")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "action", "person_ref", "detail")
    list_filter = ("action",)
    search_fields = ("person_ref",)


def _choice_name(label: str) -> str:
    """The scorecard's label, saying so when it cannot go live (choosing it shows why)."""
    try:
        card = scorecard_by_label(label)
    except ScorecardError:
        return f"{label} (does not load: cannot be made live)"
    if declined_rule_breaches(card):
        return f"{label} (gives points for declined answers: cannot be made live)"
    return label


class ScorecardActivationForm(forms.ModelForm):
    label = forms.ChoiceField(label="Scorecard to make live", choices=())

    class Meta:
        model = ScorecardActivation
        fields = ["label", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].choices = [(label, _choice_name(label)) for label in available_scorecards()]

    def clean_label(self):
        try:
            card = scorecard_by_label(self.cleaned_data["label"])
            check_declined_rule(card)
        except ScorecardError as error:
            raise forms.ValidationError(str(error)) from error
        return card.label


@admin.register(ScorecardActivation)
class ScorecardActivationAdmin(admin.ModelAdmin):
    """Adding a row makes a scorecard live. Rows are never edited: going back is a new activation."""

    form = ScorecardActivationForm
    list_display = ("label", "activated_by", "activated_at", "note")
    actions = ["make_live_again"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.activated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Make the selected scorecard live again")
    def make_live_again(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one scorecard to make live", messages.ERROR)
            return
        try:
            activation = services.scorecard_activate(
                label=queryset.get().label, acting_user=request.user, note="made live again from the admin"
            )
        except ScorecardError as error:
            self.message_user(request, f"Scorecard not activated: {error}", messages.ERROR)
            return
        self.message_user(request, f"{activation.label} is live for new assessments")


@admin.register(CaseloadRules)
class CaseloadRulesAdmin(admin.ModelAdmin):
    """One row of queue thresholds: edited, never added to or deleted."""

    list_display = ("__str__", "support_due_working_days", "reassess_after_days")

    def has_add_permission(self, request):
        return not CaseloadRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
