"""Trigram indexes for the caseload's search by part of a name, on PostgreSQL only.

The search is Django's `icontains`: `UPPER(name::text) LIKE UPPER('%…%')`. No B-tree serves a
pattern that starts with a wildcard; pg_trgm's GIN index does. SQLite has no such index: there the
search reads the team's (team, family_name, given_name) index instead.
"""

from django.db import migrations

TRIGRAM_INDEXES = {
    "person_given_name_trgm": "given_name",
    "person_family_name_trgm": "family_name",
}


class PostgreSQLOnly(migrations.RunSQL):
    """SQL that runs on PostgreSQL and is skipped on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0010_caseload_sort_and_queue_indexes"),
    ]

    operations = [
        PostgreSQLOnly(
            sql=[
                # A trusted extension: a database's owner may create it without superuser rights.
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                *(
                    f'CREATE INDEX "{name}" ON "triage_person" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
                    for name, column in TRIGRAM_INDEXES.items()
                ),
            ],
            reverse_sql=[f'DROP INDEX IF EXISTS "{name}"' for name in TRIGRAM_INDEXES],
        ),
    ]
