"""Names found whatever their accents, case or apostrophes: find a person and the caseload's search."""

import pytest

from tests.factories import register
from triage.selectors import caseload_filter, people_search


@pytest.fixture
def siobhan(adviser_a, situation_a):
    return register(adviser_a, situation_a, given_name="Siobhán", family_name="O’Neill")


@pytest.fixture
def others(adviser_a, situation_a, adviser_b, situation_b):
    return [
        register(adviser_a, situation_a, given_name="Siobhan", family_name="Neilson-Hart"),
        register(adviser_b, situation_b, given_name="Siobhán", family_name="O’Neill"),  # another team's
    ]


@pytest.mark.parametrize("typed", ["siobhan oneill", "Siobhán O'Neill", "SIOBHAN O’NEILL", "o neill", "ONEILL"])
def test_find_a_person_ignores_accents_case_and_apostrophes(adviser_a, siobhan, others, typed):
    assert list(people_search(user=adviser_a, query=typed)) == [siobhan]


@pytest.mark.parametrize("typed", ["siobhan oneill", "O'Neill", "oneill"])
def test_the_caseloads_search_ignores_accents_case_and_apostrophes(team_lead_a, siobhan, others, typed, today):
    people = caseload_filter(user=team_lead_a, data={"q": typed}, today=today, scope="team").qs
    assert list(people) == [siobhan]


@pytest.mark.parametrize("typed", ["neilson hart", "neilsonhart", "Neilson–Hart"])
def test_a_hyphen_of_any_style_or_none_finds_a_double_barrelled_name(adviser_a, siobhan, others, typed):
    assert list(people_search(user=adviser_a, query=typed)) == [others[0]]


@pytest.mark.parametrize("typed", ["'", "’ -", "%", "_"])
def test_a_search_of_punctuation_alone_finds_no_one(adviser_a, siobhan, others, typed):
    assert not people_search(user=adviser_a, query=typed).exists()
