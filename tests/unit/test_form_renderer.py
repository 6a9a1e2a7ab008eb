"""The form renderer and `radio_items` write the markup of the templates they stand in for
(issue #11: the heaviest pages faster, their HTML the same). Each case renders a field both ways."""

from datetime import date
from pathlib import Path

import django
import pytest
from crispy_forms_gds.choices import Choice
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from triage.forms.checklist import ChecklistForm
from triage.forms.person import PersonForm
from triage.forms.renderer import INPUT_TEMPLATES, FormRenderer
from triage.models import CouncilArea, RedundancySituation

HOSTILE = 'O\'Neill & "Sons" <script>alert(1)</script>'


class EveryWidgetForm(forms.Form):
    text = forms.CharField(max_length=10, help_text="hint")
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"disabled": False, "autofocus": True}))
    email = forms.EmailField()
    number = forms.IntegerField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    flag = forms.BooleanField(required=False)
    plain = forms.ChoiceField(choices=[("", "Select one"), ("a&b", HOSTILE), ("2", "Two")])
    grouped = forms.ChoiceField(
        choices=[("Scotland", [("gla", "Glasgow"), ("dun", "Dundee")]), ("Elsewhere", [("x", '"Other"')])]
    )


def both_ways(form_class, data=None, **kwargs) -> list[tuple[str, str, str]]:
    fast = form_class(data, renderer=FormRenderer(), **kwargs)
    stock = form_class(data, renderer=DjangoTemplates(), **kwargs)
    return [(name, str(fast[name]), str(stock[name])) for name in fast.fields]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": HOSTILE, "optional": "", "email": "a@b", "number": "x", "hidden": HOSTILE, "flag": "on"},
        {"plain": "a&b", "grouped": "dun", "number": "7", "text": "ok"},
    ],
)
def test_every_input_and_select_is_written_as_the_templates_write_it(data):
    for name, fast, stock in both_ways(EveryWidgetForm, data):
        assert fast == stock, name


def test_the_registration_form_is_written_as_the_templates_write_it(db, team_a, situation_a, today):
    data = {
        "given_name": HOSTILE,
        "council_area": str(CouncilArea.objects.order_by("pk").last().pk),
        "situation": str(situation_a.pk),
        "date_of_birth_0": "31",
        "date_of_birth_1": "2",
    }
    kwargs = {"situations": RedundancySituation.objects.filter(team=team_a), "today": today}
    for name, fast, stock in both_ways(PersonForm, data, privacy_notice_version="PN-1", **kwargs):
        assert fast == stock, name


def test_the_stand_ins_are_for_templates_that_only_include_the_input():
    """After a Django upgrade, a changed stock template would no longer be what `_input` writes."""
    widgets = Path(django.__file__).parent / "forms" / "templates"
    for name in INPUT_TEMPLATES:
        assert (widgets / name).read_text().strip() == '{% include "django/forms/widgets/input.html" %}', name


PACKAGE_LOOP = Template(
    "{% for choice in field.field.choices %}"
    "{% include 'gds/layout/radio_item.html' with position=forloop.counter %}{% endfor %}"
)
RADIO_ITEMS = Template("{% load triage_tags %}{% radio_items field %}")


def assert_same_radios(field):
    ours = RADIO_ITEMS.render(Context({"field": field}))
    package = PACKAGE_LOOP.render(Context({"field": field}))
    assert parse_html(ours) == parse_html(package)


def test_radio_items_write_the_packages_radio_item_markup():
    form = ChecklistForm({"q5_dependants": "yes", "q9b_disability": "prefer_not_to_say"}, person_facts={})
    form.is_valid()
    for name in form.fields:
        if isinstance(form.fields[name].widget, forms.RadioSelect):
            assert_same_radios(form[name])
    assert 'checked="checked"' in RADIO_ITEMS.render(Context({"field": form["q5_dependants"]}))


def test_radio_items_escape_and_show_hints_and_dividers():
    class HintedForm(forms.Form):
        choice = forms.ChoiceField(
            widget=forms.RadioSelect,
            choices=[Choice("a", HOSTILE, hint="A <b>hint</b>"), Choice("b", "Bee", divider="or"), ("c&d", "Sea")],
        )

    form = HintedForm({"choice": "c&d"})
    assert_same_radios(form["choice"])
    assert "<script>" not in RADIO_ITEMS.render(Context({"field": form["choice"]}))


REVEAL_LOOP = Template(
    "{% for choice in field.field.choices %}{% if choice.0 == reveal_on %}"
    "{% include 'gds/layout/radio_item_reveal.html' with position=forloop.counter %}"
    "{% else %}{% include 'gds/layout/radio_item.html' with position=forloop.counter %}{% endif %}{% endfor %}"
)
RADIO_ITEMS_REVEAL = Template(
    "{% load triage_tags %}{% radio_items field reveal_on=reveal_on reveal_html=reveal_html %}"
)


@pytest.mark.parametrize("answer", ["yes", "no", None])
def test_radio_items_write_the_reveal_as_its_template_does(answer):
    """The dependants count under "Yes": shown when Yes is chosen, hidden (for the script) otherwise."""
    form = ChecklistForm({"q5_dependants": answer} if answer else None, person_facts={})
    context = {"field": form["q5_dependants"], "reveal_on": "yes", "reveal_html": mark_safe('<input name="n">')}
    ours = RADIO_ITEMS_REVEAL.render(Context(context))
    assert parse_html(ours) == parse_html(REVEAL_LOOP.render(Context(context)))
    assert ("govuk-radios__conditional--hidden" in ours) is (answer != "yes")
    assert 'data-aria-controls="conditional-q5_dependants-' in ours


@pytest.fixture
def situation_a(team_a, today):
    from tests.factories import make_situation

    return make_situation(team_a, CouncilArea.objects.get(name="Glasgow City"), date(2026, 1, 5))


def test_checklist_forms_never_share_what_rendering_changes():
    """The checklist's fields are made once and copied per form (triage/forms/checklist.py): a
    widget attribute set while one form is shown, or an error on it, never reaches another."""
    from triage.forms.checklist import ChecklistForm

    shown = ChecklistForm({"q1_qualifications": "not-an-answer"}, person_facts={})
    assert not shown.is_valid()
    shown.fields["q1_qualifications"].widget.attrs["data-shown"] = "yes"
    shown.fields["q1_qualifications"].label = "Changed"

    fresh = ChecklistForm(person_facts={})
    field = fresh.fields["q1_qualifications"]
    assert "data-shown" not in field.widget.attrs
    assert field.label != "Changed"
    assert fresh["q1_qualifications"].errors == []
    assert field.widget is not shown.fields["q1_qualifications"].widget
