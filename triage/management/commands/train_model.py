from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from triage.modelling.dictionary import DataError
from triage.modelling.train import DEFAULT_SEED, TrainingError, train_model


class Command(BaseCommand):
    help = (
        "Fit a logistic scorecard on outcome data (--data) or on the SYNTHETIC cohort (--synthetic), evaluate it "
        "on a held-out split and write models/NAME-VERSION/. Nothing is written unless every step succeeds."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the scorecard's version here, replacing Django's "show Django's version".
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--data", metavar="FILE.csv", help="outcome data in the columns of the data dictionary")
        source.add_argument("--synthetic", metavar="N", type=int, help="train on N rows of the SYNTHETIC cohort")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument("--name", default="logistic", help="scorecard name (default logistic)")
        parser.add_argument("--version", required=True, help="scorecard version, e.g. 1.0")
        parser.add_argument(
            "--compare-with",
            default="rules-1.0",
            help="scorecard under models/ evaluated side by side on the same held-out rows, or 'none'",
        )
        parser.add_argument("--force", action="store_true", help="replace models/NAME-VERSION/ if it exists")

    def handle(self, *args, data, synthetic, seed, name, version, compare_with, force, **options):
        try:
            result = train_model(
                scorecard_dir=Path(settings.SCORECARD_DIR),
                name=name,
                version=version,
                seed=seed,
                data=data,
                synthetic=synthetic,
                compare_with=None if compare_with == "none" else compare_with,
                force=force,
                write=self.stdout.write,
            )
        except (DataError, TrainingError) as error:
            raise CommandError(f"Scorecard not trained: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Wrote {result.folder} in {result.seconds:.1f} s"))
