"""Each person's names as search and the duplicate check compare them (no accents, case or apostrophes).

Empty here; 0018 fills them for people already registered, and 0019 indexes them once full.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('triage', '0022_intervention_other_organisation'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='family_name_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='person',
            name='given_name_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=100),
        ),
    ]
