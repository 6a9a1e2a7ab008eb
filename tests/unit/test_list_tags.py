"""The caseload's tags that write HTML in Python: options, checkboxes and rows, escaped."""

from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from triage.templatetags.triage_tags import caseload_body, checkbox_items, select_options

HOSTILE = 'Smith "&" <Sons>'


def test_select_options_selects_the_current_value_and_escapes():
    html = select_options([("", "Any"), (7, HOSTILE), (12, "Twelve")], "7")
    assert html == (
        '<option value="">Any</option>'
        '<option value="7" selected>Smith &quot;&amp;&quot; &lt;Sons&gt;</option>'
        '<option value="12">Twelve</option>'
    )


def test_select_options_with_no_value_selects_none():
    assert "selected" not in select_options([("", "Any"), (7, "Seven")], None)
    assert '<option value="" selected>' in select_options([("", "Any"), (7, "Seven")], "")


class _BandForm(forms.Form):
    band = forms.MultipleChoiceField(
        choices=[("low", "Low"), ("high", HOSTILE)], required=False, widget=forms.CheckboxSelectMultiple
    )


@pytest.mark.parametrize(("data", "ticked"), [({"band": ["high"]}, {"high"}), ({}, set()), (None, set())])
def test_checkbox_items_tick_the_chosen_and_pair_each_label(data, ticked):
    form = _BandForm(data)
    html = str(checkbox_items(form["band"]))
    for i, (value, label) in enumerate([("low", "Low"), ("high", "Smith &quot;&amp;&quot; &lt;Sons&gt;")]):
        checked = " checked" if value in ticked else ""
        assert f'name="band" id="id_band_{i}" value="{value}"{checked}>' in html
        assert f'<label class="govuk-label govuk-checkboxes__label" for="id_band_{i}">{label}</label>' in html
    assert html.count("checked") == len(ticked)


def _row(**overrides):
    row = {
        "ref": "P-ABC123",
        "given_name": "Ann",
        "family_name": "Bell",
        "band": "high",
        "model_band": "low",
        "overridden": True,
        "assessed_at": timezone.now() - timedelta(days=3),
        "interventions_count": 2,
        "latest_intervention_status": "started",
        "adviser": "Ailsa MacLeod",
        "employer": HOSTILE,
        "area": "Glasgow City",
    }
    return {**row, **overrides}


def test_caseload_body_writes_a_row_a_person_linked_and_escaped():
    html = str(caseload_body([_row(), _row(ref="P-XYZ789", assessed_at=None, latest_intervention_status="")], "team"))
    assert html.count('<tr class="govuk-table__row">') == 2
    assert f'href="{reverse("person-detail", args=["P-ABC123"])}">Ann Bell</a>' in html
    assert f'href="{reverse("person-detail", args=["P-XYZ789"])}">Ann Bell</a>' in html
    assert "High risk" in html and "Checklist: low" in html and "3 days ago" in html and "latest started" in html
    assert "Not assessed" in html and "–" in html
    assert "Smith &quot;&amp;&quot; &lt;Sons&gt;" in html and HOSTILE not in html


def test_caseload_body_leaves_out_the_adviser_on_my_caseload():
    assert "Ailsa MacLeod" in caseload_body([_row()], "team")
    assert "Ailsa MacLeod" not in caseload_body([_row()], "mine")
