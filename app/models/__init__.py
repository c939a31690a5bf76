"""ORM classes only. Importing this package registers every table on Base.metadata."""

from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.district import MciRate, Room, Setting, Village
from app.models.members import Consent, Household, Member

__all__ = ["AuditEntry", "Base", "Consent", "Household", "Member", "MciRate", "Room", "Setting", "Village"]
