"""Names as search and the duplicate check compare them: `name_key`."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.lib.text import name_key


@pytest.mark.parametrize(
    "written",
    [
        "Siobhán O’Neill",
        "Siobhan O'Neill",
        "SIOBHAN ONEILL",
        "siobhan oneill",
        "Siobhán Oʼneill",  # modifier-letter apostrophe, as some phones type it
        "Siobhán O‘Neill",
        "Siobhán O`Neill",
        "Siobhán O´Neill",
        "Siobhán O＇Neill",  # full-width
        "  Siobhán   O’Neill ",
        "Siobha\u0301n O’Neill",  # the accent as a separate combining mark
    ],
)
def test_accents_case_apostrophes_and_spaces_make_no_difference(written):
    assert name_key(written) == "siobhan oneill"


@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"])
def test_hyphens_of_every_style_are_removed(hyphen):
    assert name_key(f"Smith{hyphen}Jones") == "smithjones"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Straße", "strasse"),
        ("Ægir Þórsson", "aegir thorsson"),
        ("Łukasz Wróbel", "lukasz wrobel"),
        ("Søren", "soren"),
        ("İlkay", "ilkay"),
        ("ﬁona", "fiona"),
        ("St. John", "st john"),
        ("Zoë", "zoe"),
    ],
)
def test_letters_are_written_as_an_english_keyboard_types_them(written, key):
    assert name_key(written) == key


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_names_get_the_same_key_by_the_quick_path_and_the_full_one(text):
    """ASCII text takes a quicker path; a non-ASCII letter added sends the same text the full way."""
    assert name_key(text + " é") == (name_key(text) + " e").strip()
