"""Models by noun. triage.models.linkage is not re-exported: only the linkage job and the clerical
review import it (decision 0026), and triage.apps registers it."""

from triage.models.accounts import Team, User
from triage.models.assessments import Assessment, Band, Override, OverrideReason, OverrideReview, ReviewStatus
from triage.models.audit import AuditAction, AuditEvent, ExportRecord
from triage.models.evaluation import EvaluationSnapshot
from triage.models.event_mode import EventMode
from triage.models.exports import ExportFormat, ExportJob, ExportStatus
from triage.models.interventions import Intervention, InterventionStatus, InterventionUpdate
from triage.models.partners import LinkageRun, LinkageRunStatus, PartnerOrganisation, PartnerUpload, UploadStatus
from triage.models.people import Event, Person, RedundancySituation, Sex
from triage.models.person_record import FollowUp, FollowUpStatus, JobType, OutcomeSource, PersonChange, WorkStart
from triage.models.reference import BandPathway, CaseloadRules, CouncilArea, InterventionType, Partner
from triage.models.retraining import RetrainJob, RetrainStatus
from triage.models.scorecards import ScorecardActivation

__all__ = [
    "Assessment",
    "AuditAction",
    "AuditEvent",
    "Band",
    "BandPathway",
    "CaseloadRules",
    "CouncilArea",
    "EvaluationSnapshot",
    "Event",
    "EventMode",
    "ExportFormat",
    "ExportJob",
    "ExportRecord",
    "ExportStatus",
    "FollowUp",
    "FollowUpStatus",
    "Intervention",
    "InterventionStatus",
    "InterventionType",
    "InterventionUpdate",
    "JobType",
    "LinkageRun",
    "LinkageRunStatus",
    "OutcomeSource",
    "Override",
    "OverrideReason",
    "OverrideReview",
    "Partner",
    "PartnerOrganisation",
    "PartnerUpload",
    "Person",
    "PersonChange",
    "RedundancySituation",
    "RetrainJob",
    "RetrainStatus",
    "ReviewStatus",
    "ScorecardActivation",
    "Sex",
    "Team",
    "UploadStatus",
    "User",
    "WorkStart",
]
