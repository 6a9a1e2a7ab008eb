"""The caseload as CSV: the columns a team lead downloads, one line at a time (streamed)."""

import csv
from collections.abc import Iterable, Iterator, Mapping
from datetime import tzinfo
from typing import Any

from triage.lib.text import neutralise_formula

CSV_COLUMNS = [
    "reference",
    "first name",
    "last name",
    "band",
    "checklist band",
    "changed by adviser",
    "incomplete",
    "assessed",
    "interventions",
    "latest intervention status",
    "adviser",
    "redundancy",
    "council area",
]


BYTE_ORDER_MARK = "\ufeff"


class _Echo:
    """A file that hands back what is written, so csv.writer yields lines instead of storing them."""

    def write(self, value: str) -> str:
        return value


def caseload_csv_lines(rows: Iterable[Mapping[str, Any]], *, tz: tzinfo) -> Iterator[str]:
    """A byte-order mark, the header, then one line per caseload row (selectors.caseload_rows);
    dates in `tz`. Without the mark, Excel reads UTF-8 as the local code page and mangles accents."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow(
            [
                row["ref"],
                neutralise_formula(row["given_name"]),
                neutralise_formula(row["family_name"]),
                row["band"] or "",
                row["model_band"] or "",
                "yes" if row["overridden"] else "no",
                "yes" if row["incomplete"] else "no",
                f"{row['assessed_at'].astimezone(tz):%Y-%m-%d}" if row["assessed_at"] else "",
                row["interventions_count"],
                row["latest_intervention_status"],
                neutralise_formula(row["adviser"]),
                neutralise_formula(row["employer"]),
                row["area"],
            ]
        )
