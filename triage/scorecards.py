"""The live scorecard, read from its human-readable file in settings.SCORECARD_DIR.

The request path only parses TOML; it never unpickles anything. The parsed card is cached
per file modification time, so replacing the file takes effect without a restart.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from triage.scoring import Scorecard, load_scorecard


def live_scorecard() -> Scorecard:
    path = Path(settings.SCORECARD_DIR) / settings.LIVE_SCORECARD / "scorecard.toml"
    return _load(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> Scorecard:
    return load_scorecard(path)
