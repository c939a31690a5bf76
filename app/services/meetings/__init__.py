"""Meetings of the local community: preparing them, taking attendance, recording votes, signing the
protocol, and the decisions register with the akim's answers (docs/domain.md, Local self-government;
Minutes).

Quorum and majority come from the district settings through app.rules.quorum (exact integers);
deadlines are counted in working days by app.services.calendar. Whether an item was adopted is
worked out here whenever its vote or the attendance changes, and frozen when the protocol is signed:
a signed meeting refuses every change, and corrections become dated amendments.

Callers use this package as one service (``meetings.create``, ``meetings.MeetingData``); its modules
by subject: common (kinds, data, look-ups, numbering), tally (who is entitled, who came, quorum and
adoption), preparation, agenda, attendance, votes, decision_register, signing, reading, assembly,
period_figures.
"""

from app.services.meetings.agenda import append_item, save_agenda
from app.services.meetings.assembly import AssemblyMemberRow, assembly_members, elect, end_membership
from app.services.meetings.attendance import (
                                              attendance_candidates,
                                              candidate_ids,
                                              present_people,
                                              quorum,
                                              set_entitled,
                                              set_head_count,
                                              set_present,
)
from app.services.meetings.common import (
                                              ASSEMBLY,
                                              CHOICES,
                                              DECISION_STATUSES,
                                              DEFAULT_LENGTH,
                                              GATHERING,
                                              KINDS,
                                              LANGUAGES,
                                              OTHER,
                                              SIGNED,
                                              STORED_DECISION_STATUSES,
                                              AmendmentView,
                                              DecisionData,
                                              DecisionRow,
                                              DecisionView,
                                              ItemData,
                                              ItemView,
                                              MeetingData,
                                              MeetingRow,
                                              MeetingView,
                                              PersonRow,
                                              QuorumState,
                                              SpeakerData,
                                              VoteView,
                                              kind_label,
                                              next_number,
                                              other_kinds,
)
from app.services.meetings.decision_register import DecisionFigures, decision_data, decision_figures, decisions, update_decision
from app.services.meetings.period_figures import MeetingsPeriod, period
from app.services.meetings.preparation import create, delete_meeting, streets, update
from app.services.meetings.reading import absent_members, get, list_meetings, sheet_people
from app.services.meetings.signing import add_amendment, sign
from app.services.meetings.votes import clear_vote, record_roll_call, record_vote, roll_call

__all__ = [
    "ASSEMBLY", "CHOICES", "DECISION_STATUSES", "DEFAULT_LENGTH", "GATHERING", "KINDS", "LANGUAGES", "OTHER",
    "SIGNED", "STORED_DECISION_STATUSES",
    "AmendmentView", "AssemblyMemberRow", "DecisionData", "DecisionFigures", "DecisionRow", "DecisionView",
    "ItemData", "ItemView", "MeetingData", "MeetingRow", "MeetingView", "MeetingsPeriod", "PersonRow",
    "QuorumState", "SpeakerData", "VoteView",
    "absent_members", "add_amendment", "append_item", "assembly_members", "attendance_candidates", "candidate_ids", "clear_vote",
    "create", "decision_data", "decision_figures", "decisions", "delete_meeting", "elect", "end_membership", "get",
    "kind_label", "list_meetings", "next_number", "other_kinds", "period", "present_people", "quorum",
    "record_roll_call", "record_vote", "roll_call", "save_agenda", "set_entitled", "set_head_count",
    "set_present", "sheet_people", "sign", "streets", "update", "update_decision",
]
