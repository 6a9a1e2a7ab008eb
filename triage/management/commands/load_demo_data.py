from django.core.management.base import BaseCommand
from django.utils import timezone

from triage.devtools.demo import load_demo_data


class Command(BaseCommand):
    help = "Load fictional demo teams, users, redundancies and people (idempotent) and print the logins."

    def handle(self, *args, **options):
        users, password = load_demo_data(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these (password for all):"))
        for username, first, last, role, _team in users:
            self.stdout.write(f"  {username:<14} {role.label:<12} {first} {last}")
        self.stdout.write(f"  password: {password}")
