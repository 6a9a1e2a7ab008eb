"""Text typed by people and text written to files others open."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def typed_text(value: str) -> str:
    """What was typed in a text box, spaces collapsed, NULs dropped, at most 100 characters."""
    return " ".join(value.replace("\x00", "").split())[:100]


def neutralise_formula(value: str) -> str:
    """Stop a spreadsheet reading a cell as a formula (CSV injection): prefix it with an apostrophe."""
    return "'" + value if value[:1] in FORMULA_STARTS else value
