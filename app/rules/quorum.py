"""Quorum and majority of a meeting of the local community (docs/domain.md, Local self-government).

* A сход (gathering) has quorum when at least ``gathering_percent`` (default 10 %) of the residents
  of voting age of its village / street / building are present.
* A собрание (assembly) has quorum when more than ``assembly_percent`` (default half) of its elected
  members are present.
* A decision passes when more than ``majority_percent`` (default half) of those present vote for it
  (a simple majority of those present): abstentions, and people present who did not vote, count
  against it just as votes against do.

docs/domain.md marks all three shares configurable, so they come from DistrictSettings and are never
constants here. The arithmetic is exact: a share is an ``int`` or a ``Decimal`` (12.5 %, 33.33 %),
read as a ``Fraction`` and compared by cross-multiplication (``count * 100`` against
``total * percent``), never through floating point, where 10 % of 480 could come out as
47.99999… and turn a lawful meeting into one without quorum. Floats are refused for that reason.

Impossible counts (negative, more people present than an assembly has members, more votes than
people present) raise InvalidCount, whose ``reason`` is an English catalogue message the service
shows as a ValidationError (beside ``field``), as it does with InvalidIin and InvalidPhone.

Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from app.rules import N_

GATHERING = "gathering"  # сход (жиын)
ASSEMBLY = "assembly"  # собрание (жиналыс)
KINDS = (GATHERING, ASSEMBLY)

# Catalogue messages (English msgids), translated where a service shows them.
NEGATIVE_PRESENT = N_("The number of people present cannot be negative.")
NEGATIVE_ENTITLED = N_("The number of people entitled to attend cannot be negative.")
MORE_PRESENT_THAN_MEMBERS = N_("More people present than the assembly has members.")
NO_ONE_ENTITLED = N_("Enter how many people are entitled to attend: with none, there is no quorum.")
NEGATIVE_VOTES = N_("A number of votes cannot be negative.")
MORE_VOTES_THAN_PRESENT = N_("More votes than people present.")


class InvalidCount(ValueError):
    """``reason`` is an English catalogue message; ``field`` the count it is about
    ("present", "entitled" or "votes"), so a form can show it beside that field."""

    def __init__(self, reason: str, field: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.field = field


Percent = int | Decimal | Fraction


def _exact(percent: Percent) -> Fraction:
    """``percent`` as an exact fraction. A float is refused: 0.1 is not one tenth in binary."""
    if isinstance(percent, bool) or not isinstance(percent, (int, Decimal, Fraction)):
        raise TypeError(f"A percentage must be an int or a Decimal, not {type(percent).__name__}.")
    if isinstance(percent, Decimal) and not percent.is_finite():
        raise ValueError(f"A percentage must be a finite number, not {percent}.")
    return Fraction(percent)


def _count(value: int, reason: str, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"A number of people must be an int, not {type(value).__name__}.")
    if value < 0:
        raise InvalidCount(reason, field)
    return value


def _share(percent: Percent, name: str, *, zero_allowed: bool, hundred_allowed: bool) -> Fraction:
    """Checks a share read from the settings. "More than 100 %" can never be reached and "at least
    0 %" would give quorum to an empty hall, so those are setting errors, not meetings."""
    value = _exact(percent)
    low_ok = value >= 0 if zero_allowed else value > 0
    high_ok = value <= 100 if hundred_allowed else value < 100
    if not (low_ok and high_ok):
        raise ValueError(f"{name} is out of range: {percent} %.")
    return value


def at_least(count: int, total: int, percent: Percent) -> bool:
    """Whether ``count`` is at least ``percent`` % of ``total``: count × 100 ≥ total × percent."""
    return count * 100 >= total * _exact(percent)


def more_than(count: int, total: int, percent: Percent) -> bool:
    """Whether ``count`` is more than ``percent`` % of ``total``: count × 100 > total × percent."""
    return count * 100 > total * _exact(percent)


def _smallest_at_least(total: int, percent: Fraction) -> int:
    # The least integer c with 100c ≥ total × percent: 10 % of 485 is 48.5, so 49 people.
    return math.ceil(total * percent / 100)


def _smallest_more_than(total: int, percent: Fraction) -> int:
    # The least integer c with 100c > total × percent: half of 10 is 5, so 6 people; half of 9 is
    # 4.5, so 5.
    return math.floor(total * percent / 100) + 1


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of meeting: {kind!r} (expected one of {', '.join(KINDS)}).")


def quorum_reached(kind: str, present: int, entitled: int, *,
                   gathering_percent: Percent, assembly_percent: Percent) -> bool:
    """Whether a meeting of ``kind`` ("gathering" or "assembly") with ``present`` people of
    ``entitled`` has quorum (docs/domain.md): a сход needs at least ``gathering_percent`` % of the
    residents of voting age, a собрание more than ``assembly_percent`` % of its elected members.

    ``entitled`` is the residents of voting age of the village / street / building for a сход and
    the number of elected members for a собрание. None entitled means no quorum, whoever came.
    Raises InvalidCount for negative counts and for more people present than an assembly has
    members. A сход may count more people present than the register says live there (the
    register lags behind the village; the signed registration sheet is the evidence), so that
    is not refused.
    """
    _check_kind(kind)
    entitled = _count(entitled, NEGATIVE_ENTITLED, "entitled")
    present = _count(present, NEGATIVE_PRESENT, "present")
    if kind == ASSEMBLY and present > entitled:
        raise InvalidCount(MORE_PRESENT_THAN_MEMBERS, "present")
    if entitled == 0:
        # Without the number entitled nothing can be measured; "0 of 0" is not a lawful meeting.
        return False
    if kind == GATHERING:
        share = _share(gathering_percent, "The quorum of a gathering",
                       zero_allowed=False, hundred_allowed=True)
        return at_least(present, entitled, share)
    share = _share(assembly_percent, "The quorum of an assembly",
                   zero_allowed=True, hundred_allowed=False)
    return more_than(present, entitled, share)


def needed_for_quorum(kind: str, entitled: int, *,
                      gathering_percent: Percent, assembly_percent: Percent) -> int:
    """The fewest people present that give a meeting of ``kind`` quorum, for the live display
    "present 57 of 480, 48 needed" (docs/domain.md). ``quorum_reached(kind, p, entitled, ...)`` is true
    exactly when p is at least this number; it is never more than ``entitled``.

    Raises InvalidCount when ``entitled`` is negative or 0 (no number present reaches quorum then).
    """
    _check_kind(kind)
    entitled = _count(entitled, NEGATIVE_ENTITLED, "entitled")
    if entitled == 0:
        raise InvalidCount(NO_ONE_ENTITLED, "entitled")
    if kind == GATHERING:
        share = _share(gathering_percent, "The quorum of a gathering",
                       zero_allowed=False, hundred_allowed=True)
        return _smallest_at_least(entitled, share)
    share = _share(assembly_percent, "The quorum of an assembly",
                   zero_allowed=True, hundred_allowed=False)
    return _smallest_more_than(entitled, share)


def _majority(majority_percent: Percent) -> Fraction:
    return _share(majority_percent, "The majority needed for a decision",
                  zero_allowed=True, hundred_allowed=False)


@dataclass(frozen=True)
class VoteResult:
    """The vote on one agenda item as the minutes record it: «за — 40, против — 5, воздержались — 12».

    ``for_`` has the underscore because ``for`` is a Python keyword. Whether the meeting had quorum
    is a separate question (quorum_reached): a vote says nothing about it.
    """

    for_: int
    against: int
    abstained: int

    @property
    def total(self) -> int:
        return self.for_ + self.against + self.abstained

    def check(self, present: int) -> None:
        """Raises InvalidCount for numbers no meeting of ``present`` people can give: a negative
        count, or more votes than people present. Fewer votes than people is allowed: someone may
        not vote at all."""
        for votes in (self.for_, self.against, self.abstained):
            _count(votes, NEGATIVE_VOTES, "votes")
        present = _count(present, NEGATIVE_PRESENT, "present")
        if self.total > present:
            raise InvalidCount(MORE_VOTES_THAN_PRESENT, "votes")

    def passed(self, present: int, majority_percent: Percent) -> bool:
        """Whether more than ``majority_percent`` % of those ``present`` voted for (docs/domain.md: a
        simple majority of those present). The share is of those present, not of the votes cast,
        so abstaining works like voting against; exactly half for is not a majority, and with no
        one present nothing passes."""
        self.check(present)
        return more_than(self.for_, present, _majority(majority_percent))


def needed_to_pass(present: int, majority_percent: Percent) -> int:
    """The fewest votes for that pass a decision with ``present`` people (29 of 57 at 50 %).
    ``VoteResult(f, ...).passed(present, ...)`` is true exactly when f is at least this number.
    With no one present it is 1, more than can vote: nothing passes then."""
    present = _count(present, NEGATIVE_PRESENT, "present")
    return _smallest_more_than(present, _majority(majority_percent))
