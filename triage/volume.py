"""A realistic synthetic volume for scale work: `manage.py seed_volume --people N` (fictional people only).

People are spread over teams (the existing ones, plus synthetic teams when more are asked for),
redundancy situations and their events, and council areas weighted by working-age population.
About nine in ten are assessed, a few twice. Every assessment is scored through the real scoring
core with the live scorecard (score_frame, vectorised); its frozen contributions and explanation
are assembled from what score() and points_table() give for each single answer, which is exact
because both are per-item rows (the risks sorted by points, stably), and a test holds sampled rows
to score()/points_table() on their stored answers. Some bands are overridden (some overrides
reviewed), most people get interventions with a history of statuses, and each person's caseload
summary columns are filled as services.caseload.caseload_summary_refresh would fill them.

Rows are generated in batches with NumPy (in a forked process, while the previous batch is
written) and written with explicit ids: executemany on SQLite, COPY on PostgreSQL. The whole run
is one transaction, so an interrupted run leaves the database as it was. A large run drops the
person table's secondary indexes (and, on PostgreSQL, the loaded tables' foreign keys) and puts
them back at the end, checked once rather than row by row. On SQLite the load runs with a
rollback journal instead of WAL and no fsync, with foreign keys and CHECK constraints checked
once after the load (PRAGMA foreign_key_check here; integrity_check in the tests).
A second run adds more people with new ids and references; it never replaces any.
"""

import contextlib
import json
import multiprocessing
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date

import numpy as np
import pandas as pd
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from triage.access import Role
from triage.lib.bands import BANDS
from triage.models import (
    Assessment,
    CouncilArea,
    Event,
    Intervention,
    InterventionType,
    InterventionUpdate,
    Override,
    OverrideReview,
    Partner,
    Person,
    RedundancySituation,
    Team,
    User,
)
from triage.models.interventions import STARTED_STATUSES
from triage.models.people import BAND_RANK, REF_ALPHABET
from triage.scorecard_files import live_scorecard
from triage.scoring import (
    CHECKLIST_VERSION,
    COMPLEX_NEEDS,
    COMPLEX_NEEDS_THRESHOLD,
    ITEMS,
    PREFER_NOT_TO_SAY,
    Scorecard,
    ScoreResult,
    points_table,
    score,
)
from triage.scoring.bulk import score_frame
from triage.services.assessments import probability_basis

ITEM_CODES = list(ITEMS)
LOADED = (Person, Assessment, Override, OverrideReview, Intervention, InterventionUpdate)
ID_NAMES = ("person", "assessment", "override", "review", "intervention", "update")
REBUILD_FROM = 100_000  # runs at least this large (and at least doubling the people) rebuild indexes after

GIVEN = (  # noqa: SIM905
    "Alex Jamie Morag Iain Fiona Kenny Shona Graeme Isla Ross Catriona Euan Kirsty Duncan Mairi Stuart Aileen "
    "Hamish Lorna Craig Agnieszka Tariq Mei Femi Ewan Rhona Calum Eilidh Fraser Gillian Alasdair Moira Scott "
    "Karen Gordon Heather Lewis Ailsa Brian Jennifer Neil Louise Gary Nicola Derek Claire Murdo Kirsten Sandy "
    "Wendy Owen Leanne Ryan Amy Kieran Zara Imran Priya Olu Marta Tomasz Oksana Bilal Yusuf Grace Rosa"
).split()
# Family names are drawn unevenly (a few common, many rare), as real surnames are.
FAMILY = (  # noqa: SIM905
    "Campbell Stewart MacDonald Robertson Thomson Anderson Reid Murray Ross Paterson Kowalski Hussain Chen "
    "Adeyemi Gillespie Kerr Baird Munro Wallace Docherty MacLeod Fraser Sinclair Grant Mackenzie Scott Young "
    "Mitchell Watson Morrison Clark Hamilton Johnston Duncan Ferguson Cameron Hunter Kennedy McIntyre Gray "
    "Buchanan Lindsay Drummond Cunningham Henderson Crawford Boyle Quinn Rennie Souter Nowak Ahmed Singh "
    "Okafor Lennox Galbraith Urquhart Rankin Tait Menzies Sutherland Gunn Kelly Forsyth Brodie McGregor Weir"
).split()
EMPLOYER_FIRST = (  # noqa: SIM905
    "Clydeside Northbank Tayside Fife Coast Lomond Forth Ochil Cairngorm Solway Moray Firth Pentland Trossachs "
    "Kelvin Carron Deveron Ettrick Strathearn Campsie Lammermuir Cowal Kintyre Glenrothes Dalriada Annan Leven "
    "Garnock Irvine Esk Nith Tweed Spey Ythan Don Dee Almond Avon Allan"
).split()
EMPLOYER_SECOND = {
    "manufacturing": ["Fabrication", "Engineering", "Components", "Textiles", "Plastics", "Metalworks"],
    "energy": ["Offshore Services", "Drilling Supplies", "Renewables", "Subsea Engineering"],
    "construction": ["Builders", "Civil Engineering", "Joinery", "Scaffolding"],
    "retail": ["Garden Centres", "Department Store", "Home Stores", "Wholesale"],
    "hospitality": ["Hotels", "Leisure", "Catering", "Inns"],
    "transport": ["Logistics", "Haulage", "Ferries", "Coaches"],
    "finance": ["Contact Centre", "Insurance Services", "Building Society", "Payroll Services"],
    "public": ["Council Services", "Shared Services", "Agency Office"],
    "health": ["Care Homes", "Home Care", "Dental Practices"],
    "creative": ["Studios", "Print Works", "Games"],
    "food_drink": ["Distillery", "Bakeries", "Seafood", "Dairies", "Maltings"],
    "other": ["Services", "Trading", "Holdings"],
}
SECTOR_WEIGHTS = {
    "manufacturing": 8,
    "energy": 3,
    "construction": 4,
    "retail": 6,
    "hospitality": 5,
    "transport": 4,
    "finance": 5,
    "public": 3,
    "health": 3,
    "creative": 2,
    "food_drink": 4,
    "other": 3,
}
SUFFIXES = ("Ltd", "Ltd", "plc", "Group", "LLP", "Co.")
OVERRIDE_REASONS = {
    # reason: (weight, note)
    "adviser_knowledge": (30, "Told me about circumstances the checklist does not ask about (synthetic note)."),
    "complex_needs": (15, "Several needs together make finding work harder than the score says (synthetic note)."),
    "health": (14, "A health condition limits which jobs are possible (synthetic note)."),
    "caring": (9, "Caring for a relative limits hours and travel (synthetic note)."),
    "local_jobs": (9, "Few vacancies in this trade near where they live (synthetic note)."),
    "job_prospects": (10, "Has an interview arranged with a local employer (synthetic note)."),
    "answers": (8, "Answers given in a hurry at the event; gone over again one to one (synthetic note)."),
    "other": (5, "Other reason discussed with the person (synthetic note)."),
}
REVIEW_COMMENTS = {
    "agreed": "Agreed (synthetic).",
    "queried": "Please add what you learnt at the meeting (synthetic).",
    "answered": "Added the detail from our meeting (synthetic).",
}
# Interventions per person by band rank (0 not assessed, 1 low, 2 medium, 3 high): P(0), P(1), P(2), P(3).
INTERVENTIONS_PER_BAND = np.array(
    [[1.0, 0.0, 0.0, 0.0], [0.55, 0.35, 0.1, 0.0], [0.3, 0.45, 0.2, 0.05], [0.15, 0.4, 0.3, 0.15]]
)
# Final status of an intervention by how long ago it was agreed (< 7 days, < 60 days, older):
# offered, referred, started, completed, declined.
STATUSES = np.array(["offered", "referred", "started", "completed", "declined"], dtype=object)
STATUS_BY_AGE = np.array([[0.3, 0.6, 0.1, 0.0, 0.0], [0.05, 0.25, 0.5, 0.1, 0.1], [0.0, 0.1, 0.3, 0.5, 0.1]])
STEPS = np.array([1, 1, 2, 3, 2])  # status updates on the way to each final status

PERSON_COLUMNS = [
    "id", "ref", "team", "situation", "event", "given_name", "family_name", "date_of_birth", "council_area",
    "postcode", "email", "phone", "ni_number", "sex", "consent_given", "privacy_notice_version",
    "consent_recorded_at", "created_by", "created_at", "adviser", "found_work_on", "latest_assessment", "band",
    "model_band", "band_rank", "overridden", "incomplete", "assessed_at", "interventions_count",
    "latest_intervention_status", "support_started",
]  # fmt: skip
ASSESSMENT_COLUMNS = [
    "id", "person", "team", "event", "answers", "dependants_count", "council_area", "area_unemployment_rate",
    "age_at_assessment", "checklist_version", "scorecard_name", "scorecard_version", "probability_basis",
    "contributions", "explanation", "total_points", "probability", "model_band", "missing_count", "missing_items",
    "complex_needs", "effective_band", "submission_token", "created_by", "created_at",
]  # fmt: skip
OVERRIDE_COLUMNS = [
    "id", "assessment", "team", "from_band", "to_band", "reason_category", "reason_text", "created_by", "created_at",
    "review_status",
]  # fmt: skip
REVIEW_COLUMNS = ["id", "override", "kind", "comment", "created_by", "created_at"]
INTERVENTION_COLUMNS = [
    "id", "person", "team", "intervention_type", "partner", "status", "status_date", "agreed_on", "notes", "created_by",
    "created_at", "updated_at",
]  # fmt: skip
UPDATE_COLUMNS = ["id", "intervention", "status", "status_date", "note", "created_by", "created_at"]


@dataclass
class VolumeResult:
    people: int = 0
    assessments: int = 0
    overrides: int = 0
    reviews: int = 0
    interventions: int = 0
    updates: int = 0
    situations: int = 0
    events: int = 0
    teams: list[str] = field(default_factory=list)
    rebuilt_indexes: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # where the time went, for -v 2

    def timed(self, key: str, started: float) -> None:
        self.timings[key] = self.timings.get(key, 0.0) + time.perf_counter() - started

    def summary(self) -> str:
        return (
            f"Added {self.people:,} people, {self.assessments:,} assessments, {self.overrides:,} overrides "
            f"({self.reviews:,} reviews), {self.interventions:,} interventions ({self.updates:,} status updates), "
            f"{self.situations:,} redundancy situations and {self.events:,} events over {len(self.teams)} teams "
            f"in {self.seconds:.1f} s."
        )


# ---------------------------------------------------------------------------------------------
# Writing: explicit ids; executemany on SQLite, COPY on PostgreSQL.


def _insert(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple]) -> None:
    if not rows:
        return
    by_name = {f.name: f.column for f in model._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(by_name.get(name, name)) for name in names)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Table and column names come from the model's _meta, never from input.
            values = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)  # noqa: S608


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


class _Ids:
    def __init__(self, model: type[models.Model]):
        self.next = _next_id(model)

    def take(self, n: int) -> np.ndarray:
        ids = np.arange(self.next, self.next + n, dtype=np.int64)
        self.next += n
        return ids


class _LoadSettings:
    """PostgreSQL: lz4 for the large JSON values. SQLite: a 2 GB page cache, no fsync, a rollback journal (WAL would write everything twice), and
    foreign keys and CHECK constraints left to one check after the load. Restored on exit.

    Leaving WAL needs the only connection to the file; when another is open the load stays in WAL
    (slower: every page is written twice).
    """

    def __init__(self):
        self.sqlite = connection.vendor == "sqlite"

    def __enter__(self):
        if not self.sqlite:
            # PostgreSQL: compress the assessments' large JSON with lz4 rather than pglz, several
            # times faster to write (PostgreSQL 14 and later, when built with it).
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('default_toast_compression', true)")
                self.saved = cursor.fetchone()[0]
                if self.saved:
                    with contextlib.suppress(DatabaseError), transaction.atomic():
                        cursor.execute("SET default_toast_compression = lz4")
            return self
        connection.ensure_connection()
        with connection.cursor() as cursor:
            self.saved = {
                name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("cache_size", "synchronous", "temp_store", "journal_mode", "foreign_keys")
            }
            # Some are refused inside a transaction (a caller's, or a test's) and journal_mode while
            # another connection is open: the load then runs as it can, only slower.
            for pragma in (
                "cache_size = -2000000",
                "synchronous = OFF",
                "temp_store = MEMORY",
                "journal_mode = TRUNCATE",
                "foreign_keys = OFF",  # a no-op inside a transaction: checked at commit as usual
                "ignore_check_constraints = ON",
            ):
                with contextlib.suppress(DatabaseError):
                    cursor.execute(f"PRAGMA {pragma}")
        return self

    def __exit__(self, *exc):
        if not self.sqlite:
            if self.saved:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('default_toast_compression', %s, false)", [self.saved])
            return False
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
            for name, value in self.saved.items():
                # Back to WAL may be refused while another connection reads; each new connection's
                # init_command (settings.py) turns WAL on again anyway. Refused ones were never changed.
                with contextlib.suppress(DatabaseError):
                    cursor.execute(f"PRAGMA {name} = {value}")
        return False


def _secondary_indexes() -> list[tuple[str, str]]:
    """(name, CREATE statement) of the person table's indexes that no constraint owns.

    Their keys (names, dates of birth, assessment times) arrive in random order, so keeping them up
    to date row by row costs more than building them once. The other tables' indexes are on ids
    that arrive in order or have few values, and are cheap to keep.
    """
    tables = [Person._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                [tables],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN (SELECT value FROM json_each(%s))",
                [json.dumps(tables)],
            )
        return list(cursor.fetchall())


def _foreign_keys() -> list[tuple[str, str, str]]:
    """PostgreSQL: (table, name, definition) of the loaded tables' foreign keys.

    Dropped for a large load and added back at the end, when each is checked by one join over the
    table instead of one queued trigger per row (a minute at a million people).
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [[m._meta.db_table for m in LOADED]],
        )
        return list(cursor.fetchall())


def _execute(statements: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _check_foreign_keys() -> None:
    """Check the foreign keys now rather than at the commit.

    SQLite loaded with them off: check every loaded table, as the commit would have. PostgreSQL has
    queued a deferred check per row: run them now.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            return
        for model in LOADED:
            cursor.execute(f"PRAGMA foreign_key_check({connection.ops.quote_name(model._meta.db_table)})")
            bad = cursor.fetchone()
            if bad:
                raise IntegrityError(f"seed_volume wrote a broken foreign key: {bad}")


def _after_load() -> None:
    if connection.vendor == "postgresql":
        _execute(connection.ops.sequence_reset_sql(no_style(), [RedundancySituation, Event, *LOADED]))
        _execute(["SET CONSTRAINTS ALL DEFERRED"])  # Django's default, for the rest of a caller's transaction


# ---------------------------------------------------------------------------------------------
# Vectorised values.

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_ALPHABET = np.frombuffer(REF_ALPHABET.encode(), dtype=np.uint8)
_REF_SPACE = len(REF_ALPHABET) ** 6


def _datetimes(values: np.ndarray, postgres: bool) -> list[str]:
    """UTC datetime64 → 'YYYY-MM-DD HH:MM:SS.ffffff' with a space, as Django writes them on SQLite (so
    text comparisons agree); with '+00' on PostgreSQL."""
    raw = np.datetime_as_string(values.astype("datetime64[us]"), unit="us").astype("S26")
    raw = raw.view(np.uint8).reshape(-1, 26).copy()
    raw[:, 10] = ord(" ")
    if postgres:
        raw = np.hstack([raw, np.tile(np.frombuffer(b"+00", dtype=np.uint8), (len(raw), 1))])
    width = raw.shape[1]
    return raw.view(f"S{width}").ravel().astype(f"U{width}").tolist()


def _dates(values: np.ndarray) -> list[str]:
    return np.datetime_as_string(values.astype("datetime64[D]"), unit="D").tolist()


def _uuid_hex(rng: np.random.Generator, n: int) -> list[str]:
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    chars = np.empty((n, 32), dtype=np.uint8)
    chars[:, 0::2] = _HEX[raw >> 4]
    chars[:, 1::2] = _HEX[raw & 0x0F]
    return chars.view("S32").ravel().astype("U32").tolist()


def _new_refs(rng: np.random.Generator, n: int, taken: np.ndarray) -> list[str]:
    """n references P-XXXXXX, unique among themselves and not in `taken` (as integers), in random order."""
    chosen = np.empty(0, dtype=np.int64)
    while len(chosen) < n:
        draw = rng.integers(0, _REF_SPACE, size=int((n - len(chosen)) * 1.01) + 16, dtype=np.int64)
        chosen = np.unique(np.concatenate([chosen, draw]))
        chosen = chosen[~np.isin(chosen, taken)]
    return _encode_refs(rng.permutation(chosen)[:n])


def _encode_refs(values: np.ndarray) -> list[str]:
    out = np.empty((len(values), 8), dtype=np.uint8)
    out[:, 0], out[:, 1] = ord("P"), ord("-")
    rest = values.copy()
    for position in range(7, 1, -1):
        out[:, position] = _ALPHABET[rest % len(REF_ALPHABET)]
        rest //= len(REF_ALPHABET)
    return out.view("S8").ravel().astype("U8").tolist()


def _decode_refs(refs: Sequence[str]) -> np.ndarray:
    if not refs:
        return np.empty(0, dtype=np.int64)
    lookup = np.zeros(256, dtype=np.int64)
    lookup[_ALPHABET] = np.arange(len(_ALPHABET))
    raw = np.asarray(refs, dtype="S8").view(np.uint8).reshape(-1, 8)[:, 2:]
    return lookup[raw] @ (len(REF_ALPHABET) ** np.arange(5, -1, -1, dtype=np.int64))


def _weighted(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _rows_by_probability(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a (rows × choices) probability matrix."""
    cumulative = np.cumsum(probabilities, axis=1)
    return (rng.random(len(probabilities))[:, None] > cumulative).sum(axis=1).clip(max=probabilities.shape[1] - 1)


def _days(n) -> np.ndarray:
    return np.asarray(n, dtype=np.int64).astype("timedelta64[D]")


def _seconds(n) -> np.ndarray:
    return (np.asarray(n, dtype=np.float64) * 1e6).astype(np.int64).astype("timedelta64[us]")


def _whole_days(delta: np.ndarray) -> np.ndarray:
    return (delta // np.timedelta64(1, "D")).astype(np.int64)


def _age_on(dob: np.ndarray, on: np.ndarray) -> np.ndarray:
    """checklist.age_on, vectorised: whole years, the birthday counted by month and day."""
    years = on.astype("datetime64[Y]").astype(np.int64) - dob.astype("datetime64[Y]").astype(np.int64)
    return years - (_month_day(on) < _month_day(dob)).astype(np.int64)


def _month_day(days: np.ndarray) -> np.ndarray:
    month = days.astype("datetime64[M]")
    day = (days.astype("datetime64[D]") - month.astype("datetime64[D]")).astype(np.int64) + 1
    return (month.astype(np.int64) % 12 + 1) * 100 + day


# ---------------------------------------------------------------------------------------------
# The frozen score, as JSON fragments per (item, answer) from the real scoring core.


@dataclass
class _ItemTable:
    code: str
    values: list  # value index -> answer code, rate, or None (unanswered; always last for choice items)
    answer: list[str]  # '"code":"value"', '' for the area rate (not kept in answers)
    contribution: list[str]  # ',{...}' or ''
    strength: list[str]
    neutral: list[str]
    risk: list[tuple | None]  # (-points, position, ',{...}'): sorting gives points_table's order
    points: np.ndarray
    unanswered: np.ndarray


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def _item_tables(card: Scorecard, rates: Sequence[float]) -> list[_ItemTable]:
    tables = []
    for position, (code, item) in enumerate(ITEMS.items()):
        if item.kind == "numeric":
            values = list(rates)
        else:
            values = [a.code for a in item.answers if a.code != PREFER_NOT_TO_SAY]
            values += [PREFER_NOT_TO_SAY] if item.declinable else []
            values.append(None)
        size = len(values)
        table = _ItemTable(code, values, [], [], [], [], [], np.zeros(size, np.int64), np.zeros(size, bool))
        for i, value in enumerate(values):
            result = score({code: value}, card)
            table.unanswered[i] = code in result.missing_items
            table.answer.append("" if item.kind == "numeric" else f"{_dumps(code)}:{_dumps(value)}")
            own = [c for c in result.contributions if c.item_code == code]
            if not own:
                table.contribution.append("")
                table.strength.append("")
                table.neutral.append("")
                table.risk.append(None)
                continue
            (contribution,) = own
            table.points[i] = contribution.points
            table.contribution.append("," + _dumps(asdict(contribution)))
            alone = ScoreResult((contribution,), contribution.points, None, None, 0, (), False, card.label)
            explained = points_table(alone, card)
            table.strength.append("".join("," + _dumps(asdict(row)) for row in explained.strengths))
            table.neutral.append("".join("," + _dumps(asdict(row)) for row in explained.neutral))
            risk = "".join("," + _dumps(asdict(row)) for row in explained.risks)
            table.risk.append((-contribution.points, position, risk) if risk else None)
        tables.append(table)
    return tables


def _frozen_json(tables: list[_ItemTable], index: np.ndarray) -> tuple[list[str], list[str], list[str]]:
    """answers, contributions and explanation JSON per row of value indices (rows × items)."""

    def column(attribute: str) -> list[list]:
        return [
            np.asarray(getattr(t, attribute), dtype=object)[index[:, p]].tolist()
            for p, t in enumerate(tables)
            if attribute != "answer" or ITEMS[t.code].kind != "numeric"
        ]

    answers = ["{" + ",".join(parts) + "}" for parts in zip(*column("answer"), strict=True)]
    contributions = ["[" + "".join(parts)[1:] + "]" for parts in zip(*column("contribution"), strict=True)]
    strengths = ["".join(parts)[1:] for parts in zip(*column("strength"), strict=True)]
    neutral = ["".join(parts)[1:] for parts in zip(*column("neutral"), strict=True)]
    explanation = []
    for s, n, parts in zip(strengths, neutral, zip(*column("risk"), strict=True), strict=True):
        risks = sorted(p for p in parts if p is not None)
        r = "".join(p[2] for p in risks)[1:]
        explanation.append('{"strengths":[' + s + '],"risks":[' + r + '],"neutral":[' + n + "]}")
    return answers, contributions, explanation


def _json_per_pattern(keys: np.ndarray, make: Callable[[int], str]) -> list[str]:
    unique, inverse = np.unique(keys, return_inverse=True)
    return np.asarray([make(int(k)) for k in unique], dtype=object)[inverse].tolist()


# ---------------------------------------------------------------------------------------------
# Teams, staff, situations and events: few rows, written once per run.


@dataclass
class _TeamSpec:
    team_id: int
    name: str
    region: str
    advisers: list[int]
    lead: int


def _teams(requested: int | None, today: date) -> list[_TeamSpec]:
    existing = list(Team.objects.order_by("pk"))
    if not existing:
        from triage.demo import load_demo_data

        load_demo_data(today=today)
        existing = list(Team.objects.order_by("pk"))
    wanted = requested or len(existing)
    teams = existing[:wanted]
    regions = sorted(set(CouncilArea.objects.values_list("region", flat=True)))
    number = 0
    while len(teams) < wanted:
        number += 1
        team, _ = Team.objects.get_or_create(
            name=f"PACE Synthetic Team {number:02d}", defaults={"region": regions[(number - 1) % len(regions)]}
        )
        if team not in teams:
            teams.append(team)
    adviser_group = Group.objects.get(name=Role.ADVISER)
    lead_group = Group.objects.get(name=Role.TEAM_LEAD)
    specs = []
    for team in teams:
        members = User.objects.filter(team=team, is_active=True).order_by("pk")
        advisers = list(members.filter(groups=adviser_group).values_list("pk", flat=True))
        leads = list(members.filter(groups=lead_group).values_list("pk", flat=True))
        if not advisers:
            advisers = [_synthetic_user(team, f"adviser{i}", adviser_group, i) for i in range(1, 7)]
        if not leads:
            leads = [_synthetic_user(team, "lead", lead_group, 0)]
        specs.append(_TeamSpec(team.pk, team.name, team.region, advisers, leads[0]))
    return specs


def _synthetic_user(team: Team, suffix: str, group: Group, number: int) -> int:
    user, created = User.objects.get_or_create(
        username=f"synthetic_t{team.pk}_{suffix}",
        defaults={
            "team": team,
            "first_name": GIVEN[(team.pk * 11 + number * 7) % len(GIVEN)],
            "last_name": FAMILY[(team.pk * 5 + number * 13) % len(FAMILY)],
        },
    )
    if created:
        user.set_unusable_password()  # synthetic staff never sign in
        user.save(update_fields=["password"])
    user.groups.add(group)
    return user.pk


@dataclass
class _Places:
    team: np.ndarray  # per situation: team index
    situation_id: np.ndarray
    area: np.ndarray  # per situation: area index
    notified: np.ndarray  # per situation: datetime64[D]
    event_start: np.ndarray  # per situation: index of its first event
    event_count: np.ndarray
    event_id: np.ndarray  # per event
    event_held: np.ndarray  # per event: datetime64[D]


def _places(rng, teams: list[_TeamSpec], areas: list[CouncilArea], people_counts, team_of, today) -> _Places:
    """Redundancy situations (in their team's region where it has council areas) and one to three events each."""
    n = len(team_of)
    area_weight = np.array([a.working_age_population or 1 for a in areas], dtype=np.float64)
    area_region = np.array([a.region for a in areas], dtype=object)
    area = np.empty(n, dtype=np.int64)
    for t, spec in enumerate(teams):
        mask = team_of == t
        in_region = area_region == spec.region
        area[mask] = _weighted(
            rng, np.where(in_region, area_weight, 0.0) if in_region.any() else area_weight, mask.sum()
        )
    sectors = list(SECTOR_WEIGHTS)
    sector = _weighted(rng, list(SECTOR_WEIGHTS.values()), n)
    today64 = np.datetime64(today, "D")
    notified = today64 - _days(rng.integers(7, 730, n))
    affected = np.maximum(1, people_counts + rng.integers(0, np.maximum(1, people_counts // 3) + 1))
    first = rng.integers(0, len(EMPLOYER_FIRST), n)
    suffix = rng.integers(0, len(SUFFIXES), n)
    second = rng.random(n)
    first_id = _next_id(RedundancySituation)
    situation_id = np.arange(first_id, first_id + n)
    now = timezone.now()
    employers = []
    for i in range(n):
        names = EMPLOYER_SECOND[sectors[sector[i]]]
        employers.append(f"{EMPLOYER_FIRST[first[i]]} {names[int(second[i] * len(names))]} {SUFFIXES[suffix[i]]}")
    _insert(
        RedundancySituation,
        ["id", "team", "employer", "sector", "council_area", "notified_date", "number_affected", "created_at"],
        [
            (
                int(situation_id[i]),
                teams[team_of[i]].team_id,
                f"{employers[i]} (fictional)",
                sectors[sector[i]],
                areas[area[i]].pk,
                str(notified[i]),
                int(affected[i]),
                now,
            )
            for i in range(n)
        ],
    )

    count = 1 + (rng.random(n) < 0.5) + (rng.random(n) < 0.2)
    event_start = np.concatenate([[0], np.cumsum(count)[:-1]])
    owner = np.repeat(np.arange(n), count)
    nth = np.arange(len(owner)) - event_start[owner]
    after = np.where(nth == 0, rng.integers(2, 21, len(owner)), rng.integers(7, 90, len(owner)))
    held = np.minimum(notified[owner] + _days(after), today64)
    kind = np.where(nth == 0, "on_site", np.where(rng.random(len(owner)) < 0.5, "drop_in", "one_to_one"))
    first_id = _next_id(Event)
    event_id = np.arange(first_id, first_id + len(owner))
    where = {
        "on_site": lambda s: f"{employers[s]}, staff canteen",
        "drop_in": lambda s: f"PACE drop-in, {areas[area[s]].name} library",
        "one_to_one": lambda s: f"Jobcentre, {areas[area[s]].name}",
    }
    _insert(
        Event,
        ["id", "situation", "kind", "held_on", "location"],
        [
            (int(event_id[j]), int(situation_id[owner[j]]), str(kind[j]), str(held[j]), where[kind[j]](owner[j]))
            for j in range(len(owner))
        ],
    )
    return _Places(team_of, situation_id, area, notified, event_start, count, event_id, held)


# ---------------------------------------------------------------------------------------------
# A batch of people and everything hanging off them.


@dataclass
class _Context:
    rng: np.random.Generator
    card: Scorecard
    tables: list[_ItemTable]
    teams: list[_TeamSpec]
    areas: list[CouncilArea]
    places: _Places
    types: list[tuple[int, list[int]]]  # intervention type id, partner ids
    today: date
    now: np.datetime64  # datetime64[us], UTC
    postgres: bool
    ids: dict[str, _Ids]


@dataclass
class _Batch:
    writes: list[tuple[type[models.Model], list[str], list[tuple]]]
    people: int
    seconds: float


def _answers(ctx: _Context, n: int, age_band: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Value indices (rows × items), correlated through one latent 'distance from work' per person."""
    rng = ctx.rng
    index = np.zeros((n, len(ctx.tables)), dtype=np.int64)
    latent = rng.standard_normal(n)
    incomplete = rng.random(n) < 0.03
    for position, (code, item) in enumerate(ITEMS.items()):
        if item.kind == "derived":
            index[:, position] = age_band
            continue
        if item.kind == "numeric":
            index[:, position] = area
            continue
        values = ctx.tables[position].values
        answers = [v for v in values if v not in (None, PREFER_NOT_TO_SAY)]  # the first entries of `values`
        # Lowest to highest risk on the live card; most people give the lower-risk answers.
        order = np.array(sorted(range(len(answers)), key=lambda k: (ctx.card.points[code][answers[k]], k)))
        base = np.array([5.0, 3.0, 2.0, 1.5, 1.0, 1.0][: len(order)])
        rank = np.arange(len(order)) / max(1, len(order) - 1)
        weights = base[None, :] * np.exp(0.9 * latent[:, None] * rank[None, :])
        chosen = order[_rows_by_probability(rng, weights / weights.sum(axis=1, keepdims=True))]
        if item.declinable:
            chosen = np.where(rng.random(n) < 0.03, values.index(PREFER_NOT_TO_SAY), chosen)
        skipped = (rng.random(n) < 0.01) | (incomplete & (rng.random(n) < 0.45))
        index[:, position] = np.where(skipped, len(values) - 1, chosen)
    return index


def _score(ctx: _Context, index: np.ndarray) -> pd.DataFrame:
    """score_frame on the batch, with probabilities as score() gives them (per distinct total)."""
    frame = {}
    for position, table in enumerate(ctx.tables):
        column = index[:, position]
        if ITEMS[table.code].kind == "numeric":
            frame[table.code] = np.asarray(table.values, dtype=np.float64)[column]
        else:
            categories = table.values[:-1]  # None, last, is the missing code -1
            frame[table.code] = pd.Categorical.from_codes(np.where(column == len(categories), -1, column), categories)
    scored = score_frame(pd.DataFrame(frame), ctx.card)
    totals = scored["total"].to_numpy()
    if not np.array_equal(sum(t.points[index[:, p]] for p, t in enumerate(ctx.tables)), totals):
        raise AssertionError("score_frame and score()'s per-answer contributions disagree")
    probability = np.full(len(totals), np.nan)
    for total in np.unique(totals):
        probability[totals == total] = ctx.card.probability_for_total(int(total))
    probability[scored["band"].isna().to_numpy()] = np.nan
    if not np.allclose(scored["probability"].fillna(-1), np.nan_to_num(probability, nan=-1), rtol=1e-12, atol=0):
        raise AssertionError("score_frame and score() probabilities disagree")
    scored["probability"] = probability
    return scored


def _generate(ctx: _Context, situation: np.ndarray, refs: list[str]) -> _Batch:
    started = time.perf_counter()
    rng, now = ctx.rng, ctx.now
    today = np.datetime64(ctx.today, "D")
    n = len(situation)
    team = ctx.places.team[situation]
    person_id = ctx.ids["person"].take(n)

    # Where and when they were seen, and where they live.
    pick = ctx.places.event_start[situation] + (rng.random(n) * ctx.places.event_count[situation]).astype(np.int64)
    has_event = rng.random(n) >= 0.04
    event_id = np.where(has_event, ctx.places.event_id[pick], 0)
    seen = np.where(has_event, ctx.places.event_held[pick], ctx.places.notified[situation] + _days(3))
    seen = np.minimum(seen + _days(rng.integers(0, 4, n)), today)
    created_at = seen.astype("datetime64[us]") + _seconds(rng.uniform(8.5 * 3600, 17.5 * 3600, n))
    created_at = np.minimum(created_at, now - _seconds(rng.uniform(3600, 7200, n)))
    areas = ctx.areas
    area_weight = np.array([a.working_age_population or 1 for a in areas], dtype=np.float64)
    regions = np.array([a.region for a in areas], dtype=object)
    home = ctx.places.area[situation].copy()
    moved = rng.random(n) < 0.4  # live elsewhere in the region, by working-age population
    for region in np.unique(regions):
        in_region = regions == region
        mask = moved & in_region[home]
        if mask.any():
            home[mask] = _weighted(rng, np.where(in_region, area_weight, 0.0), mask.sum())

    # Staff: a named adviser (a few unassigned), who also registered them.
    adviser = np.zeros(n, dtype=np.int64)
    lead = np.zeros(n, dtype=np.int64)
    for t, spec in enumerate(ctx.teams):
        mask = team == t
        adviser[mask] = np.asarray(spec.advisers)[rng.integers(0, len(spec.advisers), mask.sum())]
        lead[mask] = spec.lead
    assigned = rng.random(n) >= 0.03

    age = np.clip(rng.normal(43, 12, n), 18, 66).astype(np.int64)  # redundancy falls more on older workers
    dob = seen - _days(age * 365 + rng.integers(0, 365, n))
    sex = np.array(["male", "female", "", "other", "prefer_not_to_say"], dtype=object)[
        _weighted(rng, [47, 47, 4, 1, 1], n)
    ]
    given = np.asarray(GIVEN, dtype=object)[rng.integers(0, len(GIVEN), n)]
    family = np.asarray(FAMILY, dtype=object)[np.minimum((rng.pareto(1.2, n) * 6).astype(np.int64), len(FAMILY) - 1)]

    # Assessments: about nine in ten at or soon after the event; a few reassessed months later.
    assessed = rng.random(n) < 0.88
    first_at = created_at + _seconds(rng.uniform(300, 10 * 86400, n) * (rng.random(n) < 0.6))
    first_at = np.minimum(first_at, now - _seconds(rng.uniform(60, 3600, n)))
    room = _whole_days(now - first_at)
    again = assessed & (room > 45) & (rng.random(n) < 0.08)
    second_at = first_at + _days(np.where(again, rng.integers(30, np.maximum(31, room - 1)), 0))
    second_at = np.minimum(second_at + _seconds(rng.uniform(0, 3600, n)), now - _seconds(rng.uniform(1, 60, n)))
    who = np.concatenate([np.flatnonzero(assessed), np.flatnonzero(again)])  # person row of each assessment
    is_second = np.repeat([False, True], [assessed.sum(), again.sum()])
    m = len(who)
    assessment_id = ctx.ids["assessment"].take(m)
    a_at = np.where(is_second, second_at[who], first_at[who])
    a_age = _age_on(dob[who], a_at.astype("datetime64[D]"))
    bands = ctx.tables[ITEM_CODES.index("q3_age_band")].values
    age_band = np.array([bands.index(c) for c in ("under_25", "25_34", "35_44", "45_54", "55_plus")])[
        np.searchsorted(np.array([25, 35, 45, 55]), a_age, side="right")
    ]
    index = _answers(ctx, m, age_band, home[who])
    scored = _score(ctx, index)
    model_band = scored["band"].astype(object).where(scored["band"].notna(), None).to_numpy()
    answers_json, contributions_json, explanation_json = _frozen_json(ctx.tables, index)
    unanswered = np.column_stack([t.unanswered[index[:, p]] for p, t in enumerate(ctx.tables)]).astype(np.int64)
    missing_items = _json_per_pattern(
        (unanswered << np.arange(unanswered.shape[1])).sum(axis=1),
        lambda k: _dumps([code for i, code in enumerate(ITEM_CODES) if k >> i & 1]),
    )
    needs = np.zeros(m, dtype=np.int64)
    for bit, need in enumerate(COMPLEX_NEEDS):
        present = np.zeros(m, dtype=bool)
        for item_code, codes in need.answers:
            p = ITEM_CODES.index(item_code)
            present |= np.array([v in codes for v in ctx.tables[p].values])[index[:, p]]
        needs |= present.astype(np.int64) << bit
    complex_needs = _json_per_pattern(
        needs,
        lambda k: _dumps(
            [need.description for i, need in enumerate(COMPLEX_NEEDS) if k >> i & 1]
            if k.bit_count() >= COMPLEX_NEEDS_THRESHOLD
            else []
        ),
    )
    q5 = ITEM_CODES.index("q5_dependants")
    dependants = np.where(
        np.asarray(ctx.tables[q5].values, dtype=object)[index[:, q5]] == "yes", rng.integers(1, 5, m), 0
    )

    # Overrides: the adviser changes some bands, more often where the checklist gave none.
    incomplete = scored["band"].isna().to_numpy()
    overridden = rng.random(m) < np.where(incomplete, 0.25, 0.09)
    rank = np.array([BAND_RANK[b] for b in model_band])
    to_rank = np.clip(rank + np.where(rng.random(m) < 0.65, 1, -1), 1, 3)
    to_rank = np.where(to_rank == rank, np.where(rank == 3, 2, rank + 1), to_rank)
    to_rank = np.where(incomplete, _weighted(rng, [15, 50, 35], m) + 1, to_rank)
    effective = np.where(overridden, np.asarray(BANDS, dtype=object)[to_rank - 1], model_band)

    # The person's summary comes from their latest assessment.
    latest = np.full(n, -1, dtype=np.int64)
    latest[who] = np.arange(m)  # second assessments come after first ones, so they win
    has_latest = latest >= 0
    li = np.where(has_latest, latest, 0)
    p_band = np.where(has_latest, effective[li], None)
    p_model = np.where(has_latest, model_band[li], None)
    p_rank = np.array([BAND_RANK[b] for b in p_band])
    assessed_day = np.where(has_latest, a_at[li].astype("datetime64[D]"), today)
    since = _whole_days(today - assessed_day)
    found = has_latest & (since > 21) & (rng.random(n) < np.array([0.3, 0.45, 0.3, 0.15])[p_rank])
    found_on = assessed_day + _days(np.where(found, rng.integers(14, np.maximum(15, since + 1)), 0))

    # Interventions, more for higher bands, each with its statuses so far.
    count = np.where(has_latest, _rows_by_probability(rng, INTERVENTIONS_PER_BAND[p_rank]), 0)
    owner = np.repeat(np.arange(n), count)
    k = len(owner)
    intervention_id = ctx.ids["intervention"].take(k)
    agreed = np.minimum(assessed_day[owner] + _days(rng.integers(0, 21, k)), today)
    age_days = _whole_days(today - agreed)
    final = _rows_by_probability(rng, STATUS_BY_AGE[np.digitize(age_days, [7, 60])])
    step1 = agreed + _days((rng.random(k) * np.minimum(age_days, 30)).astype(np.int64))
    step2 = np.minimum(step1 + _days(rng.integers(7, 90, k)), today)
    steps = STEPS[final]
    status_date = np.select([steps == 1, steps == 2], [agreed, step1], step2)
    first_status = np.where((final == 0) | (final == 4), "offered", "referred")
    status = STATUSES[final]
    type_pick = rng.integers(0, len(ctx.types), k)
    partner_pick = rng.random(k)
    type_id = [ctx.types[t][0] for t in type_pick.tolist()]
    partner_id = [
        ctx.types[t][1][int(u * len(ctx.types[t][1]))]
        for t, u in zip(type_pick.tolist(), partner_pick.tolist(), strict=True)
    ]
    i_created = agreed.astype("datetime64[us]") + _seconds(rng.uniform(9 * 3600, 17 * 3600, k))
    i_created = np.minimum(i_created, now - _seconds(rng.uniform(1, 60, k)))
    i_updated = status_date.astype("datetime64[us]") + _seconds(rng.uniform(9 * 3600, 17 * 3600, k))
    i_updated = np.maximum(np.minimum(i_updated, now), i_created)
    # caseload_summary_refresh: the latest status is the intervention with the greatest (updated_at, pk).
    latest_status = np.full(n, "", dtype=object)
    support_started = np.zeros(n, dtype=bool)
    if k:
        order = np.lexsort((intervention_id, i_updated, owner))
        last = order[np.r_[owner[order][1:] != owner[order][:-1], True]]
        latest_status[owner[last]] = status[last]
        np.logical_or.at(support_started, owner, np.isin(status, list(STARTED_STATUSES)))
    step_of = np.repeat(np.arange(k), steps)
    step_no = np.arange(len(step_of)) - np.repeat(np.cumsum(steps) - steps, steps)
    step_status = np.where(
        step_no == 0,
        first_status[step_of],
        np.where(step_no == 1, np.where(final[step_of] == 4, "declined", "started"), "completed"),
    )
    step_date = np.select([step_no == 0, step_no == 1], [agreed[step_of], step1[step_of]], step2[step_of])
    step_at = step_date.astype("datetime64[us]") + _seconds(rng.uniform(9 * 3600, 17 * 3600, len(step_of)))
    step_at = np.minimum(np.maximum(step_at, i_created[step_of]), now)
    update_id = ctx.ids["update"].take(len(step_of))

    # Override rows, and the team lead's reviews of the older ones.
    o_row = np.flatnonzero(overridden)
    o_id = ctx.ids["override"].take(len(o_row))
    o_at = np.minimum(a_at[o_row] + _seconds(rng.uniform(60, 2 * 86400, len(o_row))), now - _seconds(1))
    reasons = list(OVERRIDE_REASONS)
    o_reason = np.asarray(reasons, dtype=object)[_weighted(rng, [w for w, _ in OVERRIDE_REASONS.values()], len(o_row))]
    draw = rng.random(len(o_row))
    o_status = np.where(
        _whole_days(now - o_at) < 7,
        "pending",
        np.select([draw < 0.6, draw < 0.7, draw < 0.75], ["agreed", "queried", "answered"], "pending"),
    )
    kinds = {"pending": [], "agreed": ["agreed"], "queried": ["queried"], "answered": ["queried", "answered"]}
    reviews = [(j, kind, nth) for j, s in enumerate(o_status.tolist()) for nth, kind in enumerate(kinds[s])]
    review_id = ctx.ids["review"].take(len(reviews))
    review_at = np.array([o_at[j] for j, _, _ in reviews], dtype="datetime64[us]") + _seconds(
        [86400 * (1 + nth) for _, _, nth in reviews]
    )

    # Rows, in the columns' order.
    pg = ctx.postgres
    created_text = _datetimes(created_at, pg)
    a_text = _datetimes(a_at, pg)
    a_text_array = np.asarray(a_text, dtype=object)
    null_if = lambda values, keep: [v if ok else None for v, ok in zip(values, keep, strict=True)]  # noqa: E731
    area_pk = np.array([a.pk for a in areas])
    team_pk = np.array([s.team_id for s in ctx.teams])
    n_blank = [""] * n
    person_rows = list(
        zip(
            person_id.tolist(), refs, team_pk[team].tolist(), ctx.places.situation_id[situation].tolist(),
            null_if(event_id.tolist(), has_event.tolist()), given.tolist(), family.tolist(), _dates(dob),
            area_pk[home].tolist(), n_blank, n_blank, n_blank, n_blank, sex.tolist(), [True] * n,
            [settings.PRIVACY_NOTICE_VERSION] * n, created_text, adviser.tolist(), created_text,
            null_if(adviser.tolist(), assigned.tolist()), null_if(_dates(found_on), found.tolist()),
            null_if(assessment_id[li].tolist(), has_latest.tolist()), p_band.tolist(), p_model.tolist(),
            p_rank.tolist(), (has_latest & (p_band != p_model)).tolist(),
            (has_latest & np.array([b is None for b in p_model])).tolist(), null_if(a_text_array[li].tolist(), has_latest.tolist()),
            count.tolist(), latest_status.tolist(), support_started.tolist(),
            strict=True,
        )
    )  # fmt: skip
    card = ctx.card
    a_event = np.where(is_second, 0, event_id[who])
    rates = np.array([str(a.unemployment_rate_pct) for a in areas], dtype=object)
    m_const = lambda value: [value] * m  # noqa: E731
    assessment_rows = list(
        zip(
            assessment_id.tolist(), person_id[who].tolist(), team_pk[team[who]].tolist(), null_if(a_event.tolist(), (a_event > 0).tolist()),
            answers_json, null_if(dependants.tolist(), (dependants > 0).tolist()), area_pk[home[who]].tolist(),
            rates[home[who]].tolist(), a_age.tolist(), m_const(CHECKLIST_VERSION), m_const(card.name),
            m_const(card.version), m_const(probability_basis(card)), contributions_json, explanation_json,
            scored["total"].tolist(), [None if p != p else p for p in scored["probability"].tolist()],
            model_band.tolist(), scored["missing"].tolist(), missing_items, complex_needs, effective.tolist(),
            _uuid_hex(rng, m), adviser[who].tolist(), a_text,
            strict=True,
        )
    )  # fmt: skip
    o_text = _datetimes(o_at, pg)
    override_rows = [
        (int(o_id[j]), int(assessment_id[row]), int(team_pk[team[who[row]]]), model_band[row], effective[row], o_reason[j],
         OVERRIDE_REASONS[o_reason[j]][1], int(adviser[who[row]]), o_text[j], o_status[j])
        for j, row in enumerate(o_row.tolist())
    ]  # fmt: skip
    r_text = _datetimes(np.minimum(review_at, now), pg)
    review_rows = [
        (int(review_id[x]), int(o_id[j]), kind, REVIEW_COMMENTS[kind],
         int(adviser[who[o_row[j]]] if kind == "answered" else lead[who[o_row[j]]]), r_text[x])
        for x, (j, kind, _) in enumerate(reviews)
    ]  # fmt: skip
    creator = adviser[owner]
    intervention_rows = list(
        zip(
            intervention_id.tolist(), person_id[owner].tolist(), team_pk[team[owner]].tolist(), type_id, partner_id, status.tolist(),
            _dates(status_date), _dates(agreed), [""] * k, creator.tolist(), _datetimes(i_created, pg),
            _datetimes(i_updated, pg),
            strict=True,
        )
    )  # fmt: skip
    update_rows = list(
        zip(
            update_id.tolist(), intervention_id[step_of].tolist(), step_status.tolist(), _dates(step_date),
            [""] * len(step_of), creator[step_of].tolist(), _datetimes(step_at, pg),
            strict=True,
        )
    )  # fmt: skip
    writes = [
        (Person, PERSON_COLUMNS, person_rows),
        (Assessment, ASSESSMENT_COLUMNS, assessment_rows),
        (Override, OVERRIDE_COLUMNS, override_rows),
        (OverrideReview, REVIEW_COLUMNS, review_rows),
        (Intervention, INTERVENTION_COLUMNS, intervention_rows),
        (InterventionUpdate, UPDATE_COLUMNS, update_rows),
    ]
    return _Batch(writes, n, time.perf_counter() - started)


def _batches(ctx: _Context, situation: np.ndarray, refs: list[str], size: int, parallel: bool):
    """The batches in order; with `parallel`, generated by a forked process one or two ahead of the writer.

    A process, not a thread: generating and binding rows are both Python work that holds the GIL, so
    a thread would take turns with the writer instead of using the second core. The child only
    computes (it inherits ctx, including the random generator, and never touches the database).
    """
    bounds = [(begin, min(len(refs), begin + size)) for begin in range(0, len(refs), size)]
    if not parallel or len(bounds) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for begin, end in bounds:
            yield _generate(ctx, situation[begin:end], refs[begin:end])
        return
    fork = multiprocessing.get_context("fork")
    channel = fork.Queue(maxsize=2)
    child = fork.Process(target=_produce, args=(ctx, situation, refs, bounds, channel), daemon=True)
    child.start()
    try:
        for _ in bounds:
            batch = channel.get()
            if isinstance(batch, str):
                raise RuntimeError(f"generating a batch failed:\n{batch}")
            yield batch
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        channel.close()


def _produce(ctx, situation, refs, bounds, channel) -> None:  # in the forked child
    try:
        for begin, end in bounds:
            channel.put(_generate(ctx, situation[begin:end], refs[begin:end]))
    except BaseException:
        channel.put(traceback.format_exc())
    channel.close()
    channel.join_thread()


# ---------------------------------------------------------------------------------------------


class _Progress:
    """A one-line progress bar on stderr: people written, rate, time left."""

    def __init__(self, total: int, stream=None):
        self.total, self.done = total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.perf_counter()
        self.show(" writing")

    def advance(self, n: int) -> None:
        self.done += n
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed else 0.0
        left = (self.total - self.done) / rate if rate else 0.0
        self.show(f" {elapsed:4.0f} s, {rate:,.0f}/s, about {left:,.0f} s to go")

    def show(self, note: str) -> None:
        filled = int(30 * self.done / self.total) if self.total else 30
        bar = "#" * filled + "." * (30 - filled)
        line = f"[{bar}] {self.done:,}/{self.total:,} people{note}"
        self.stream.write(f"\r{line:<100}")
        self.stream.flush()

    def finish(self, note: str = "") -> None:
        self.stream.write(f"\n{note}" if note else "\n")
        self.stream.flush()


def seed_volume(
    *,
    people: int,
    teams: int | None = None,
    seed: int | None = None,
    today: date | None = None,
    batch_size: int = 50_000,
    progress: bool = True,
    rebuild_indexes: bool | None = None,
    parallel: bool = True,
) -> VolumeResult:
    """Add `people` synthetic people, with assessments, overrides and interventions, to the database.

    `rebuild_indexes` None decides by size: runs of REBUILD_FROM people or more that at least
    double the people drop the person table's secondary indexes and build them again at the end.
    `parallel` generates batches in a forked process while this one writes (where fork exists).
    """
    start = time.perf_counter()
    today = today or timezone.localdate()
    rng = np.random.default_rng(seed)
    specs = _teams(teams, today)
    result = VolumeResult(teams=[s.name for s in specs])
    if people <= 0:
        return result
    areas = list(CouncilArea.objects.order_by("pk"))
    card = live_scorecard()
    every_partner = list(Partner.objects.order_by("pk").values_list("pk", flat=True))
    types = [
        (t.pk, [p.pk for p in t.partners.all()] or every_partner)
        for t in InterventionType.objects.prefetch_related("partners").order_by("pk")
    ]
    existing_refs = list(Person.objects.values_list("ref", flat=True))
    if rebuild_indexes is None:
        rebuild_indexes = people >= REBUILD_FROM and people >= len(existing_refs)

    # Situations of uneven sizes (about 150 people each), over teams of uneven sizes.
    n_situations = max(len(specs) * 2, people // 150)
    team_of = _weighted(rng, rng.uniform(0.6, 1.4, len(specs)), n_situations)
    team_of[: len(specs)] = np.arange(len(specs))  # every team has at least one
    person_situation = _weighted(rng, rng.lognormal(0.0, 0.9, n_situations), people)
    refs = _new_refs(rng, people, _decode_refs(existing_refs))
    del existing_refs
    now = np.datetime64(timezone.now().astimezone(UTC).replace(tzinfo=None), "us")

    bar = _Progress(people) if progress else None
    with _LoadSettings(), transaction.atomic():
        # Dropped inside the run's transaction: other connections keep seeing them until the commit,
        # and an interrupted run rolls back to what it found.
        quote = connection.ops.quote_name
        dropped = _secondary_indexes() if rebuild_indexes else []
        foreign_keys = _foreign_keys() if rebuild_indexes else []
        if foreign_keys:
            # No constraint can be dropped while checks queued earlier in the transaction are pending.
            _execute(["SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED"])
        _execute([f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}" for table, name, _ in foreign_keys])
        _execute([f"DROP INDEX {quote(name)}" for name, _ in dropped])

        places = _places(rng, specs, areas, np.bincount(person_situation, minlength=n_situations), team_of, today)
        ids = {name: _Ids(model) for name, model in zip(ID_NAMES, LOADED, strict=True)}
        tables = _item_tables(card, [float(a.unemployment_rate_pct) for a in areas])
        ctx = _Context(
            rng, card, tables, specs, areas, places, types, today, now, connection.vendor == "postgresql", ids
        )
        for batch in _batches(ctx, person_situation, refs, batch_size, parallel):
            result.timings["generate"] = result.timings.get("generate", 0.0) + batch.seconds
            for model, columns, rows in batch.writes:
                started = time.perf_counter()
                _insert(model, columns, rows)
                result.timed(model._meta.model_name, started)
                setattr(result, _COUNTERS[model], getattr(result, _COUNTERS[model]) + len(rows))
            if bar:
                bar.advance(batch.people)
        if bar:
            bar.show(f", checking, rebuilding {len(dropped)} indexes" if dropped else ", checking")
        started = time.perf_counter()
        _check_foreign_keys()  # first: PostgreSQL builds no index on a table with checks pending
        result.timed("check", started)
        started = time.perf_counter()
        _execute([sql for _, sql in dropped])
        result.timed("rebuild indexes", started)
        started = time.perf_counter()
        _execute([f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {sql}" for table, name, sql in foreign_keys])
        result.timed("check", started)
        started = time.perf_counter()
        _after_load()
        result.timed("sequences", started)
        started = time.perf_counter()
    result.timed("commit", started)
    # Statistics for the planner: on PostgreSQL autovacuum would get there in time, and (outside a
    # caller's transaction) VACUUM writes the visibility map that index-only scans need; SQLite keeps
    # none unless asked. A benchmark should not wait, nor measure plans made without them.
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    else:
        command = "ANALYZE"
    _execute([f"{command} {connection.ops.quote_name(m._meta.db_table)}" for m in LOADED])
    result.timed("vacuum, analyze", started)
    if bar:
        bar.finish()
    result.situations = n_situations
    result.events = int(places.event_count.sum())
    result.rebuilt_indexes = len(dropped)
    result.seconds = time.perf_counter() - start
    return result


_COUNTERS = {
    Person: "people",
    Assessment: "assessments",
    Override: "overrides",
    OverrideReview: "reviews",
    Intervention: "interventions",
    InterventionUpdate: "updates",
}

__all__ = ["VolumeResult", "seed_volume"]
