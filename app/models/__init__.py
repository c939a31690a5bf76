"""ORM classes only, one module per area.

An area's module is imported when one of its classes is first asked for (``from app.models import
Meeting``), so the window starts without building the tables of areas it has not opened yet; each
module imports the modules whose tables its foreign keys name. ``load_all()`` imports every area,
for migrations and for comparing the schema with the models.
"""

import importlib

from app.models.base import Base

_AREAS = {
    "audit": ("AuditEntry",),
    "district": ("MciRate", "Room", "Setting", "Village"),
    "members": ("Consent", "Household", "Member"),
    "meetings": ("AgendaItem", "Amendment", "AssemblyMembership", "Attendance", "Decision", "Holiday", "Meeting",
                 "RollCallVote", "Speaker"),
    "local_issues": ("LocalIssue", "LocalIssueAttachment", "LocalIssueEvent"),
    "grants": ("BudgetLine", "Donor", "Expense", "Grant", "GrantDeadline", "Tranche", "grant_issues"),
    "events": ("Booking", "Event", "EventSeries", "Registration"),
    "users": ("User",),
    "history": ("ImportBatch", "RecordVersion"),
    "appeals": ("Appeal", "AppealAttachment", "AppealStep"),
    "exchange": ("CentreIdentity", "DistrictCentre", "DistrictPackage"),
}
_AREA_OF = {name: area for area, names in _AREAS.items() for name in names}

__all__ = ["Base", "load_all", *sorted(_AREA_OF)]


def __getattr__(name: str):
    area = _AREA_OF.get(name)
    if area is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{area}"), name)


def load_all() -> None:
    """Registers every table on Base.metadata."""
    for area in _AREAS:
        importlib.import_module(f"{__name__}.{area}")
