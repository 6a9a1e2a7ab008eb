"""Radios rendered in Python (triage.forms.Radios, triage_tags.radios_group) give the markup that
crispy-forms-gds's templates with this project's overrides give (Field.radios), in every case the
forms use: a hint, errors, a value chosen, a heading legend, inline and small, a choice's own hint
and divider, and a conditional reveal."""

import pytest
from crispy_forms.utils import render_crispy_form, render_field
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.template import Context
from django.test.html import parse_html
from django.utils.safestring import SafeString

from triage.forms import Radios, RadiosWithReveal, gds_helper

CHOICES = [
    Choice("yes", "Yes", hint="Any kind"),
    Choice("no", "No & <never>", divider="or"),
    ("prefer_not_to_say", "Prefer not to say"),
]


class Example(forms.Form):
    answer = forms.ChoiceField(
        label="Is it <em>true</em>?", help_text="Choose one", choices=CHOICES, widget=forms.RadioSelect
    )
    plain = forms.ChoiceField(label="Plain", choices=CHOICES[2:], widget=forms.RadioSelect, required=False)
    count = forms.IntegerField(label="How many?", required=False)


def crispy(form, layout):
    return parse_html(render_crispy_form(form, gds_helper(layout)))


DATA = [None, {"answer": "no"}, {"answer": ""}, {"answer": "<script>"}]
SHAPES = [
    {},
    {"legend_size": Size.SMALL},
    {"legend_size": Size.MEDIUM, "legend_tag": "h2"},
    {"legend_size": Size.SMALL, "inline": True, "small": True},
    {"small": True},
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", ["answer", "plain"])
def test_radios_match_the_templates(data, shape, name):
    form = Example(data)
    form.is_valid() if data is not None else None
    assert crispy(form, Radios(name, **shape)) == crispy(form, Field.radios(name, **shape))


@pytest.mark.parametrize("data", [None, {"answer": "yes", "count": "3"}, {"answer": "no", "count": "x"}])
def test_a_radio_that_reveals_matches_the_templates(data):
    """The reference is the radios template given the revealed field's HTML, as RadiosWithReveal
    rendered before it was written in Python."""
    form = Example(data)
    form.is_valid() if data is not None else None
    fast = RadiosWithReveal("answer", reveal_on="yes", reveal=(Field.text("count", field_width=2),))
    got = render_crispy_form(form, gds_helper(fast))

    form = Example(data)
    form.is_valid() if data is not None else None
    context = Context({"form_show_errors": True, "form_show_labels": True})  # as the helper gives
    revealed = SafeString(render_field(Field.text("count", field_width=2), form, context))
    extra = {"legend_size": Size.for_legend(Size.SMALL), "radios_small": True, "radios_inline": False}
    expected = render_field(
        "answer",
        form,
        context,
        template="gds/field.html",
        extra_context={**extra, "reveal_on": "yes", "reveal_html": revealed},
    )
    assert parse_html(got) == parse_html(expected)


def test_errors_are_left_out_when_the_helper_hides_them():
    form = Example({"answer": ""})
    assert not form.is_valid()
    helper = gds_helper(Radios("answer"))
    helper.form_show_errors = False
    html = render_crispy_form(form, helper)
    assert "govuk-error-message" not in html and "govuk-form-group--error" not in html
    assert 'aria-describedby="id_answer_hint id_answer_1_error"' in html  # as the template says


class People(forms.Form):
    name = forms.CharField(label="First name", max_length=10, help_text="As on their payslip")
    email = forms.EmailField(label="Email <address>", required=False)
    code = forms.CharField(label="Code", required=False, widget=forms.TextInput(attrs={"spellcheck": "false"}))


TEXT_DATA = [None, {"name": "Ailsa", "email": "a@example.org"}, {"name": "", "email": "nope"}, {"name": "x" * 11}]
TEXT_SHAPES = [
    {},
    {"field_width": 20},
    {"field_width": 10, "label_size": Size.SMALL},
    {"field_width": "one-half"},
    {"label_size": Size.LARGE, "label_tag": "h1"},
]


@pytest.mark.parametrize("data", TEXT_DATA)
@pytest.mark.parametrize("shape", TEXT_SHAPES)
@pytest.mark.parametrize("name", ["name", "email", "code"])
def test_text_inputs_match_the_templates(data, shape, name):
    from triage.forms import Text

    def rendered(layout):
        form = People(data)
        form.is_valid() if data is not None else None
        return crispy(form, layout)

    assert rendered(Text(name, **shape)) == rendered(Field.text(name, **shape))


class Choosing(forms.Form):
    area = forms.ChoiceField(label="Council area", choices=[("", "Choose"), ("a", "Angus"), ("b", "Fife & <Tay>")])
    event = forms.ChoiceField(label="Event", help_text="If there was one", choices=[("x", "X")], required=False)


@pytest.mark.parametrize("data", [None, {"area": "b"}, {"area": ""}, {"area": "zz", "event": "y"}])
@pytest.mark.parametrize("name", ["area", "event"])
def test_selects_match_the_templates(data, name):
    from triage.forms import Select

    def rendered(layout):
        form = Choosing(data)
        form.is_valid() if data is not None else None
        return crispy(form, layout)

    assert rendered(Select(name)) == rendered(Field.select(name))
