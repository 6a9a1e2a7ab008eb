"""Recording support offers only the partners that deliver it, or another organisation, named (issue #11)."""

import re

import pytest
from django.urls import reverse

from tests.views.form_errors import assert_form_error
from triage.models import Intervention, InterventionType, InterventionUpdate, Partner


def url(person):
    return reverse("intervention-add", args=[person.ref])


def pensions():
    return InterventionType.objects.get(code="pensions")


def offered_partners(page):
    """The partner radios on the page, by their label."""
    return re.findall(r'name="partner"[^>]*>\s*<label[^>]*>\s*([^<]*?)\s*</label>', page, re.S)


def support(kind, partner, today, **extra):
    return {
        "intervention_type": kind.pk,
        "partner": partner,
        "agreed_on_0": today.day,
        "agreed_on_1": today.month,
        "agreed_on_2": today.year,
        "status": "referred",
        "notes": "",
        **extra,
    }


def test_the_support_is_chosen_first_without_any_partner_list(adviser_a_client, person_a):
    page = adviser_a_client.get(url(person_a)).content.decode()
    assert '<form method="get"' in page
    form = page.split('<form method="get"', 1)[1].split("</form>", 1)[0]
    assert "csrfmiddlewaretoken" not in form  # it would sit in the address and the history
    assert (
        re.findall(r'<(?:input|button)[^>]*name="([^"]+)"', form)
        == ["intervention_type"] * InterventionType.objects.count()
    )
    assert page.count('name="intervention_type"') == InterventionType.objects.count()
    assert 'name="partner"' not in page


def test_after_choosing_the_support_only_its_partners_are_offered(adviser_a_client, person_a):
    """The reference table of services (report §2.2.2) says who delivers pensions advice:
    Citizens Advice Scotland / Pension Wise and DWP. Without JavaScript, choosing the support and
    continuing is a GET, so the next page is already narrowed."""
    response = adviser_a_client.get(url(person_a), {"intervention_type": pensions().pk})
    page = response.content.decode()

    assert response.status_code == 200
    assert offered_partners(page) == [
        "Citizens Advice Scotland",
        "Department for Work and Pensions",
        "Another organisation",
    ]
    assert "Pensions" in page  # the support chosen, with a link to change it
    assert f"?change={pensions().pk}" in page


def test_support_delivered_by_one_of_its_partners_is_saved(adviser_a_client, person_a, today):
    dwp = Partner.objects.get(abbreviation="DWP")
    response = adviser_a_client.post(url(person_a), support(pensions(), dwp.pk, today))
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    assert (intervention.intervention_type, intervention.partner, intervention.other_organisation) == (
        pensions(),
        dwp,
        "",
    )


def test_a_partner_that_does_not_deliver_the_support_is_refused(adviser_a_client, person_a, today):
    """Sent by a stale page or by hand: Skills Development Scotland does not deliver pensions advice."""
    sds = Partner.objects.get(abbreviation="SDS")
    response = adviser_a_client.post(url(person_a), support(pensions(), sds.pk, today))
    assert_form_error(response, "Select a partner from the list")
    assert not Intervention.objects.exists()


def test_support_from_another_organisation_is_saved_with_its_name_and_shown(adviser_a_client, person_a, today):
    data = support(pensions(), "other", today, other_organisation="Money Advice Glasgow")
    assert adviser_a_client.post(url(person_a), data).status_code == 302

    intervention = Intervention.objects.get()
    assert (intervention.partner, intervention.other_organisation) == (None, "Money Advice Glasgow")
    person_page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert person_page.count("Money Advice Glasgow") == 2  # the support table and the timeline
    update_page = adviser_a_client.get(reverse("intervention-update", args=[person_a.ref, intervention.pk]))
    assert "Money Advice Glasgow" in update_page.content.decode()
    plan = adviser_a_client.get(reverse("support-plan", args=[person_a.ref])).content.decode()
    assert "Delivered by: <strong>Money Advice Glasgow</strong>" in plan


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter the name of the organisation"),
        ("   ", "Enter the name of the organisation"),
        ("x" * 201, "Name of the organisation must be 200 characters or fewer"),
    ],
)
def test_another_organisation_needs_its_name(adviser_a_client, person_a, today, name, message):
    response = adviser_a_client.post(url(person_a), support(pensions(), "other", today, other_organisation=name))
    assert_form_error(response, message)
    assert not Intervention.objects.exists()
    assert not InterventionUpdate.objects.exists()


def test_the_name_is_revealed_under_another_organisation_and_ignored_with_a_partner(adviser_a_client, person_a, today):
    page = adviser_a_client.get(url(person_a), {"intervention_type": pensions().pk}).content.decode()
    other = re.search(r'<input[^>]*name="partner"[^>]*value="other"[^>]*>', page, re.S).group(0)
    target = re.search(r'data-aria-controls="([^"]+)"', other).group(1)
    assert re.search(rf'id="{target}">\s*<div[^>]*>\s*<label[^>]*for="id_other_organisation"', page)

    dwp = Partner.objects.get(abbreviation="DWP")
    data = support(pensions(), dwp.pk, today, other_organisation="Typed before choosing DWP")
    assert adviser_a_client.post(url(person_a), data).status_code == 302
    assert Intervention.objects.get().other_organisation == ""


@pytest.mark.parametrize("value", ["", "999999", "abc", "1 OR 1=1", "99999999999999999999", "\x00", "-1", "1.5"])
def test_a_missing_or_unknown_support_goes_back_to_the_first_step_with_a_message(adviser_a_client, person_a, value):
    response = adviser_a_client.get(url(person_a), {"intervention_type": value})
    assert_form_error(response, "Select the support agreed" if value == "" else "Select support from the list")
    assert 'name="partner"' not in response.content.decode()


def test_change_goes_back_to_the_first_step_with_the_support_chosen(adviser_a_client, person_a):
    page = adviser_a_client.get(url(person_a), {"change": pensions().pk}).content.decode()
    chosen = re.search(rf'<input[^>]*value="{pensions().pk}"[^>]*>', page, re.S).group(0)
    assert "checked" in chosen
    assert "There is a problem" not in page


@pytest.mark.parametrize("value", ["999999", "abc", "\x00", "", "other\x00"])
def test_a_missing_or_unknown_partner_is_refused_beside_the_field(adviser_a_client, person_a, today, value):
    response = adviser_a_client.post(url(person_a), support(pensions(), value, today))
    assert_form_error(response, "Select who will deliver it" if value == "" else "Select a partner from the list")
    assert not Intervention.objects.exists()


def test_the_database_refuses_support_delivered_by_nobody(adviser_a, person_a, today):
    """A partner, or another organisation named: never neither, never both."""
    from django.core.exceptions import ValidationError

    from tests.factories import add_intervention

    with pytest.raises(ValidationError):
        add_intervention(adviser_a, person_a, partner=None, other_organisation="")
    with pytest.raises(ValidationError):
        add_intervention(adviser_a, person_a, other_organisation="Also a partner")
    assert not Intervention.objects.exists()


def test_dates_still_default_to_today_on_the_second_step(adviser_a_client, person_a, today):
    page = adviser_a_client.get(url(person_a), {"intervention_type": pensions().pk}).content.decode()
    assert re.search(rf'name="agreed_on_2"[^>]*value="{today.year}"', page)
