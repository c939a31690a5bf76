"""Quorum and majority (docs/domain.md, Local self-government), exact at every edge.

A сход has quorum with at least 10 % of the residents of voting age, a собрание with more than half
of its members, and a decision passes with more than half of those present voting for it: the
shares come from the district's settings, so the tests also use other ones (12.5 %, 33.33 %).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from app.rules import quorum
from app.rules.quorum import (
    ASSEMBLY,
    GATHERING,
    InvalidCount,
    VoteResult,
    at_least,
    more_than,
    needed_for_quorum,
    needed_to_pass,
    quorum_reached,
)

DEFAULTS = {"gathering_percent": Decimal("10"), "assembly_percent": Decimal("50")}
HALF = Decimal("50")


def gathering(present, entitled, percent=Decimal("10")):
    return quorum_reached(GATHERING, present, entitled, gathering_percent=percent, assembly_percent=HALF)


def assembly(present, members, percent=HALF):
    return quorum_reached(ASSEMBLY, present, members, gathering_percent=Decimal("10"), assembly_percent=percent)


# at_least / more_than ---------------------------------------------------------------------------

def test_at_least_and_more_than_differ_only_at_the_exact_share():
    assert at_least(5, 10, 50) and not more_than(5, 10, 50)
    assert at_least(6, 10, 50) and more_than(6, 10, 50)
    assert not at_least(4, 10, 50) and not more_than(4, 10, 50)


def test_percentages_are_exact_where_floats_are_not():
    # 0.1 + 0.2 != 0.3 in binary; as Decimals the share is exact.
    assert at_least(3, 1000, Decimal("0.3"))
    assert not more_than(3, 1000, Decimal("0.3"))
    # A third of 3 is exactly 1, whether given as a Fraction or reached from 100/3 %.
    assert at_least(1, 3, Fraction(100, 3)) and not more_than(1, 3, Fraction(100, 3))
    # 33.33 % of 3 is 0.9999, so 1 is more than that.
    assert more_than(1, 3, Decimal("33.33"))


@pytest.mark.parametrize("percent", [10.0, 0.5, True, "10", None])
def test_a_float_or_other_type_is_refused_as_a_percentage(percent):
    with pytest.raises(TypeError):
        at_least(1, 10, percent)


@pytest.mark.parametrize("percent", [Decimal("NaN"), Decimal("Infinity")])
def test_a_percentage_that_is_not_a_number_is_refused(percent):
    with pytest.raises(ValueError):
        more_than(1, 10, percent)


# Quorum of a сход (gathering) -------------------------------------------------------------------

def test_gathering_of_480_needs_48_present():
    assert gathering(48, 480)
    assert not gathering(47, 480)
    assert needed_for_quorum(GATHERING, 480, **DEFAULTS) == 48


def test_gathering_of_485_needs_49_present_not_48_and_a_half():
    assert not gathering(48, 485)
    assert gathering(49, 485)
    assert needed_for_quorum(GATHERING, 485, **DEFAULTS) == 49


def test_the_minutes_example_of_57_of_480_has_quorum():
    assert gathering(57, 480)


def test_gathering_with_a_non_integer_percentage_is_exact():
    # 12.5 % of 80 is exactly 10; of 81 it is 10.125, so 11 are needed.
    assert gathering(10, 80, Decimal("12.5")) and not gathering(9, 80, Decimal("12.5"))
    assert not gathering(10, 81, Decimal("12.5")) and gathering(11, 81, Decimal("12.5"))
    assert needed_for_quorum(GATHERING, 80, gathering_percent=Decimal("12.5"), assembly_percent=HALF) == 10
    assert needed_for_quorum(GATHERING, 81, gathering_percent=Decimal("12.5"), assembly_percent=HALF) == 11


def test_percentages_as_int_and_decimal_agree():
    assert gathering(48, 480, 10) == gathering(48, 480, Decimal("10.00"))
    assert assembly(6, 10, 50) == assembly(6, 10, Decimal("50.0"))


def test_gathering_with_no_one_present_has_no_quorum():
    assert not gathering(0, 480)
    assert not gathering(0, 1)


def test_gathering_with_everyone_present_has_quorum():
    assert gathering(480, 480)
    assert gathering(1, 1)
    assert gathering(480, 480, Decimal("100"))


def test_gathering_may_count_more_people_than_the_register():
    # The register of residents lags behind the village; the signed sheet is the evidence.
    assert gathering(500, 480)


# Quorum of a собрание (assembly) ----------------------------------------------------------------

def test_assembly_with_exactly_half_its_members_has_no_quorum():
    assert not assembly(5, 10)
    assert assembly(6, 10)
    assert needed_for_quorum(ASSEMBLY, 10, **DEFAULTS) == 6


def test_assembly_of_an_odd_size_needs_the_larger_half():
    assert not assembly(4, 9)
    assert assembly(5, 9)
    assert needed_for_quorum(ASSEMBLY, 9, **DEFAULTS) == 5


def test_assembly_with_all_members_present_has_quorum():
    assert assembly(9, 9)
    assert assembly(1, 1)
    assert assembly(10, 10, Decimal("99.99"))


def test_assembly_with_no_one_present_has_no_quorum():
    assert not assembly(0, 9)
    assert not assembly(0, 9, Decimal("0"))


def test_assembly_refuses_more_people_present_than_members():
    with pytest.raises(InvalidCount) as caught:
        assembly(11, 10)
    assert caught.value.reason == quorum.MORE_PRESENT_THAN_MEMBERS
    assert caught.value.field == "present"
    assert isinstance(caught.value, ValueError)


def test_assembly_with_a_non_integer_percentage_is_exact():
    # More than 62.5 % of 8 is more than 5 people.
    assert not assembly(5, 8, Decimal("62.5"))
    assert assembly(6, 8, Decimal("62.5"))
    assert needed_for_quorum(ASSEMBLY, 8, gathering_percent=Decimal("10"), assembly_percent=Decimal("62.5")) == 6


# Both kinds -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [GATHERING, ASSEMBLY])
def test_no_one_entitled_means_no_quorum(kind):
    assert not quorum_reached(kind, 0, 0, **DEFAULTS)
    with pytest.raises(InvalidCount) as caught:
        needed_for_quorum(kind, 0, **DEFAULTS)
    assert caught.value.reason == quorum.NO_ONE_ENTITLED
    assert caught.value.field == "entitled"


def test_gathering_with_people_but_no_one_entitled_has_no_quorum():
    assert not quorum_reached(GATHERING, 5, 0, **DEFAULTS)


@pytest.mark.parametrize("kind", [GATHERING, ASSEMBLY])
def test_negative_counts_are_refused_with_a_reason(kind):
    with pytest.raises(InvalidCount) as caught:
        quorum_reached(kind, -1, 10, **DEFAULTS)
    assert (caught.value.reason, caught.value.field) == (quorum.NEGATIVE_PRESENT, "present")
    with pytest.raises(InvalidCount) as caught:
        quorum_reached(kind, 0, -1, **DEFAULTS)
    assert (caught.value.reason, caught.value.field) == (quorum.NEGATIVE_ENTITLED, "entitled")
    with pytest.raises(InvalidCount) as caught:
        needed_for_quorum(kind, -5, **DEFAULTS)
    assert caught.value.reason == quorum.NEGATIVE_ENTITLED


def test_an_unknown_kind_of_meeting_is_refused():
    with pytest.raises(ValueError, match="Unknown kind"):
        quorum_reached("council", 5, 10, **DEFAULTS)
    with pytest.raises(ValueError, match="Unknown kind"):
        needed_for_quorum("council", 10, **DEFAULTS)


@pytest.mark.parametrize("count", [5.0, "5", True, None])
def test_a_count_that_is_not_an_int_is_refused(count):
    with pytest.raises(TypeError):
        quorum_reached(GATHERING, count, 10, **DEFAULTS)


@pytest.mark.parametrize("kind, settings", [
    (GATHERING, {"gathering_percent": Decimal("0"), "assembly_percent": HALF}),  # empty hall would do
    (GATHERING, {"gathering_percent": Decimal("100.01"), "assembly_percent": HALF}),
    (GATHERING, {"gathering_percent": Decimal("-1"), "assembly_percent": HALF}),
    (ASSEMBLY, {"gathering_percent": Decimal("10"), "assembly_percent": Decimal("100")}),  # unreachable
    (ASSEMBLY, {"gathering_percent": Decimal("10"), "assembly_percent": Decimal("-1")}),
])
def test_impossible_quorum_settings_are_refused(kind, settings):
    with pytest.raises(ValueError):
        quorum_reached(kind, 5, 10, **settings)
    with pytest.raises(ValueError):
        needed_for_quorum(kind, 10, **settings)


PERCENTS = [Decimal("0"), Decimal("0.01"), Decimal("10"), Decimal("12.5"), Decimal("33.33"),
            Decimal("50"), Decimal("66.67"), Decimal("75"), Decimal("99.99"), Decimal("100"), 25]


# Every share a setting may hold: a gathering's from above 0 to 100 %, an assembly's from 0 to below 100 %.
@pytest.mark.parametrize("kind, percent", [(GATHERING, p) for p in PERCENTS if p != 0]
                         + [(ASSEMBLY, p) for p in PERCENTS if p != 100])
def test_needed_for_quorum_is_the_first_count_that_reaches_it(kind, percent):
    settings = {"gathering_percent": percent, "assembly_percent": percent}
    for entitled in range(1, 130):
        needed = needed_for_quorum(kind, entitled, **settings)
        assert 1 <= needed <= entitled, (entitled, needed)
        for present in range(entitled + 1):
            assert quorum_reached(kind, present, entitled, **settings) == (present >= needed), (entitled, present)


# Votes ------------------------------------------------------------------------------------------

def test_the_minutes_example_40_5_12_of_57_passes():
    votes = VoteResult(40, 5, 12)
    assert votes.passed(57, HALF)
    assert votes.total == 57
    assert needed_to_pass(57, HALF) == 29


def test_exactly_half_for_does_not_pass():
    assert not VoteResult(5, 5, 0).passed(10, HALF)
    assert VoteResult(6, 4, 0).passed(10, HALF)


def test_abstentions_and_people_who_did_not_vote_count_against():
    # 30 for, 10 against: a majority of the votes cast but not of the 70 present.
    assert not VoteResult(30, 10, 0).passed(70, HALF)
    assert not VoteResult(30, 0, 30).passed(70, HALF)
    assert VoteResult(36, 0, 0).passed(70, HALF)


def test_more_votes_than_people_present_are_refused():
    with pytest.raises(InvalidCount) as caught:
        VoteResult(40, 5, 13).check(57)
    assert caught.value.reason == quorum.MORE_VOTES_THAN_PRESENT == "More votes than people present."
    assert caught.value.field == "votes"
    with pytest.raises(InvalidCount):
        VoteResult(40, 5, 13).passed(57, HALF)
    VoteResult(40, 5, 12).check(57)  # exactly everyone voting is fine
    VoteResult(40, 5, 0).check(57)  # and so is someone not voting


@pytest.mark.parametrize("votes", [VoteResult(-1, 0, 0), VoteResult(3, -1, 0), VoteResult(3, 0, -2)])
def test_negative_votes_are_refused(votes):
    with pytest.raises(InvalidCount) as caught:
        votes.check(10)
    assert caught.value.reason == quorum.NEGATIVE_VOTES


def test_negative_present_is_refused_for_votes():
    with pytest.raises(InvalidCount) as caught:
        VoteResult(0, 0, 0).check(-1)
    assert caught.value.reason == quorum.NEGATIVE_PRESENT
    with pytest.raises(InvalidCount):
        needed_to_pass(-1, HALF)


def test_with_no_one_present_nothing_passes():
    assert not VoteResult(0, 0, 0).passed(0, HALF)
    assert not VoteResult(0, 0, 0).passed(0, Decimal("0"))
    assert needed_to_pass(0, HALF) == 1  # more votes than anyone could cast
    with pytest.raises(InvalidCount):
        VoteResult(1, 0, 0).check(0)


def test_a_qualified_majority_with_a_non_integer_share_is_exact():
    # More than 66.67 % of 30 is more than 20.001: 21 votes.
    assert not VoteResult(20, 10, 0).passed(30, Decimal("66.67"))
    assert VoteResult(21, 9, 0).passed(30, Decimal("66.67"))
    assert needed_to_pass(30, Decimal("66.67")) == 21
    # More than two thirds of 30 exactly is more than 20: also 21.
    assert needed_to_pass(30, Fraction(200, 3)) == 21


@pytest.mark.parametrize("percent", [Decimal("100"), Decimal("-0.01")])
def test_impossible_majority_settings_are_refused(percent):
    with pytest.raises(ValueError):
        VoteResult(5, 0, 0).passed(5, percent)
    with pytest.raises(ValueError):
        needed_to_pass(5, percent)


def test_vote_result_is_a_frozen_value():
    votes = VoteResult(40, 5, 12)
    assert votes == VoteResult(for_=40, against=5, abstained=12)
    with pytest.raises(AttributeError):
        votes.for_ = 41  # type: ignore[misc]


@pytest.mark.parametrize("percent", [Decimal("0"), Decimal("33.33"), Decimal("50"), Decimal("60"),
                                     Decimal("66.67"), Decimal("99.99"), 50])
def test_needed_to_pass_is_the_first_count_that_passes(percent):
    for present in range(130):
        needed = needed_to_pass(present, percent)
        assert needed >= 1
        assert needed <= present or present == 0
        for for_ in range(present + 1):
            # However the rest split between against, abstained and not voting, only "for" counts.
            for votes in (VoteResult(for_, present - for_, 0), VoteResult(for_, 0, 0)):
                assert votes.passed(present, percent) == (for_ >= needed), (present, for_)
