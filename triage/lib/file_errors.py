"""One error of a file refused row by row: what every upload's checker returns, listed on the page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FileError:
    row: int | None  # the row of the file, the header being row 1; None for the file itself
    column: str | None  # a column's label, or None for the whole row or file
    message: str
