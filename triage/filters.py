"""The caseload's filters and sorts (django-filter), read from the URL so a list is bookmarkable."""

from datetime import date, datetime, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from triage.lib.dates import start_of_day, working_days_before
from triage.lib.text import typed_text
from triage.models import Band, CaseloadRules, CouncilArea, Person, RedundancySituation, User
from triage.models.people import REF_PATTERN, name_key_match

QUEUES = {
    "support_overdue": "High band, no support started",
    "incomplete": "Incomplete assessments",
    "reassess_due": "Due for reassessment",
}

SORTS = {
    # URL value: (label, ordering) — every ordering ends on pk so pages never overlap.
    "name": ("Name", ["family_name", "given_name", "pk"]),
    "band": ("Band", ["band_rank", "assessed_at", "pk"]),
    "assessed": ("Assessed", ["assessed_at", "pk"]),
    "support": ("Support", ["interventions_count", "pk"]),
    "adviser": ("Adviser", ["adviser__last_name", "adviser__first_name", "pk"]),
    "situation": ("Redundancy", ["situation__employer", "pk"]),
    "area": ("Area", ["council_area__name", "pk"]),
}
DEFAULT_SORT = "-band"
# No intervention started. Django writes `support_started=False` as `NOT support_started`, which
# SQLite cannot look up in an index; `IN (false)` it can, as an equality.
NO_SUPPORT = Q(support_started__in=[False])
# A queue is a work list: who has waited longest comes first.
QUEUE_SORTS = {"support_overdue": "assessed", "reassess_due": "assessed"}


def local_start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the service's time zone (Europe/London)."""
    return start_of_day(day, timezone.get_current_timezone())


class SortFilter(django_filters.ChoiceFilter):
    """Sort on the server by one column, either way; the default puts the highest risk first."""

    def __init__(self, *args, **kwargs):
        choices = [(key, label) for key, (label, _) in SORTS.items()]
        choices += [(f"-{key}", f"{label} (descending)") for key, (label, _) in SORTS.items()]
        super().__init__(*args, choices=choices, empty_label=None, **kwargs)

    def filter(self, qs, value):
        value = value or self.parent.default_sort()
        descending = value.startswith("-")
        ordering = SORTS[value.lstrip("-")][1]
        return qs.order_by(*[f"-{field}" if descending else field for field in ordering])


class CaseloadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or reference")
    # distinct=False: every filter is on the person's own row, and DISTINCT would make the
    # paginator's count read whole rows instead of an index.
    band = django_filters.MultipleChoiceFilter(
        label="Band", choices=Band.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    model_band = django_filters.MultipleChoiceFilter(
        label="Checklist band", choices=Band.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    overridden = django_filters.ChoiceFilter(
        label="Band changed by an adviser",
        choices=[("yes", "Changed"), ("no", "Not changed")],
        method="filter_overridden",
        empty_label="Either",
    )
    adviser = django_filters.ModelChoiceFilter(label="Adviser", queryset=User.objects.none(), empty_label="Any adviser")
    situation = django_filters.ModelChoiceFilter(
        label="Redundancy", queryset=RedundancySituation.objects.none(), empty_label="Any redundancy"
    )
    employer = django_filters.CharFilter(label="Employer", method="filter_employer")
    council_area = django_filters.ModelChoiceFilter(
        label="Council area", queryset=CouncilArea.objects.all(), empty_label="Any area"
    )
    assessed_from = django_filters.DateFilter(
        label="Assessed on or after", method="filter_assessed_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    assessed_to = django_filters.DateFilter(
        label="Assessed on or before", method="filter_assessed_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    no_support = django_filters.BooleanFilter(
        label="No intervention started", method="filter_no_support", widget=forms.CheckboxInput
    )
    queue = django_filters.ChoiceFilter(label="Queue", choices=list(QUEUES.items()), method="filter_queue")
    sort = SortFilter(label="Sort by")

    class Meta:
        model = Person
        fields = []

    def __init__(self, data=None, *args, team, today, rules=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.today = today
        self.team = team
        self._rules = rules
        # The selects' querysets validate a chosen value; their options are listed by the selector.
        self.filters["adviser"].queryset = User.objects.filter(team=team).order_by("last_name", "first_name")
        self.filters["situation"].queryset = RedundancySituation.objects.filter(team=team).order_by(
            "-notified_date", "employer", "pk"
        )

    @property
    def rules(self) -> CaseloadRules:
        """The queues' thresholds (reference data), read only when a queue is asked for."""
        if self._rules is None:
            self._rules = CaseloadRules.current()
        return self._rules

    def default_sort(self) -> str:
        """Highest risk first; in a queue, who has waited longest."""
        return QUEUE_SORTS.get(self.form.cleaned_data.get("queue"), DEFAULT_SORT)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "sort" not in self.form.cleaned_data:
            # Validation drops an unknown sort; order by the default, as the column headers then say.
            queryset = self.filters["sort"].filter(queryset, self.default_sort())
        return queryset

    def search(self, qs, name, value):
        value = typed_text(value)
        ref = REF_PATTERN.match(value.upper())
        # Six letters may be a reference or a name ("ONEILL"): either is found.
        by_ref = Q(ref=f"P-{ref.group(1)}") if ref else Q(pk__in=[])
        return qs.filter(by_ref | name_key_match(value))

    def filter_employer(self, qs, name, value):
        value = typed_text(value)
        if not value:
            return qs
        # A subquery rather than a join: the planner then reads the matching situations' people by
        # the (team, situation) index instead of joining every person of the team.
        situations = RedundancySituation.objects.filter(team=self.team, employer__icontains=value)
        return qs.filter(situation__in=situations.values("pk"))

    def filter_overridden(self, qs, name, value):
        return qs.filter(overridden=value == "yes")

    def filter_assessed_from(self, qs, name, value):
        return qs.filter(assessed_at__gte=local_start_of_day(value))

    def filter_assessed_to(self, qs, name, value):
        if value == date.max:  # the end of the calendar: no day after it to stop before
            return qs.filter(assessed_at__isnull=False)
        return qs.filter(assessed_at__lt=local_start_of_day(value + timedelta(days=1)))

    def filter_no_support(self, qs, name, value):
        return qs.filter(NO_SUPPORT) if value else qs

    def filter_queue(self, qs, name, value):
        return qs.filter(queue_condition(value, today=self.today, rules=self.rules))


def queue_condition(queue: str, *, today, rules) -> Q:
    """Each queue's rule, as one condition on the person's caseload summary."""
    if queue == "support_overdue":
        # Assessed high at least N Scottish working days ago, and nothing started since.
        due = working_days_before(today, rules.support_due_working_days)
        return Q(band="high", assessed_at__lt=local_start_of_day(due + timedelta(days=1))) & NO_SUPPORT
    if queue == "incomplete":
        return Q(incomplete=True)
    if queue == "reassess_due":
        return Q(
            found_work_on__isnull=True,
            assessed_at__lt=local_start_of_day(today - timedelta(days=rules.reassess_after_days - 1)),
        )
    raise ValueError(queue)


# Carried from page to page in hidden inputs, never typed: an unknown value is dropped, not shown.
_CARRIED_FILTERS = {"sort", "queue"}


def filter_errors(form: forms.Form) -> list[tuple[str, str]]:
    """(id of the input to link to, message) for each message shown beside a caseload filter field,
    in the fields' order, for the error summary. A checkbox group links to its first box."""
    form.is_valid()
    errors = []
    for field in form:
        if field.name in _CARRIED_FILTERS:
            continue
        target = f"{field.auto_id}_0" if isinstance(field.field.widget, forms.CheckboxSelectMultiple) else field.auto_id
        errors += [(target, str(message)) for message in field.errors]
    return errors
