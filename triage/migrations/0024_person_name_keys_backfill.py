"""Fill the name keys of people registered before they existed, in batches read in id order.

Each batch is one `executemany` of single-row updates by primary key: linear in the number of
people, where `bulk_update`'s CASE over a batch grows with the batch's square.
"""

from django.db import migrations

from triage.lib.text import name_key

BATCH = 5000
KEY_LENGTH = 100  # the key columns' length when this migration was written


def backfill(apps, schema_editor):
    Person = apps.get_model("triage", "Person")
    quote = schema_editor.quote_name
    update = (
        f"UPDATE {quote(Person._meta.db_table)} SET {quote('given_name_key')} = %s, "  # noqa: S608
        f"{quote('family_name_key')} = %s WHERE {quote('id')} = %s"
    )
    last = 0
    while True:
        rows = list(
            Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "given_name", "family_name")[:BATCH]
        )
        if not rows:
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                update,
                [(name_key(given)[:KEY_LENGTH], name_key(family)[:KEY_LENGTH], pk) for pk, given, family in rows],
            )
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("triage", "0023_person_name_keys")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
