from html import escape

from crispy_forms_gds.templatetags.crispy_forms_gds import CrispyGDSFieldNode
from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from triage.filters import filter_errors
from triage.lib.bands import BAND_LABELS

register = template.Library()

BAND_TAG_CLASSES = {"low": "govuk-tag--green", "medium": "govuk-tag--yellow", "high": "govuk-tag--red"}


@register.simple_tag
def band_tag(band):
    """A GOV.UK tag for a band; an incomplete assessment has no band and says so."""
    return mark_safe(_band_tag_html(band))  # noqa: S308 -- built from escaped text


def _band_tag_html(band) -> str:
    if not band:
        return '<strong class="govuk-tag govuk-tag--grey">Incomplete</strong>'
    return f'<strong class="govuk-tag {BAND_TAG_CLASSES.get(band, "")}">{escape(BAND_LABELS.get(band, band))} risk</strong>'


@register.simple_tag
def select_options(choices, current):
    """A select's <option>s, the current value selected.

    Written in Python rather than as a template loop: the caseload's filter selects have about 40
    options, and a template loop over them is a large part of the page's cost (docs/performance.md).
    Escaped as `caseload_body` is.
    """
    current = None if current is None else str(current)  # no value: none selected, the browser shows the first
    return mark_safe(  # noqa: S308 -- every value and label is escaped
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>{escape(str(label))}</option>'
            for value, label in choices
        )
    )


@register.simple_tag
def checkbox_items(field):
    """A GOV.UK checkbox item for each choice of a multiple-choice form field, the chosen ticked;
    ids as Django's CheckboxSelectMultiple gives them (id_band_0, id_band_1, …)."""
    chosen = {str(v) for v in field.value() or ()}
    name, auto_id = escape(field.html_name), escape(field.auto_id)
    return mark_safe(  # noqa: S308 -- every value and label is escaped
        "".join(
            '<div class="govuk-checkboxes__item">'
            f'<input class="govuk-checkboxes__input" type="checkbox" name="{name}" id="{auto_id}_{i}" '
            f'value="{escape(str(choice))}"{" checked" if str(choice) in chosen else ""}>'
            f'<label class="govuk-label govuk-checkboxes__label" for="{auto_id}_{i}">{escape(str(label))}</label>'
            "</div>"
            for i, (choice, label) in enumerate(field.field.choices)
        )
    )


@register.simple_tag
def radio_items(field, reveal_on=None, reveal_html=""):
    """A GOV.UK radio item for each choice of a form field, the chosen one checked: the markup of
    crispy-forms-gds's gds/layout/radio_item.html (ids id_<name>_1, id_<name>_2, …, a hint or a
    divider when a choice has one), written in Python. The checklist has 16 radio groups, and a
    template include per choice was most of the page's cost (docs/performance.md).

    With `reveal_on`, the choice of that value reveals `reveal_html` (already rendered, safe), as
    gds/layout/radio_item_reveal.html writes it (triage.forms.RadiosWithReveal)."""
    value = str(field.value())
    name = escape(field.html_name)
    items = []
    for position, choice in enumerate(field.field.choices, start=1):
        item_id = f"id_{name}_{position}"
        hint = getattr(choice, "hint", None)
        described = f' aria-describedby="{item_id}_hint"' if hint else ""
        checked = ' checked="checked"' if str(choice[0]) == value else ""
        reveals = reveal_on is not None and choice[0] == reveal_on
        controls = f' data-aria-controls="conditional-{name}-{position}"' if reveals else ""
        items.append(
            '<div class="govuk-radios__item">'
            f'<input type="radio" name="{name}" class="govuk-radios__input" id="{item_id}" '
            f'value="{escape(str(choice[0]))}"{checked}{described}{controls}>'
            f'<label class="govuk-label govuk-radios__label" for="{item_id}">{escape(str(choice[1]))}</label>'
        )
        if hint:
            items.append(f'<span id="{item_id}_hint" class="govuk-hint govuk-radios__hint">{escape(str(hint))}</span>')
        items.append("</div>")
        divider = getattr(choice, "divider", None)
        if divider:
            items.append(f'<div class="govuk-radios__divider">{escape(str(divider))}</div>')
        if reveals:
            hidden = "" if str(choice[0]) == value else " govuk-radios__conditional--hidden"
            items.append(
                f'<div class="govuk-radios__conditional{hidden}" id="conditional-{name}-{position}">'
                f"{conditional_escape(reveal_html)}</div>"
            )
    return mark_safe("".join(items))  # noqa: S308 -- every value, label and hint is escaped


def _group_start(field, auto_id: str, errors: list) -> str:
    """The form group's opening tag, as gds/field.html writes it."""
    error = " govuk-form-group--error" if errors else ""
    classes = f" {escape(field.css_classes())}" if field.css_classes() else ""
    return f'<div id="div_{auto_id}" class="govuk-form-group{error}{classes}">'


def _hint_and_errors(field, auto_id: str, errors: list) -> list[str]:
    """The hint (|safe in the template: hints are the code's own) and each error, escaped, as
    this project's gds/layout/help_text_and_errors.html writes them."""
    html = [f'<div id="{auto_id}_hint" class="govuk-hint">{field.help_text}</div>'] if field.help_text else []
    html += [
        f'<span id="{auto_id}_{i}_error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {conditional_escape(error)}</span>'
        for i, error in enumerate(errors, start=1)
    ]
    return html


def radios_group(
    field,
    *,
    legend_size: str = "",
    legend_tag: str = "",
    small: bool = False,
    inline: bool = False,
    reveal_on=None,
    reveal_html="",
    show_errors: bool = True,
) -> str:
    """A whole GOV.UK radios form group for a bound field: crispy-forms-gds's gds/field.html with
    this project's gds/layout/radios.html and help_text_and_errors.html (the help text as a block,
    the errors inline: the helper's defaults), written in Python (triage.forms.Radios). Sixteen
    groups through crispy's templates were most of the checklist form's time (docs/performance.md).
    tests/unit/test_radios.py checks it against the templates' markup."""
    auto_id = escape(field.auto_id)
    errors = list(field.errors) if show_errors else []
    described = []
    if field.help_text:
        described.append(f"{auto_id}_hint")
    described += [f" {auto_id}_{i}_error" for i in range(1, len(field.errors) + 1)]
    describedby = f' aria-describedby="{"".join(described)}"' if field.help_text or field.errors else ""
    html = [_group_start(field, auto_id, errors), f'<fieldset class="govuk-fieldset"{describedby}>']
    if field.label:
        heading = str(field.label)  # output as it is, as the template's |safe does: labels are the code's own
        if legend_tag:
            heading = f'<{legend_tag} class="govuk-fieldset__heading">{heading}</{legend_tag}>'
        size = f" {legend_size}" if legend_size else ""
        html.append(f'<legend class="govuk-fieldset__legend{size}">{heading}</legend>')
    html += _hint_and_errors(field, auto_id, errors)
    modifiers = (" govuk-radios--inline" if inline else "") + (" govuk-radios--small" if small else "")
    html.append(f'<div class="govuk-radios{modifiers}" data-module="govuk-radios">')
    html.append(radio_items(field, reveal_on=reveal_on, reveal_html=reveal_html))
    html.append("</div></fieldset></div>")
    return mark_safe("".join(html))  # noqa: S308 -- every value, label, hint and error is escaped


# The package's own tag that writes a field's input (its classes, aria-describedby, required).
_GDS_FIELD = CrispyGDSFieldNode("field", {})


def text_group(field, *, label_size: str = "", label_tag: str = "", show_errors=True, show_labels=True) -> str:
    """A GOV.UK text input's form group, as crispy-forms-gds's gds/field.html writes it for a text
    input (label, hint, errors, then the input by the package's own crispy_gds_field node), in
    Python: the template and crispy's context handling were most of registration's time."""
    auto_id = escape(field.auto_id)
    errors = list(field.errors) if show_errors else []
    html = [_group_start(field, auto_id, errors)]
    if field.label and show_labels:
        size = f" {label_size}" if label_size else ""
        label = f'<label for="{escape(field.id_for_label)}" class="govuk-label{size}">{field.label}</label>'
        html.append(f'<{label_tag} class="govuk-label-wrapper">{label}</{label_tag}>' if label_tag else label)
    html += _hint_and_errors(field, auto_id, errors)
    html.append(_GDS_FIELD.render(template.Context({"field": field})))
    html.append("</div>")
    return mark_safe("".join(html))  # noqa: S308 -- labels and hints are the code's own (|safe in the template), errors escaped


# A person's page, split around a reference: every reference has the same shape (REF_PATTERN).
_SAMPLE_REF = "P-000000"


@register.simple_tag
def caseload_body(rows, scope):
    """The caseload table's rows from `caseload_rows` dicts; the adviser column on the team's list only.

    Below desktop width the area column folds into the redundancy cell as a second line, so a
    tablet shows every column without scrolling (the CSS shows one or the other).

    Written in Python, with the standard library's escape (what django.utils.html.escape does,
    without its check for lazy text), as the rows were the page's biggest template work
    (docs/decisions/0003, docs/performance.md).
    """
    today = timezone.localdate()
    before, after = (escape(part) for part in reverse("person-detail", args=[_SAMPLE_REF]).split(_SAMPLE_REF, 1))
    html = []
    for row in rows:
        ref = escape(row["ref"])
        if row["assessed_at"]:
            band = _band_tag_html(row["band"])
            if row["overridden"]:
                band += f'<br><span class="govuk-body-s">Checklist: {escape(row["model_band"] or "incomplete")}</span>'
            since = _days_between(row["assessed_at"], today)
        else:
            band, since = "Not assessed", "–"
        status = row["latest_intervention_status"]
        status = f'<br><span class="govuk-body-s">latest {escape(status)}</span>' if status else ""
        adviser = f'<td class="govuk-table__cell">{escape(row["adviser"])}</td>' if scope == "team" else ""
        area = escape(row["area"])  # in its own column, and under the redundancy below desktop width
        html.append(
            '<tr class="govuk-table__row">'
            f'<td class="govuk-table__cell"><a class="govuk-link" href="{before}{ref}{after}">'
            f'{escape(row["given_name"])} {escape(row["family_name"])}</a><br><span class="govuk-body-s">{ref}</span></td>'
            f'<td class="govuk-table__cell">{band}</td>'
            f'<td class="govuk-table__cell">{since}</td>'
            f'<td class="govuk-table__cell">{row["interventions_count"]:d}{status}</td>'
            f"{adviser}"
            f'<td class="govuk-table__cell">{escape(row["employer"])}'
            f'<span class="app-caseload__collapsed"><br><span class="govuk-body-s">{area}</span></span></td>'
            f'<td class="govuk-table__cell app-caseload__collapsible">{area}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 -- every value above is escaped


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
    return _days_between(moment, timezone.localdate())


def _days_between(moment, today) -> str:
    days = (today - timezone.localtime(moment).date()).days
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


@register.filter
def status_when(intervention, date_format="j F Y"):
    """When an intervention's status holds from: "since 3 November 2026", or, for a referral or
    offer dated ahead, "planned for 10 December 2026" (it has not happened yet)."""
    when = formats.date_format(intervention.status_date, date_format)
    planned = intervention.status_date > timezone.localdate()
    return f"planned for {when}" if planned else f"since {when}"


@register.filter
def status_now(intervention):
    """The status with when it holds from, in one phrase: "Referred since 3 November 2026", or
    "Referred, planned for 10 December 2026"."""
    when = status_when(intervention)
    joiner = ", " if when.startswith("planned") else " "
    return f"{intervention.get_status_display()}{joiner}{when}"


@register.simple_tag
def caseload_filter_errors(form):
    """The caseload filters' messages, for the error summary: `{% caseload_filter_errors form as errors %}`."""
    return filter_errors(form)


@register.filter
def figure(value, style="number"):
    """A retraining comparison's figure ({"value", "low", "high"}, triage.modelling.retrain) in words:
    '0.762 (95% interval 0.701 to 0.815)', or why there is none. style 'percent' shows shares."""
    if not isinstance(value, dict):
        return "none"
    if "not_enough" in value:
        return value["not_enough"]
    if value.get("suppressed"):
        return "suppressed: too few people"
    if value.get("value") is None:
        return "cannot be worked out"

    def shown(x):
        if x is None:
            return "?"
        return f"{x * 100:.1f}%" if style == "percent" else f"{x:.3f}"

    if value.get("low") is None or value.get("high") is None:
        return shown(value["value"])
    return f"{shown(value['value'])} (95% interval {shown(value['low'])} to {shown(value['high'])})"


@register.filter
def pair(first, second):
    """(first, second), to loop over two things in a template."""
    return (first, second)
