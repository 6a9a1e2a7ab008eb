"""Indexes on the name keys (filled by 0018) and on NI numbers, for search and the duplicate check.

- (team, family_name_key, given_name_key, id): find a person lists matches in this order; SQLite
  walks it testing the keys off the index, and both databases read the duplicate check's
  same-name test from it.
- (team, ni_number) where one is recorded: the duplicate check's same-NI-number test.
- PostgreSQL only: pg_trgm indexes on the keys for a search by part of a name (find a person and
  the caseload's search), replacing 0011's indexes on the names' upper case, which no query
  reads any more.
"""

from django.db import migrations, models

KEY_TRIGRAM_INDEXES = {
    "person_given_name_key_trgm": "given_name_key",
    "person_family_name_key_trgm": "family_name_key",
}
NAME_TRIGRAM_INDEXES = {  # from 0011
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
        ("triage", "0024_person_name_keys_backfill"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["team", "family_name_key", "given_name_key", "id"], name="person_team_name_key_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=~models.Q(ni_number=""), fields=["team", "ni_number"], name="person_team_ni_idx"
            ),
        ),
        PostgreSQLOnly(
            sql=[
                # 0011 created the extension; kept here so this migration stands on its own.
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                *(
                    f'CREATE INDEX "{name}" ON "triage_person" USING gin ("{column}" gin_trgm_ops)'
                    for name, column in KEY_TRIGRAM_INDEXES.items()
                ),
                *(f'DROP INDEX IF EXISTS "{name}"' for name in NAME_TRIGRAM_INDEXES),
            ],
            reverse_sql=[
                *(
                    f'CREATE INDEX "{name}" ON "triage_person" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
                    for name, column in NAME_TRIGRAM_INDEXES.items()
                ),
                *(f'DROP INDEX IF EXISTS "{name}"' for name in KEY_TRIGRAM_INDEXES),
            ],
        ),
    ]
