"""Formats from their source rules, so a tampered or mistyped value gets a clear message."""

import re
import unicodedata

from django.core.exceptions import ValidationError

# HMRC National Insurance number format (NIM39110): two prefix letters, six digits, suffix A–D.
# Neither prefix letter is D, F, I, Q, U or V; the second is not O; BG, GB, KN, NK, NT, TN and
# ZZ are never issued.
NI_PATTERN = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")

# UK postcode (outward + inward code), as published by the ONS/Royal Mail, case-insensitive.
POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def normalise_ni_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_ni_number(value: str) -> None:
    if not NI_PATTERN.match(value):
        raise ValidationError(
            "Enter a National Insurance number in the correct format, like QQ 12 34 56 C", code="invalid_ni"
        )


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def validate_postcode(value: str) -> None:
    if not POSTCODE_PATTERN.match(value):
        raise ValidationError("Enter a real postcode, like EH1 1YZ", code="invalid_postcode")


# Characters that change how text shows without being seen: text-direction embeddings, overrides
# and isolates can make a name or a note read differently from what is stored ("Trojan Source").
DIRECTION_CHARACTERS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\n\r\t")


class PlainText:
    """Refuse control characters and text-direction characters; `multiline` text keeps its line
    breaks and tabs. `name` starts the message ("First name must not include …")."""

    def __init__(self, name: str, *, multiline: bool = False) -> None:
        self.name = name
        self.allowed = LINE_BREAKS if multiline else frozenset()

    def __call__(self, value: str) -> None:
        for character in value:
            hidden = unicodedata.category(character) == "Cc" or character in DIRECTION_CHARACTERS
            if hidden and character not in self.allowed:
                raise ValidationError(
                    f"{self.name} must not include hidden characters, like a control or text-direction mark",
                    code="hidden_character",
                )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainText) and (self.name, self.allowed) == (other.name, other.allowed)
