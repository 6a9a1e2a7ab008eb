from triage.models.accounts import Team, User
from triage.models.assessments import Assessment, Band, Override, OverrideReason
from triage.models.audit import AuditAction, AuditEvent
from triage.models.interventions import Intervention, InterventionStatus, InterventionUpdate
from triage.models.people import Event, Person, RedundancySituation, Sex
from triage.models.reference import BandPathway, CouncilArea, InterventionType, Partner
from triage.models.scorecards import ScorecardActivation

__all__ = [
    "Assessment",
    "AuditAction",
    "AuditEvent",
    "Band",
    "BandPathway",
    "CouncilArea",
    "Event",
    "Intervention",
    "InterventionStatus",
    "InterventionType",
    "InterventionUpdate",
    "Override",
    "OverrideReason",
    "Partner",
    "Person",
    "RedundancySituation",
    "ScorecardActivation",
    "Sex",
    "Team",
    "User",
]
