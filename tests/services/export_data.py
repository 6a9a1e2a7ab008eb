"""A demo-ish set of assessed people for export tests: names, contacts, NI numbers, postcodes and
dates of birth that must never reach an export file."""

import random
from datetime import date

import pytest

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, add_intervention, assess, make_situation, register
from triage import services
from triage.models import CouncilArea

GIVEN = ["Morag", "Eilidh", "Callum", "Fraser", "Isla", "Ruaridh", "Kirsty", "Hamish"]
FAMILY = ["Campbell", "MacDonald", "Stewart", "Robertson", "Fergusson", "Buchanan"]


def identifiers(i):
    """Person i's identifying details: all plainly fictional."""
    return {
        "given_name": GIVEN[i % len(GIVEN)] + "zq",
        "family_name": FAMILY[i % len(FAMILY)] + "xw",
        "email": f"person{i}.secret@example.org",
        "phone": f"07700 9{i:05d}",
        "postcode": f"G{i % 9 + 1} {i % 9 + 1}QZ",
        "ni_number": f"QQ{i:06d}C",  # fictional-ni
        "date_of_birth": date(1960 + i % 30, i % 12 + 1, i % 27 + 1),
        "sex": ["female", "male", "other", ""][i % 4],
    }


def mixed_answers(i):
    rng = random.Random(i)
    answers = {code: rng.choice([REFERENCE_ANSWERS[code], HIGH_RISK_ANSWERS[code]]) for code in REFERENCE_ANSWERS}
    answers[rng.choice(["q6a_confidence", "q10_parent_work", "q5_dependants"])] = "prefer_not_to_say"
    return answers


@pytest.fixture
def export_people(adviser_a, team_a, glasgow, today):
    """30 people assessed in Glasgow (one situation), five in Edinburgh (another), one override
    and one intervention: enough for groups of five and a few rare rows."""
    edinburgh = CouncilArea.objects.get(name="City of Edinburgh")
    big = make_situation(team_a, glasgow, date(2026, 1, 5), employer="Clydeside Fabrication Ltd")
    small = make_situation(team_a, edinburgh, date(2026, 2, 1), employer="Leith Biscuits")
    people = []
    for i in range(35):
        situation = big if i < 30 else small
        fields = identifiers(i)
        person = register(adviser_a, situation, council_area=situation.council_area, **fields)
        answers = HIGH_RISK_ANSWERS if i % 3 == 0 else (REFERENCE_ANSWERS if i % 3 == 1 else mixed_answers(i))
        assessment = assess(adviser_a, person, answers=answers, today=today)
        people.append((person, assessment))
    services.override_add(
        assessment=people[0][1],
        to_band="low",
        reason_category="job_prospects",
        reason_text="Callumzq has a job offer from =cmd| at the yard",
        acting_user=adviser_a,
    )
    add_intervention(adviser_a, people[1][0])
    return people
