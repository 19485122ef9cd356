"""Imports every model so that SQLAlchemy's metadata (and so Alembic) knows all tables."""

from challenges.accounts.models import Membership, Organisation, RoleInvitation, User  # noqa: F401
from challenges.announcements.models import Announcement, AnnouncementRecipient  # noqa: F401
from challenges.challenges.models import (  # noqa: F401
    Challenge,
    ChallengeAttachment,
    ChangeNotice,
    Criterion,
    Theme,
)
from challenges.challenges.stages import (  # noqa: F401
    ChallengeStage,
    FormQuestion,
    ProposalAnswer,
    StageEntry,
)
from challenges.clarifications.models import Clarification  # noqa: F401
from challenges.events import Event  # noqa: F401
from challenges.follows.models import Follow  # noqa: F401
from challenges.jury.models import (  # noqa: F401
    Assignment,
    ConflictDeclaration,
    Jury,
    JuryMember,
    Review,
    Score,
)
from challenges.notifications.models import OutboxMessage  # noqa: F401
from challenges.pilots.models import (  # noqa: F401
    ChangeRequest,
    Evaluation,
    Kpi,
    KpiValue,
    Milestone,
    MilestoneSubmission,
    Payment,
    Pilot,
    PilotDocument,
)
from challenges.questions.models import Question  # noqa: F401
from challenges.results.models import Decision  # noqa: F401
from challenges.reuse.models import Adoption, ChallengeTemplate, TemplateRevision  # noqa: F401
from challenges.sessions.models import PitchSlot, Registration, Session  # noqa: F401
from challenges.storage import StoredFile  # noqa: F401
from challenges.submissions.models import (  # noqa: F401
    Proposal,
    ProposalAttachment,
    ProposalSlot,
    ProposalVersion,
    Support,
    TeamMember,
)
