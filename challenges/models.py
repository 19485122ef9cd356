"""Imports every model so that SQLAlchemy's metadata (and so Alembic) knows all tables."""

from challenges.accounts.models import Membership, Organisation, RoleInvitation, User  # noqa: F401
from challenges.notifications.models import OutboxMessage  # noqa: F401
