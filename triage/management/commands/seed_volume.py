from django.core.management.base import BaseCommand, CommandError

from triage.devtools.volume import seed_volume


class Command(BaseCommand):
    help = (
        "Add a realistic synthetic volume of fictional people (assessments scored with the live scorecard, "
        "overrides, interventions, follow-ups, work starts and LTU labels) with bulk inserts, for scale testing. Each run adds more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="How many people to add")
        parser.add_argument(
            "--teams", type=int, default=None, help="Spread over this many teams (extra synthetic teams are created)"
        )
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for a repeatable volume")
        parser.add_argument("--batch-size", type=int, default=50_000, help="People per transaction")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr")

    def handle(self, *args, people, teams, seed, batch_size, no_progress, **options):
        if people < 1:
            raise CommandError("--people must be at least 1")
        if teams is not None and teams < 1:
            raise CommandError("--teams must be at least 1")
        result = seed_volume(
            people=people, teams=teams, seed=seed, batch_size=max(1, batch_size), progress=not no_progress
        )
        self.stdout.write(self.style.SUCCESS(result.summary()))
        if options["verbosity"] > 1:
            for key, seconds in sorted(result.timings.items(), key=lambda kv: -kv[1]):
                self.stdout.write(f"  {key:<20} {seconds:7.1f} s")
