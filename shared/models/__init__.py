"""festplan's tables. Importing this package registers every model on ``shared.db.Base.metadata``."""

from shared.models.auth import ApiToken, User
from shared.models.budget import BudgetAudit, BudgetEnvelope, BudgetLine, CostItem, PartnerContribution
from shared.models.edition import Edition, Room, TravelTime, Venue
from shared.models.evaluation import AttendanceCount, SurveyInvitation, SurveyResponse, SurveySet
from shared.models.events import DomainEvent, DomainEventHandling
from shared.models.network import NetworkConsent, NetworkContact, NetworkMessage, NetworkOrganisation
from shared.models.notification import Notification, Suppression, WebhookEvent
from shared.models.openagenda import OpenAgendaItem, OpenAgendaSync
from shared.models.people import Participant, Partner, Registration, Speaker, SpeakerAvailability
from shared.models.proposal import ProposalStatus, SessionProposal, SessionSpeaker
from shared.models.scheduling import Assignment, OptimisationRun, Pin, RunStatus, ScheduleVersion, UnplacedSession

__all__ = [
    "ApiToken",
    "Assignment",
    "AttendanceCount",
    "BudgetAudit",
    "BudgetEnvelope",
    "BudgetLine",
    "CostItem",
    "DomainEvent",
    "DomainEventHandling",
    "Edition",
    "NetworkConsent",
    "NetworkContact",
    "NetworkMessage",
    "NetworkOrganisation",
    "Notification",
    "OpenAgendaItem",
    "OpenAgendaSync",
    "OptimisationRun",
    "Participant",
    "Partner",
    "PartnerContribution",
    "Pin",
    "ProposalStatus",
    "Registration",
    "Room",
    "RunStatus",
    "ScheduleVersion",
    "SessionProposal",
    "SessionSpeaker",
    "Speaker",
    "SpeakerAvailability",
    "Suppression",
    "SurveyInvitation",
    "SurveyResponse",
    "SurveySet",
    "TravelTime",
    "UnplacedSession",
    "User",
    "Venue",
    "WebhookEvent",
]
