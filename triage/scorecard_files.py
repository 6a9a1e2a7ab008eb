"""Scorecard files under settings.SCORECARD_DIR, and which one is live.

The request path only parses TOML; it never unpickles anything. Parsed cards are cached per file
modification time, so a replaced file takes effect without a restart. The live scorecard is the
newest ScorecardActivation, or settings.LIVE_SCORECARD before anyone has activated one.
"""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from triage.prepared import PreparedRead
from triage.scoring import Scorecard, ScorecardError, load_scorecard

LABEL_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*-[0-9][a-z0-9_.]*$")


def scorecard_folder(label: str) -> Path:
    """The folder of a scorecard; refuses labels that are not NAME-VERSION (so no path escapes)."""
    if not LABEL_PATTERN.match(label):
        raise ScorecardError(f"‘{label}’ is not a scorecard name: use NAME-VERSION, for example logistic-1.0")
    return Path(settings.SCORECARD_DIR) / label


def available_scorecards() -> list[str]:
    root = Path(settings.SCORECARD_DIR)
    return sorted(p.name for p in root.iterdir() if (p / "scorecard.toml").is_file() and LABEL_PATTERN.match(p.name))


def scorecard_by_label(label: str) -> Scorecard:
    path = scorecard_folder(label) / "scorecard.toml"
    if not path.is_file():
        raise ScorecardError(f"There is no scorecard {label}: {path} does not exist")
    return _load(str(path), path.stat().st_mtime_ns)


def _latest_activation():
    from triage.models import ScorecardActivation

    return ScorecardActivation.objects.order_by("-activated_at", "-pk").values_list("label")[:1]


_LATEST_ACTIVATION = PreparedRead(_latest_activation)


def live_label() -> str:
    """The label of the scorecard activated last, read on every checklist (compiled once:
    triage/prepared.py), or the setting's if none ever was."""
    row = _LATEST_ACTIVATION.first_row()
    return row[0] if row else settings.LIVE_SCORECARD


def live_scorecard() -> Scorecard:
    return scorecard_by_label(live_label())


def model_card_path(label: str) -> Path | None:
    """A trained scorecard's model card, or the rules scorecard's note on how it was built."""
    folder = scorecard_folder(label)
    for name in ("model_card.md", "README.md"):
        if (folder / name).is_file():
            return folder / name
    return None


@lru_cache(maxsize=16)
def _load(path: str, mtime_ns: int) -> Scorecard:
    return load_scorecard(path)
