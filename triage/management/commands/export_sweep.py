from django.core.management.base import BaseCommand

from triage.services.exports import export_jobs_sweep


class Command(BaseCommand):
    help = (
        "Mark export jobs whose worker died failed (no progress for EXPORT_STALL_MINUTES) and delete export "
        "files older than EXPORT_RETENTION_HOURS. `manage.py run_worker` runs this every minute."
    )

    def handle(self, *args, **options):
        result = export_jobs_sweep()
        self.stdout.write(f"{result.failed} stalled jobs failed, {result.expired} files deleted")
