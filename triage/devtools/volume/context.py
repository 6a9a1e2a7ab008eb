"""What every batch of a run shares."""

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from triage.devtools.volume.frozen import ItemTable
from triage.devtools.volume.load import Ids
from triage.devtools.volume.places import Places, TeamSpec
from triage.models import CouncilArea
from triage.scoring import Scorecard


@dataclass
class Context:
    """The random generator, the live scorecard and its item tables, the places and each table's next ids.

    The forked generator inherits it (the random generator too) and never touches the database.
    """

    rng: np.random.Generator
    card: Scorecard
    tables: list[ItemTable]
    teams: list[TeamSpec]
    areas: list[CouncilArea]
    places: Places
    types: list[tuple[int, list[int]]]  # intervention type id, partner ids
    today: date
    now: np.datetime64  # datetime64[us], UTC
    postgres: bool
    ids: dict[str, Ids]
    type_codes: dict[int, str] = field(default_factory=dict)  # intervention type id -> code

    @property
    def today64(self) -> np.datetime64:
        return np.datetime64(self.today, "D")

    @property
    def team_pk(self) -> np.ndarray:  # by team index
        return np.array([s.team_id for s in self.teams])

    @property
    def area_pk(self) -> np.ndarray:  # by area index
        return np.array([a.pk for a in self.areas])
