"""ORM classes only. Importing this package registers every table on Base.metadata."""

from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.district import MciRate, Room, Setting, Village
from app.models.events import Booking, Event, EventSeries, Registration
from app.models.grants import BudgetLine, Donor, Expense, Grant, GrantDeadline, Tranche, grant_issues
from app.models.local_issues import LocalIssue, LocalIssueAttachment, LocalIssueEvent
from app.models.meetings import (AgendaItem, Amendment, AssemblyMembership, Attendance, Decision, Holiday,
                                 Meeting, RollCallVote, Speaker)
from app.models.members import Consent, Household, Member

__all__ = ["AgendaItem", "Amendment", "AssemblyMembership", "Attendance", "AuditEntry", "Base", "Booking",
           "BudgetLine", "Consent", "Decision", "Donor", "Event", "EventSeries", "Expense", "Grant", "GrantDeadline",
           "Holiday", "Household", "LocalIssue", "LocalIssueAttachment", "LocalIssueEvent", "Meeting", "Member",
           "MciRate", "Registration", "RollCallVote", "Room", "Setting", "Speaker", "Tranche", "Village",
           "grant_issues"]
