"""The person's caseload summary columns, as services.caseload.caseload_summary_refresh would fill them."""

import numpy as np

from triage.devtools.volume.assessments import Assessments
from triage.devtools.volume.interventions import Interventions
from triage.devtools.volume.people import Latest, People
from triage.devtools.volume.values import null_if
from triage.models.interventions import STARTED_STATUSES


def summary_columns(
    people: People, assessments: Assessments, latest: Latest, interventions: Interventions
) -> list[list]:
    """SUMMARY_FIELDS' columns, in order: from the latest assessment, then from the interventions."""
    has, row = latest.has, latest.row
    latest_status, support_started = _support(people, interventions)
    return [
        null_if(assessments.id[row].tolist(), has.tolist()),
        latest.band.tolist(),
        latest.model.tolist(),
        latest.rank.tolist(),
        (has & (latest.band != latest.model)).tolist(),
        (has & np.array([b is None for b in latest.model])).tolist(),
        null_if(np.asarray(assessments.at_text, dtype=object)[row].tolist(), has.tolist()),
        interventions.per_person.tolist(),
        latest_status.tolist(),
        support_started.tolist(),
    ]


def _support(people: People, interventions: Interventions) -> tuple[np.ndarray, np.ndarray]:
    """Each person's latest intervention status (of the greatest (updated_at, pk)), and whether any has started."""
    i = interventions
    latest_status = np.full(people.n, "", dtype=object)
    support_started = np.zeros(people.n, dtype=bool)
    if len(i.owner):
        order = np.lexsort((i.id, i.updated, i.owner))
        last = order[np.r_[i.owner[order][1:] != i.owner[order][:-1], True]]
        latest_status[i.owner[last]] = i.status[last]
        np.logical_or.at(support_started, i.owner, np.isin(i.status, list(STARTED_STATUSES)))
    return latest_status, support_started
