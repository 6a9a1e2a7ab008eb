from django import template
from django.utils.html import format_html
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
