"""The life of a local issue: which status may follow which, and which moves need a comment.

    new ──> accepted ──> in progress ──> resolved
     │         │  └────────────────────────^ │
     └─────────┴──> rejected                 │
    resolved ──> in progress (reopened)  <───┘
    rejected ──> accepted (reopened)

Resolving and rejecting need a comment (what was done, or why not), and so does reopening (why the
case is back). Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

from app.rules import N_

NEW, ACCEPTED, IN_PROGRESS, RESOLVED, REJECTED = "new", "accepted", "in_progress", "resolved", "rejected"
STATUSES = {NEW: N_("new"), ACCEPTED: N_("accepted"), IN_PROGRESS: N_("in progress"),
            RESOLVED: N_("resolved"), REJECTED: N_("rejected")}
OPEN = (NEW, ACCEPTED, IN_PROGRESS)
CLOSED = (RESOLVED, REJECTED)

TRANSITIONS = {
    NEW: (ACCEPTED, IN_PROGRESS, REJECTED),
    ACCEPTED: (IN_PROGRESS, RESOLVED, REJECTED),
    IN_PROGRESS: (RESOLVED, REJECTED),
    RESOLVED: (IN_PROGRESS,),
    REJECTED: (ACCEPTED,),
}

UNKNOWN_STATUS = N_("Unknown status: {status}")
NOT_ALLOWED = N_("An issue that is {current} cannot become {wanted}.")
COMMENT_NEEDED = N_("Say in a comment what was done, or why: resolving, rejecting and reopening need one.")


class WorkflowError(ValueError):
    """``reason`` is an English catalogue message with ``params``, shown by the service."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


def allowed(current: str) -> tuple[str, ...]:
    """The statuses an issue in ``current`` may move to, in the order a menu offers them."""
    if current not in TRANSITIONS:
        raise WorkflowError(UNKNOWN_STATUS, status=current)
    return TRANSITIONS[current]


def is_reopening(current: str, wanted: str) -> bool:
    return current in CLOSED and wanted in OPEN


def needs_comment(current: str, wanted: str) -> bool:
    return wanted in CLOSED or is_reopening(current, wanted)


def check(current: str, wanted: str, comment: str) -> None:
    """Raises WorkflowError unless ``current`` may become ``wanted`` with this comment."""
    if wanted not in STATUSES:
        raise WorkflowError(UNKNOWN_STATUS, status=wanted)
    if wanted not in allowed(current):
        raise WorkflowError(NOT_ALLOWED, current=current, wanted=wanted)
    if needs_comment(current, wanted) and not comment.strip():
        raise WorkflowError(COMMENT_NEEDED)
