"""page_by_ids: a page's ids from the sorted list, then its rows by key."""

import pytest

from triage.models import Person
from triage.paging import page_by_ids


@pytest.mark.django_db
def test_rows_come_in_the_lists_order_and_one_deleted_in_between_is_left_out(adviser_a, situation_a):
    from tests.factories import register

    people = [register(adviser_a, situation_a, given_name=name) for name in ("Ann", "Bea", "Cal")]
    ordered = Person.objects.order_by("-pk")

    def load_without_bea(ids):
        return Person.objects.exclude(given_name="Bea").in_bulk(ids)

    page = page_by_ids(ordered, 1, 25, Person.objects.in_bulk)
    assert [p.given_name for p in page.object_list] == ["Cal", "Bea", "Ann"]
    page = page_by_ids(ordered, 1, 25, load_without_bea)
    assert [p.given_name for p in page.object_list] == ["Cal", "Ann"]
    assert page.paginator.count == len(people)
