"""Writing the rows: explicit ids; executemany on SQLite, COPY on PostgreSQL.

Also the load's database settings, and the indexes and foreign keys a large load drops and puts
back, checked once at the end rather than row by row.
"""

import contextlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import Max

from triage.models import (
    Assessment,
    Event,
    FollowUp,
    Intervention,
    InterventionUpdate,
    Override,
    OverrideReview,
    Person,
    RedundancySituation,
    WorkStart,
)

LOADED = (Person, Assessment, Override, OverrideReview, Intervention, InterventionUpdate, WorkStart, FollowUp)
ID_NAMES = ("person", "assessment", "override", "review", "intervention", "update", "work_start", "follow_up")


def insert(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple]) -> None:
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


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


class Ids:
    """A table's next explicit ids, taken a batch at a time."""

    def __init__(self, model: type[models.Model]):
        self.next = next_id(model)

    def take(self, n: int) -> np.ndarray:
        ids = np.arange(self.next, self.next + n, dtype=np.int64)
        self.next += n
        return ids


class LoadSettings:
    """PostgreSQL: lz4 for the large JSON values. SQLite: a 2 GB page cache, no fsync, a rollback
    journal (WAL would write everything twice), and foreign keys and CHECK constraints left to one
    check after the load. Restored on exit.

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


@dataclass
class Dropped:
    indexes: list[tuple[str, str]]  # (name, CREATE statement)
    foreign_keys: list[tuple[str, str, str]]  # (table, name, definition)


def drop_for_load(rebuild: bool) -> Dropped:
    """With `rebuild`, drop the person table's secondary indexes and (PostgreSQL) the loaded tables' foreign keys.

    Dropped inside the run's transaction: other connections keep seeing them until the commit, and
    an interrupted run rolls back to what it found.
    """
    dropped = Dropped(_secondary_indexes() if rebuild else [], _foreign_keys() if rebuild else [])
    quote = connection.ops.quote_name
    if dropped.foreign_keys:
        # No constraint can be dropped while checks queued earlier in the transaction are pending.
        execute(["SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED"])
    execute([f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}" for table, name, _ in dropped.foreign_keys])
    execute([f"DROP INDEX {quote(name)}" for name, _ in dropped.indexes])
    return dropped


def finish_load(dropped: Dropped, timed: Callable[[str, float], None]) -> None:
    """Check the foreign keys, put back what drop_for_load dropped and reset the sequences, each timed."""
    quote = connection.ops.quote_name
    started = time.perf_counter()
    _check_foreign_keys()  # first: PostgreSQL builds no index on a table with checks pending
    timed("check", started)
    started = time.perf_counter()
    execute([sql for _, sql in dropped.indexes])
    timed("rebuild indexes", started)
    started = time.perf_counter()
    execute([f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {sql}" for table, name, sql in dropped.foreign_keys])
    timed("check", started)
    started = time.perf_counter()
    _after_load()
    timed("sequences", started)


def analyze() -> None:
    """Statistics for the planner, after the commit.

    On PostgreSQL autovacuum would get there in time, and (outside a caller's transaction) VACUUM
    writes the visibility map that index-only scans need; SQLite keeps none unless asked. A
    benchmark should not wait, nor measure plans made without them.
    """
    if connection.vendor == "postgresql":
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    else:
        command = "ANALYZE"
    execute([f"{command} {connection.ops.quote_name(m._meta.db_table)}" for m in LOADED])


def execute(statements: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


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
    table instead of one queued trigger per row.
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
        execute(connection.ops.sequence_reset_sql(no_style(), [RedundancySituation, Event, *LOADED]))
        execute(["SET CONSTRAINTS ALL DEFERRED"])  # Django's default, for the rest of a caller's transaction
