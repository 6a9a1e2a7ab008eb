"""The partner role's group (triage.access.Role.PARTNER); reference_loader makes it on a fresh database too."""

from django.db import migrations


def add_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="partner")


class Migration(migrations.Migration):
    dependencies = [("triage", "0033_partner_organisations_and_identifiers"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(add_group, migrations.RunPython.noop)]
