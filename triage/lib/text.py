"""Text typed by people and text written to files others open."""

import unicodedata
from functools import lru_cache

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def typed_text(value: str) -> str:
    """What was typed in a text box, spaces collapsed, NULs dropped, at most 100 characters."""
    return " ".join(value.replace("\x00", "").split())[:100]


def neutralise_formula(value: str) -> str:
    """Stop a spreadsheet reading a cell as a formula (CSV injection): prefix it with an apostrophe."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


# Letters that Unicode does not decompose into a base letter and an accent, written as people
# type them on an English keyboard.
_UNDECOMPOSED = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})
# Apostrophes, accents typed on their own and a minus for a hyphen: not punctuation to Unicode
# (the acute accent decomposes to a space and an accent, so it goes before decomposing).
_APOSTROPHES = frozenset("\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u02c8\u02ca\u02cb\u2212")
_APOSTROPHES_DROPPED = str.maketrans(dict.fromkeys(_APOSTROPHES, ""))


def _key_character(character: str) -> str:
    """What one character of a decomposed, case-folded name becomes in its key."""
    category = unicodedata.category(character)
    if category[0] in "MP" or category in {"Sk", "Cf"} or character in _APOSTROPHES:
        return ""  # accents, punctuation (apostrophes, hyphens, dots), modifier symbols, format marks
    if category[0] == "Z" or category == "Cc":
        return " "
    return character


# The same rule for ASCII text, as one translation: most names are ASCII, and this is 10 times faster.
_ASCII_KEY = str.maketrans({chr(code): _key_character(chr(code)) for code in range(128)})


@lru_cache(maxsize=4096)  # a batch of people shares few names
def name_key(value: str) -> str:
    """A name as search and the duplicate check compare it: accents dropped, case folded,
    apostrophes, hyphens and other punctuation of every style removed, spaces collapsed.

    "Siobhán O’Neill", "SIOBHAN O'NEILL" and "siobhan oneill" all give "siobhan oneill"; a search
    word that is part of a name's key finds it ("o neill" finds it too, word by word).
    """
    if value.isascii():
        return " ".join(value.lower().translate(_ASCII_KEY).split())
    value = value.translate(_APOSTROPHES_DROPPED)
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    return " ".join("".join(_key_character(c) for c in folded.translate(_UNDECOMPOSED)).split())
