"""Every person's leaving date from their redundancy's notified date, their first follow-up (3 months
after it), and a follow-up for each work start already recorded, with the label it gives.

One UPDATE per redundancy situation (a team has a few hundred), so a million people take as many
statements as there are situations. The rules are copied here as they stand (triage.lib.outcomes),
so that a later change to the code does not change what this migration did.
"""

import calendar
from datetime import timedelta

from django.db import migrations


def _add_months(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def backfill(apps, schema_editor):
    Person = apps.get_model("triage", "Person")
    RedundancySituation = apps.get_model("triage", "RedundancySituation")
    WorkStart = apps.get_model("triage", "WorkStart")
    FollowUp = apps.get_model("triage", "FollowUp")
    for pk, notified in RedundancySituation.objects.values_list("pk", "notified_date").iterator():
        Person.objects.filter(situation_id=pk, leaving_date__isnull=True).update(
            leaving_date=notified, follow_up_months=3, follow_up_on=_add_months(notified, 3)
        )
    follow_ups = []
    for work in WorkStart.objects.select_related("person").iterator():
        follow_ups.append(
            FollowUp(
                person_id=work.person_id,
                team_id=work.team_id,
                months=None,
                contacted_on=work.created_at.date(),
                status="self_employed" if work.job_type == "self_employed" else "employed",
                started_on=work.started_on,
                source=work.source,
                work_start_id=work.pk,
                created_by_id=work.created_by_id,
            )
        )
    FollowUp.objects.bulk_create(follow_ups, batch_size=1000)
    labels = {}
    for follow_up in FollowUp.objects.select_related("person").order_by("contacted_on"):
        leaving = follow_up.person.leaving_date
        if follow_up.person_id not in labels and follow_up.started_on <= leaving + timedelta(days=365):
            labels[follow_up.person_id] = follow_up.contacted_on
    for person_id, on in labels.items():
        Person.objects.filter(pk=person_id).update(ltu_label=0, ltu_label_on=on)


class Migration(migrations.Migration):
    dependencies = [("triage", "0027_follow_ups_and_ltu_label")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
