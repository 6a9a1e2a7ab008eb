"""The evaluator's statistics pages' figures: computed in the background, stored for every worker.

`evaluation_figures_refresh` computes each figure set (selectors.evaluation.FIGURE_SETS) whose
stored figures are not at the current version and replaces its EvaluationSnapshot row. It runs
as the task `triage.tasks.refresh_evaluation_figures`, which `evaluation_refresh_request`
enqueues unless one is already waiting to run: after a write that moves the data version (its
audit row asks, through `evaluation_refresh_soon`, once the write commits), and from the worker's
sweep (`evaluation_figures_sweep`, every minute: anything loaded in bulk, a new quarter, a new
figures format). Pages show the stored figures, stale or not, and compute inline only a figure
set that was never stored (decision 0023).
"""

import logging
import time
from datetime import date
from typing import Any

from django.utils import timezone

import triage.selectors.evaluation as evaluation
from triage.lib import figures_json
from triage.models import EvaluationSnapshot
from triage.services.evaluation_requests import evaluation_refresh_request

logger = logging.getLogger(__name__)


def evaluation_figures_refresh(
    *, names: list[str] | None = None, force: bool = False, today: date | None = None
) -> dict[str, evaluation.Computed]:
    """Compute and store every figure set in `names` (all by default) not stored at the current
    version (every one with `force`); returns those it stored.

    The version is read before the data, so a change made while the figures are computed leaves
    them stale, and the next refresh takes it in. Each set is stored in its own short write: a
    refresh never holds the database's write lock while it computes.
    """
    today = today or timezone.localdate()
    version = evaluation.snapshot_version(today)
    wanted = list(evaluation.FIGURE_SETS) if names is None else names
    if not force:
        current = set(evaluation.FIGURE_SETS) - set(evaluation.stale_figure_sets(version=version))
        wanted = [name for name in wanted if name not in current]
    inputs = evaluation.Inputs(today)
    stored = {}
    for name in wanted:
        started = time.perf_counter()
        figures = evaluation.FIGURE_SETS[name](inputs)
        payload = figures_json.dumps(figures)
        seconds = time.perf_counter() - started
        computed_at = timezone.now()
        snapshot = _store(name, data_version=version, computed_at=computed_at, seconds=seconds, payload=payload)
        key = evaluation.snapshot_key(name, snapshot, computed_at)
        stored[name] = evaluation.Computed(figures=figures, computed_at=computed_at, stale=False, key=key)
        logger.info("evaluation figures %s computed in %.1f s (%s characters)", name, seconds, len(payload))
    return stored


def _store(name: str, **fields: Any) -> int:
    """Replace the figure set's row, or create it (a refresh racing another takes its row); the row's id."""
    snapshot, _ = EvaluationSnapshot.objects.update_or_create(name=name, defaults=fields)
    return snapshot.pk


def evaluation_figures_sweep() -> bool:
    """Ask for a refresh when any figure set is missing or stale (the worker's sweep, every minute)."""
    version = evaluation.snapshot_version(timezone.localdate())
    if not evaluation.stale_figure_sets(version=version):
        return False
    return evaluation_refresh_request()
