"""The собрание's elected members and their terms (docs/domain.md: 4 years by default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db import unit_of_work
from app.errors import NotFound, ValidationError
from app.models import AssemblyMembership, Meeting, Member
from app.rules.dates import years_before
from app.services import settings
from app.services.access import requires
from app.services.meetings.common import _full_name


@dataclass(frozen=True)
class AssemblyMemberRow:
    id: int
    member_id: int
    name: str
    village_id: int
    elected_on: date
    term_ends_on: date
    left_on: date | None
    elected_at_meeting_id: int | None


def assembly_members(on: date | None = None) -> list[AssemblyMemberRow]:
    """The собрание's members: all of them, or those in office on a day."""
    query = select(AssemblyMembership, Member).join(Member, Member.id == AssemblyMembership.member_id)
    if on is not None:
        query = query.where(AssemblyMembership.elected_on <= on, AssemblyMembership.term_ends_on >= on,
                            (AssemblyMembership.left_on.is_(None)) | (AssemblyMembership.left_on > on))
    with unit_of_work() as session:
        return [AssemblyMemberRow(a.id, m.id, _full_name(m), m.village_id, a.elected_on, a.term_ends_on, a.left_on,
                                  a.elected_at_meeting_id)
                for a, m in session.execute(query.order_by(Member.search_text, Member.id))]


@requires("meetings")
def elect(member_id: int, elected_on: date, meeting_id: int | None = None) -> int:
    """Adds a member to the собрание for the district's term (docs/domain.md: 4 years by default)."""
    district = settings.load()
    with unit_of_work() as session:
        member = session.get(Member, member_id)
        if member is None or member.erased_at is not None:
            raise NotFound("No person with number {id} in the register.", id=member_id)
        if meeting_id is not None and session.get(Meeting, meeting_id) is None:
            raise NotFound("No meeting with number {id}.", id=meeting_id)
        term_ends = years_before(elected_on, -district.assembly_term_years)
        overlapping = session.scalar(select(AssemblyMembership.id).where(
            AssemblyMembership.member_id == member_id, AssemblyMembership.elected_on <= term_ends,
            AssemblyMembership.term_ends_on >= elected_on,
            (AssemblyMembership.left_on.is_(None)) | (AssemblyMembership.left_on > elected_on)))
        if overlapping:
            raise ValidationError("This person is already a member of the assembly then.", field="member")
        membership = AssemblyMembership(member_id=member_id, elected_on=elected_on, term_ends_on=term_ends,
                                        elected_at_meeting_id=meeting_id)
        session.add(membership)
        session.flush()
        return membership.id


@requires("meetings")
def end_membership(membership_id: int, left_on: date) -> None:
    with unit_of_work() as session:
        membership = session.get(AssemblyMembership, membership_id)
        if membership is None:
            raise NotFound("No assembly membership with number {id}.", id=membership_id)
        if left_on < membership.elected_on:
            raise ValidationError("A member cannot leave before being elected.", field="left_on")
        membership.left_on = left_on
