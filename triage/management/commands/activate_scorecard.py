import getpass

from django.core.management.base import BaseCommand, CommandError

from triage import services
from triage.models import User
from triage.scoring import ScorecardError


class Command(BaseCommand):
    help = "Make a scorecard under models/ (NAME-VERSION) live for new assessments, recording who and when."

    def add_arguments(self, parser):
        parser.add_argument("label", help="the scorecard's folder under models/, for example logistic-1.0")
        parser.add_argument("--user", help="username of the person making it live (recorded)")
        parser.add_argument("--note", default="", help="why it is going live")

    def handle(self, *args, label, user, note, **options):
        acting_user = None
        if not user:
            note = f"{note} (command line, system user {getpass.getuser()})".strip()
        else:
            acting_user = User.objects.filter(username=user).first()
            if acting_user is None:
                raise CommandError(f"There is no user called {user}")
        try:
            activation = services.scorecard_activate(label=label, acting_user=acting_user, note=note)
        except ScorecardError as error:
            raise CommandError(f"Scorecard not activated: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{activation.label} is live for new assessments"))
