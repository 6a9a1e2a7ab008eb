"""Event mode (issue #11): an adviser picks the event they are working at once; registration and the
checklist start from it, and the home page lists the people seen there today and where each is."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import REFERENCE_ANSWERS, add_intervention, assess, make_situation, register
from tests.views.adviser.test_person_add import person_data
from tests.views.form_errors import assert_form_error
from triage import services
from triage.models import Assessment, AuditEvent, Event, EventMode, Person
from triage.scorecard_files import live_scorecard

pytestmark = pytest.mark.django_db

URL = reverse("event-mode")
HOME = reverse("home")


@pytest.fixture
def event_today(situation_a, today):
    return Event.objects.create(situation=situation_a, kind=Event.Kind.ON_SITE, held_on=today, location="Staff canteen")


@pytest.fixture
def working(adviser_a, event_today, today):
    services.event_mode_start(acting_user=adviser_a, event=event_today, today=today)
    return event_today


def selected(html: str, select_id: str) -> str | None:
    """The value of the selected option of the select with `select_id`; None for the empty one."""
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert select, select_id
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen.group(1) or None if chosen else None


def stages(html: str) -> dict[str, str]:
    """Each person's stage in the home page's 'seen today' table, by reference."""
    table = re.search(r'<table class="govuk-table" id="seen-today">(.*?)</table>', html, re.S)
    assert table, "no table of people seen today"
    rows = re.findall(
        r'govuk-body-s">(P-[0-9A-Z]{6})</span></td>\s*<td[^>]*><strong class="govuk-tag[^"]*">([^<]+)', table.group(1)
    )
    return dict(rows)


def test_adviser_chooses_the_event_and_home_says_so(adviser_a_client, adviser_a, event_today, event_a, today):
    page = adviser_a_client.get(URL).content.decode()
    assert "Staff canteen" in page and "(today)" in page
    assert "Canteen, " in page  # the older event of the same redundancy is offered too

    response = adviser_a_client.post(URL, {"event": event_today.pk}, follow=True)

    assert EventMode.objects.get(user=adviser_a).chosen_on == today
    html = response.content.decode()
    assert "Working at Clydeside Fabrication Ltd" in html
    assert "No one seen at this event today yet." in html
    assert 'name="leave"' in html


def test_choosing_nothing_says_so_and_saves_nothing(adviser_a_client, event_today):
    assert_form_error(adviser_a_client.post(URL, {}), "Select the event you are working at")
    assert not EventMode.objects.exists()


@pytest.mark.parametrize("value", ["999999", "not-a-number", "\x00"])
def test_an_event_not_offered_is_refused(adviser_a_client, situation_b, event_today, today, value):
    assert_form_error(adviser_a_client.post(URL, {"event": value}), "Select an event from the list")
    assert not EventMode.objects.exists()


def test_another_teams_event_is_neither_offered_nor_accepted(adviser_a_client, situation_b, event_today, today):
    theirs = Event.objects.create(situation=situation_b, kind=Event.Kind.DROP_IN, held_on=today, location="Jute Hall")
    assert "Jute Hall" not in adviser_a_client.get(URL).content.decode()
    assert_form_error(adviser_a_client.post(URL, {"event": theirs.pk}), "Select an event from the list")
    assert not EventMode.objects.exists()


def test_long_past_events_are_not_offered(adviser_a_client, situation_a, event_today, today):
    Event.objects.create(
        situation=situation_a, kind=Event.Kind.DROP_IN, held_on=today - timedelta(days=400), location="Old Hall"
    )
    assert "Old Hall" not in adviser_a_client.get(URL).content.decode()


def test_a_team_without_events_is_told_so(adviser_a_client, situation_a):
    assert "no recent or upcoming event" in adviser_a_client.get(URL).content.decode()


def test_switching_and_leaving(adviser_a_client, adviser_a, working, situation_a, today):
    other = Event.objects.create(situation=situation_a, kind=Event.Kind.DROP_IN, held_on=today, location="Library")
    page = adviser_a_client.get(URL).content.decode()
    assert re.search(rf'value="{working.pk}"[^>]*checked', page), "the current event starts chosen"

    adviser_a_client.post(URL, {"event": other.pk})
    assert EventMode.objects.get(user=adviser_a).event == other

    response = adviser_a_client.post(URL, {"leave": "1"}, follow=True)
    assert not EventMode.objects.exists()
    html = response.content.decode()
    assert "You have left event mode" in html
    assert "Working at an event today? Choose the event" in html


def test_yesterdays_choice_no_longer_holds(adviser_a_client, adviser_a, working, today):
    EventMode.objects.filter(user=adviser_a).update(chosen_on=today - timedelta(days=1))
    assert "Working at Clydeside" not in adviser_a_client.get(HOME).content.decode()
    assert selected(adviser_a_client.get(reverse("person-add")).content.decode(), "id_event") is None


def test_registration_starts_from_the_events_redundancy_and_event(adviser_a_client, working, glasgow, today):
    make_situation(working.situation.team, glasgow, today - timedelta(days=5), employer="Another Employer Ltd")
    html = adviser_a_client.get(reverse("person-add")).content.decode()
    assert selected(html, "id_situation") == str(working.situation_id)
    assert selected(html, "id_event") == str(working.pk)
    assert "You are working at Clydeside Fabrication Ltd" in html


def test_at_an_event_registration_goes_straight_on_to_the_checklist(adviser_a_client, working):
    response = adviser_a_client.post(reverse("person-add"), person_data(working.situation, event=working.pk))
    person = Person.objects.get()
    assert response.url == reverse("assessment-add", args=[person.ref])
    assert person.event == working


def test_without_event_mode_registration_goes_to_the_persons_page(adviser_a_client, event_today):
    response = adviser_a_client.post(reverse("person-add"), person_data(event_today.situation))
    assert response.url == reverse("person-detail", args=[Person.objects.get().ref])


def test_without_event_mode_registration_starts_empty(adviser_a_client, event_today):
    html = adviser_a_client.get(reverse("person-add")).content.decode()
    assert selected(html, "id_situation") is None
    assert selected(html, "id_event") is None


def test_the_checklist_records_the_event_being_worked(adviser_a_client, adviser_a, situation_a, working, event_a):
    person = register(adviser_a, situation_a, event=event_a)  # registered at an earlier event
    page = adviser_a_client.get(reverse("assessment-add", args=[person.ref])).content.decode()
    assert "Recorded as seen at Clydeside Fabrication Ltd: On-site redundancy event, Staff canteen" in page
    adviser_a_client.post(
        reverse("assessment-add", args=[person.ref]), {**REFERENCE_ANSWERS, "submission_token": str(uuid.uuid4())}
    )
    assert Assessment.objects.get(person=person).event == working


def test_without_event_mode_the_checklist_records_where_they_registered(
    adviser_a_client, adviser_a, situation_a, event_a
):
    person = register(adviser_a, situation_a, event=event_a)
    adviser_a_client.post(
        reverse("assessment-add", args=[person.ref]), {**REFERENCE_ANSWERS, "submission_token": str(uuid.uuid4())}
    )
    assert Assessment.objects.get(person=person).event == event_a


def test_home_lists_people_seen_today_with_their_stage(
    adviser_a_client, adviser_a, team_lead_a, situation_a, working, event_a, person_b
):
    registered = register(adviser_a, situation_a, given_name="Registered", event=working)
    assessed = register(adviser_a, situation_a, given_name="Assessed", event=working)
    assess(adviser_a, assessed)
    Assessment.objects.filter(person=assessed).update(event=working)
    supported = register(team_lead_a, situation_a, given_name="Supported", event=working)  # a colleague's
    Assessment.objects.filter(pk=assess(adviser_a, supported).pk).update(event=working)
    add_intervention(adviser_a, supported)
    # Registered long ago at another event, and assessed here today: seen today.
    returning = register(adviser_a, situation_a, given_name="Returning", event=event_a)
    Person.objects.filter(pk=returning.pk).update(created_at=timezone.now() - timedelta(days=40))
    services.assessment_create(
        person=returning,
        answers=REFERENCE_ANSWERS,
        dependants_count=None,
        event=working,
        submission_token=uuid.uuid4(),
        acting_user=adviser_a,
        card=live_scorecard(),
        today=timezone.localdate(),
    )
    # Not seen today at this event: registered here yesterday; registered today elsewhere.
    yesterday = register(adviser_a, situation_a, given_name="Yesterday", event=working)
    Person.objects.filter(pk=yesterday.pk).update(created_at=timezone.now() - timedelta(days=1, hours=1))
    elsewhere = register(adviser_a, situation_a, given_name="Elsewhere", event=event_a)

    html = adviser_a_client.get(HOME).content.decode()

    assert stages(html) == {
        registered.ref: "Registered",
        assessed.ref: "Checklist done",
        supported.ref: "Support agreed",
        returning.ref: "Checklist done",
    }
    assert "People seen today at this event: 4" in html
    assert f'href="{reverse("person-detail", args=[registered.ref])}"' in html
    assert f'href="{reverse("assessment-add", args=[registered.ref])}"' in html
    assert f'href="{reverse("intervention-add", args=[assessed.ref])}"' in html
    for absent in (yesterday, elsewhere, person_b):
        assert absent.ref not in html
    assert AuditEvent.objects.filter(user=adviser_a, detail=f"seen today at event {working.pk}").exists()


def test_home_without_event_mode_offers_it(adviser_a_client, event_today):
    html = adviser_a_client.get(HOME).content.decode()
    assert f'href="{URL}">Working at an event today? Choose the event' in html
    assert 'id="seen-today"' not in html


def test_an_event_chosen_then_moved_to_another_team_is_dropped(
    adviser_a_client, adviser_a, working, team_b, situation_b
):
    """Scoped to the adviser's team: a choice whose event is no longer the team's holds nothing."""
    Event.objects.filter(pk=working.pk).update(situation=situation_b)
    assert "Working at Clydeside" not in adviser_a_client.get(HOME).content.decode()
    assert selected(adviser_a_client.get(reverse("person-add")).content.decode(), "id_event") is None


def test_a_long_list_of_events_is_a_select_with_todays_first(adviser_a_client, situation_a, event_a, today):
    for i in range(12):
        Event.objects.create(
            situation=situation_a, kind=Event.Kind.DROP_IN, held_on=today - timedelta(days=i + 1), location=f"Hall {i}"
        )
    Event.objects.create(situation=situation_a, kind=Event.Kind.DROP_IN, held_on=today, location="Today's hall")
    html = adviser_a_client.get(URL).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', html)
    assert options[0] == ("", "Select an event")
    assert "Today" in options[1][1] and "(today)" in options[1][1]
    assert len(options) == 15
    assert '<h1 class="govuk-label-wrapper">' in html
    assert_form_error(adviser_a_client.post(URL, {"event": ""}), "Select the event you are working at")


def test_the_choice_outlasts_signing_out_and_in_again(client, adviser_a, working):
    """An idle sign-out after 30 minutes is normal at an event: the choice is not in the session."""
    client.force_login(adviser_a)
    client.post(reverse("logout"))
    client.force_login(adviser_a)
    assert "Working at Clydeside Fabrication Ltd" in client.get(HOME).content.decode()


def test_at_an_event_a_checklist_submit_is_still_ten_sql_statements(
    adviser_a_client, adviser_a, situation_a, working, django_assert_num_queries
):
    """Issue #11: the event being worked is read in one query (the choice inside it), so working
    at an event costs a submit nothing more than test_a_checklist_submit_takes_ten_sql_statements."""
    person = register(adviser_a, situation_a)
    with django_assert_num_queries(10):
        response = adviser_a_client.post(
            reverse("assessment-add", args=[person.ref]), {**REFERENCE_ANSWERS, "submission_token": str(uuid.uuid4())}
        )
    assert response.status_code == 302
    assert Assessment.objects.get(person=person).event == working
