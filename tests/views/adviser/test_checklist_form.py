"""The checklist page's questions as the adviser reads them: `assessment-add` (issue #11)."""

import re

from django.urls import reverse
from django.utils.html import escape

from triage.scoring import ITEMS


def checklist_page(client, person):
    return client.get(reverse("assessment-add", args=[person.ref])).content.decode()


def test_dependants_count_is_revealed_under_yes_only(adviser_a_client, person_a):
    """GOV.UK conditional reveal: the "Yes" radio controls the block holding the count, which the
    radios script hides until "Yes" is chosen; the other answers control nothing."""
    page = checklist_page(adviser_a_client, person_a)
    yes = re.search(r'<input[^>]*name="q5_dependants"[^>]*value="yes"[^>]*>', page, re.S).group(0)
    target = re.search(r'data-aria-controls="([^"]+)"', yes).group(1)
    block = re.search(rf'<div class="([^"]*)" id="{target}">(.*?)</div>\s*</div>', page, re.S)
    assert "govuk-radios__conditional" in block.group(1)
    assert 'name="dependants_count"' in block.group(2)
    for value in ("no", "prefer_not_to_say"):
        other = re.search(rf'<input[^>]*name="q5_dependants"[^>]*value="{value}"[^>]*>', page, re.S).group(0)
        assert "aria-controls" not in other
    # Nothing else on the page holds the count, so it sits only under "Yes".
    assert page.count('name="dependants_count"') == 1


def test_the_count_stays_open_when_yes_was_chosen_and_the_page_comes_back_with_an_error(adviser_a_client, person_a):
    data = {"q5_dependants": "yes", "dependants_count": "abc"}
    page = adviser_a_client.post(reverse("assessment-add", args=[person_a.ref]), data).content.decode()
    block = re.search(r'<div class="([^"]*)" id="conditional-q5_dependants-\d">', page).group(1)
    assert "govuk-radios__conditional--hidden" not in block
    assert "Number of dependants must be a number, like 2" in page


def test_question_6b_asks_what_its_answers_reply_to(adviser_a_client, person_a):
    """Issue #11: its answers are lengths of time, so the question asks how long, not yes or no."""
    item = ITEMS["q6b_expected_time"]
    assert item.label == "How long do you think it will take you to find work?"
    page = checklist_page(adviser_a_client, person_a)
    assert item.label in page
    assert "Do you expect to find work?" not in page
    for answer in item.answers:
        assert escape(answer.label) in page
