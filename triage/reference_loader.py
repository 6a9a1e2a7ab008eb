"""Load reference data from triage/reference_data/ (a copy of shared/reference/).

Called by a data migration with historical models, so it imports no model classes itself.
Idempotent: rows are updated in place by their natural key.
"""

import csv
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "reference_data"

# The band → pathway mapping (DESIGN.md): every band leads to support; none excludes anyone.
PATHWAYS = [
    (
        "low",
        "Universal PACE support",
        "Information, the PACE helpline and workshops; the person can ask for more at any time.",
        1,
    ),
    (
        "medium",
        "Adviser-led support and referrals",
        "A named adviser agrees next steps with the person and refers them to partners for the support they choose.",
        2,
    ),
    (
        "high",
        "Intensive early support",
        "Early, regular contact with a named adviser and priority referrals to partners, starting before the job ends.",
        3,
    ),
]

GROUPS = ["adviser", "team_lead", "evaluator", "admin", "partner"]


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def load_reference_data(apps):
    CouncilArea = apps.get_model("triage", "CouncilArea")
    Partner = apps.get_model("triage", "Partner")
    InterventionType = apps.get_model("triage", "InterventionType")
    BandPathway = apps.get_model("triage", "BandPathway")
    Group = apps.get_model("auth", "Group")

    for row in _rows("council_areas.csv"):
        CouncilArea.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "region": row["region"],
                "unemployment_rate_pct": Decimal(row["unemployment_rate_pct"]),
                "period": row["period"],
                "source": row["source"],
                "working_age_population": int(row["working_age_population"]) if row["working_age_population"] else None,
            },
        )
    by_table_abbreviation = {}
    for row in _rows("partners.csv"):
        partner, _ = Partner.objects.update_or_create(
            abbreviation=row["abbreviation"],
            defaults={
                "name": row["name"],
                "table_abbreviation": row["table_abbreviation"],
                "pace_partner": row["pace_partner"] == "yes",
                "note": row["note"],
            },
        )
        if row["table_abbreviation"]:
            by_table_abbreviation[row["table_abbreviation"]] = partner
    for row in _rows("interventions.csv"):
        kind, _ = InterventionType.objects.update_or_create(
            code=row["code"],
            defaults={"category": row["category"], "name": row["service"], "description": row["description"]},
        )
        kind.partners.set([by_table_abbreviation[a] for a in row["partners"].split(";") if a in by_table_abbreviation])
    for band, title, description, order in PATHWAYS:
        BandPathway.objects.update_or_create(
            band=band, defaults={"title": title, "description": description, "order": order}
        )
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
