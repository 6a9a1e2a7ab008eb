"""Helpers for the tests that read PostgreSQL's query plans: many copies of one person, statistics
as a running database would have them, and the plan of a queryset."""

from django.db import connection
from django.forms.models import model_to_dict

from triage.lib.text import name_key
from triage.models import Person

_FOREIGN_KEYS = {"team", "situation", "council_area", "created_by", "adviser", "event"}


def copies_of(person, count: int, row=lambda i: {}) -> None:
    """`count` people like `person`, each with reference P-T<i> and the fields `row(i)` returns;
    names given there also get their search keys. Then the table's statistics are brought up to
    date, as autovacuum would, so the planner prices the indexes as it would in service."""
    fields = model_to_dict(person, exclude=["id", "ref", "latest_assessment"])
    fields = {f"{k}_id" if k in _FOREIGN_KEYS else k: v for k, v in fields.items()}

    def one(i):
        values = {**fields, "ref": f"P-T{i:05d}", **row(i)}
        if "given_name" in values:
            values["given_name_key"] = name_key(values["given_name"])
            values["family_name_key"] = name_key(values["family_name"])
        return Person(**values)

    Person.objects.bulk_create(one(i) for i in range(count))
    with connection.cursor() as cursor:
        # Rows inserted in bulk wait in each GIN index's pending list until a vacuum moves them,
        # and the planner prices a long list dearly: move them now.
        cursor.execute(
            "SELECT gin_clean_pending_list(indexrelid) FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid"
            " WHERE indrelid = 'triage_person'::regclass AND relam = (SELECT oid FROM pg_am WHERE amname = 'gin')"
        )
        cursor.execute("ANALYZE triage_person")


def plan(queryset, *, seqscan: bool = True) -> str:
    """EXPLAIN of the queryset's SQL; `seqscan=False` when a whole read is still cheapest at test size."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def numbered_names(i: int) -> dict[str, str]:
    return {"given_name": f"Given{i:05d}", "family_name": f"Family{i:05d}"}
