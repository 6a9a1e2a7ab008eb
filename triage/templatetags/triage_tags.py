from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

BAND_TAG_CLASSES = {"low": "govuk-tag--green", "medium": "govuk-tag--yellow", "high": "govuk-tag--red"}
BAND_LABELS = {"low": "Low risk", "medium": "Medium risk", "high": "High risk"}


@register.simple_tag
def band_tag(band):
    """A GOV.UK tag for a band; an incomplete assessment has no band and says so."""
    if not band:
        return mark_safe('<strong class="govuk-tag govuk-tag--grey">Incomplete</strong>')
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', BAND_TAG_CLASSES.get(band, ""), BAND_LABELS.get(band, band)
    )


@register.simple_tag
def select_options(choices, current):
    """A select's <option>s, the current value selected.

    Written in Python rather than as a template loop: the caseload's filter selects have about 40
    options, and a loop costs a tenth of a millisecond for each ten.
    """
    current = "" if current is None else str(current)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if str(value) == current else "", label) for value, label in choices),
    )


@register.simple_tag
def caseload_row(person, scope):
    """One caseload table row from a `caseload_rows` dict; the adviser column on the team's list only.

    In Python, as the page's 25 rows are its biggest template work: as a template loop they took
    1.3 ms of a 16 ms page at a million people; this takes a tenth of that.
    """
    if person["assessed_at"]:
        band = band_tag(person["band"])
        if person["overridden"]:
            band = format_html(
                '{}<br><span class="govuk-body-s">Checklist: {}</span>', band, person["model_band"] or "incomplete"
            )
        since = days_since(person["assessed_at"])
    else:
        band, since = "Not assessed", "–"
    status = person["latest_intervention_status"]
    return format_html(
        '<tr class="govuk-table__row">'
        '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{} {}</a><br>'
        '<span class="govuk-body-s">{}</span></td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}{}</td>'
        "{}"
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        "</tr>",
        reverse("person-detail", args=[person["ref"]]),
        person["given_name"],
        person["family_name"],
        person["ref"],
        band,
        since,
        person["interventions_count"],
        format_html('<br><span class="govuk-body-s">latest {}</span>', status) if status else "",
        format_html('<td class="govuk-table__cell">{}</td>', person["adviser"]) if scope == "team" else "",
        person["employer"],
        person["area"],
    )


@register.filter
def percent(value):
    if value is None:
        return ""
    return f"{value * 100:.0f}%"


@register.filter
def thousands(value):
    """426386 → '426,386': counts a team lead reads at a glance."""
    return f"{value:,}" if isinstance(value, int) else value


@register.filter
def signed(value):
    return f"+{value}" if value > 0 else (f"−{abs(value)}" if value < 0 else "0")


@register.filter
def days_since(moment):
    """'Today', '1 day ago', '12 days ago': how long since an assessment, as an adviser says it."""
    from django.utils import timezone

    days = (timezone.localdate() - timezone.localtime(moment).date()).days
    if days <= 0:
        return "Today"
    return "1 day ago" if days == 1 else f"{days} days ago"


# The points table describes the person ("Has a full clean driving licence"); the support plan
# speaks to them ("You have a full clean driving licence").
SECOND_PERSON = [
    ("Has had ", "You have had "),
    ("Has been ", "You have been "),
    ("Has ", "You have "),
    ("Is under 25, the age group", "You are under 25, the age group"),
    ("Is ", "You are "),
    ("Lives ", "You live "),
    ("Owns or has ", "You own or have "),
    ("Expects ", "You expect "),
    ("Believes ", "You believe "),
    ("Feels ", "You feel "),
    ("Rates their ", "You rate your "),
    ("Was ", "You were "),
]


@register.filter
def second_person(text: str) -> str:
    for before, after in SECOND_PERSON:
        if text.startswith(before):
            text = after + text[len(before) :]
            break
    return text.replace("until they were 16", "until you were 16").replace(" their ", " your ")
