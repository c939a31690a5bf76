"""Grants on a real database and the money rules under them: exact sums to the tenge, totals per
currency, MCI conversion, the checks, tax notices in working days, and bad input refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.errors import ValidationError
from app.rules import iin, money
from app.services import grants, periods
from app.services.grants import DeadlineData, DonorData, ExpenseData, GrantData, LineData, TrancheData

pytestmark = pytest.mark.every_database

D = Decimal


# Money rules -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, amount", [
    ("1 250 000", D("1250000.00")), ("1250000,5", D("1250000.50")), ("1,250,000.50", D("1250000.50")),
    ("1\u00a0250\u00a0000,05", D("1250000.05")), ("0", D("0.00")), (D("12.3"), D("12.30")), (7, D("7.00")),
    ("350 000 ₸", D("350000.00")),
])
def test_amounts_are_read_as_staff_type_them(typed, amount):
    assert money.parse_amount(typed) == amount


@pytest.mark.parametrize("typed, message", [
    ("abc", money.NOT_A_NUMBER), ("-5", money.NEGATIVE), ("1,005", money.TOO_PRECISE), ("0.001", money.TOO_PRECISE),
    ("NaN", money.NOT_A_NUMBER), ("", money.NOT_A_NUMBER),
])
def test_bad_amounts_are_refused_never_rounded(typed, message):
    with pytest.raises(money.InvalidAmount) as error:
        money.parse_amount(typed)
    assert error.value.reason == message


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        money.parse_amount(0.1)


def test_sums_are_exact_to_the_tiyn_and_kept_per_currency():
    pairs = [("KZT", D("0.10"))] * 3 + [("USD", D("19.99")), ("KZT", D("1000000.00")), ("USD", D("0.01"))]
    assert money.totals_by_currency(pairs) == {"KZT": D("1000000.30"), "USD": D("20.00")}


def test_amounts_are_written_as_each_language_writes_them():
    assert money.format_amount(D("1250000.5"), "KZT", "kk") == "1\u00a0250\u00a0000,50\u00a0₸"
    assert money.format_amount(D("1250000.5"), "USD", "en") == "1,250,000.50\u00a0$"


def test_mci_conversion_is_exact_to_a_tenth():
    assert money.in_mci(D("5000000"), D("4325")) == D("1156.1")
    assert money.in_mci(D("12975000"), D("4325")) == D("3000.0")


@pytest.mark.parametrize("number, valid", [("940140000385", True), ("940140000386", False),
                                           ("941340000385", False), ("9401400003", False), ("94014000038a", False)])
def test_bin_check(number, valid):
    if valid:
        assert iin.parse_bin(number) == number
    else:
        with pytest.raises(iin.InvalidIin):
            iin.parse_bin(number)


# The service ---------------------------------------------------------------------------------------

@pytest.fixture
def foreign(database) -> int:
    donor = grants.save_donor(DonorData("UNDP GEF Small Grants Programme", "foreign"))
    return grants.create_grant(GrantData(donor, "KAZ/SGP/2026/01", date(2026, 1, 10), date(2026, 2, 1),
                                         date(2026, 12, 31), "USD", "20 000"),
                               [LineData("1", "Materials", "12 000"), LineData("2", "Works", "8 000")])


def line(grant_id: int, code: str) -> int:
    return next(l.id for l in grants.get(grant_id).lines if l.code == code)


def test_a_grant_adds_up_to_the_cent(foreign):
    for amount in ("0.10", "0.10", "0.10", "1999.70"):
        grants.add_expense(foreign, ExpenseData(line(foreign, "1"), date(2026, 3, 1), amount))
    grants.add_tranche(foreign, TrancheData(date(2026, 2, 15), "20 000", date(2026, 2, 20), "20 000"))
    view = grants.get(foreign)
    assert (view.spent, view.received, view.balance, view.remaining) == (D("2000.00"), D("20000.00"),
                                                                         D("18000.00"), D("18000.00"))
    assert [(l.code, l.spent, l.remaining) for l in view.lines] == [("1", D("2000.00"), D("10000.00")),
                                                                  ("2", D("0.00"), D("8000.00"))]
    assert view.warnings == ()


def test_the_checks_warn_of_overspending_bad_sums_and_spending_before_money(foreign):
    grants.save_lines(foreign, [LineData("1", "Materials", "12 000", line(foreign, "1")),
                                LineData("2", "Works", "7 000", line(foreign, "2"))])
    grants.add_tranche(foreign, TrancheData(date(2026, 2, 15), "10 000", date(2026, 3, 16), "10 000"))
    grants.add_expense(foreign, ExpenseData(line(foreign, "1"), date(2026, 3, 10), "11 000,50"))
    grants.add_expense(foreign, ExpenseData(line(foreign, "1"), date(2026, 4, 10), "2 000"))
    texts = [w.text("en") for w in grants.get(foreign).warnings]
    assert texts == [
        "Line 1 is overspent: 13,000.50\u00a0$ spent of 12,000.00\u00a0$ planned.",
        "The budget lines add up to 19,000.00\u00a0$, not to the grant's total 20,000.00\u00a0$.",
        "The planned tranches add up to 10,000.00\u00a0$, not to the grant's total 20,000.00\u00a0$.",
        "By 10.03.2026 11,000.50\u00a0$ was spent, and no money had been received yet.",
    ]
    assert grants.get(foreign).warnings[-1].text("ru") == "К 10.03.2026 потрачено 11\u00a0000,50\u00a0$, а средства ещё не поступали."
    assert grants.get(foreign).warnings[0].text("ru").startswith("Перерасход по статье 1: потрачено 13\u00a0000,50")
    assert grants.line_remaining(line(foreign, "1")) == D("-1000.50")


@pytest.mark.parametrize("data, field", [
    (dict(amount="-1"), "amount"),
    (dict(amount="abc"), "amount"),
    (dict(amount="1.005"), "amount"),
    (dict(amount="0"), "amount"),
    (dict(spent_on=date(2027, 1, 1)), "spent_on"),
    (dict(spent_on=date(2026, 1, 31)), "spent_on"),
    (dict(currency="KZT"), "currency"),
])
def test_bad_expenses_are_refused_and_nothing_changes(foreign, data, field):
    values = dict(line_id=line(foreign, "1"), spent_on=date(2026, 3, 1), amount="100")
    values.update(data)
    with pytest.raises(ValidationError) as error:
        grants.add_expense(foreign, ExpenseData(**values))
    assert error.value.field == field
    assert grants.get(foreign).expenses == ()


def test_an_expense_needs_a_line_of_its_own_grant(foreign):
    donor = grants.save_donor(DonorData("Akimat of Koksu district", "akimat"))
    other = grants.create_grant(GrantData(donor, "7", date(2026, 1, 1), date(2026, 1, 1), date(2026, 12, 31),
                                          "KZT", "1 000 000"), [LineData("A", "Equipment", "1 000 000")])
    with pytest.raises(ValidationError) as error:
        grants.add_expense(foreign, ExpenseData(line(other, "A"), date(2026, 3, 1), "100"))
    assert error.value.field == "line"


def test_a_receipt_from_a_foreign_donor_brings_its_tax_notice_ten_working_days_later(foreign):
    tranche = grants.add_tranche(foreign, TrancheData(date(2026, 3, 1), "10 000", date(2026, 3, 16), "10 000"))
    (notice,) = grants.get(foreign).deadlines
    # 17–20 March, Nauryz and its moved days off (21–25), 26–27, 30–31 March, 1–2 April.
    assert (notice.kind, notice.due_on, notice.tranche_id) == ("tax", date(2026, 4, 2), tranche)
    assert grants.deadlines(status="overdue", today=date(2026, 4, 3))[0].id == notice.id
    grants.update_tranche(tranche, TrancheData(date(2026, 3, 1), "10 000", date(2026, 4, 1), "10 000"))
    assert grants.get(foreign).deadlines[0].due_on == date(2026, 4, 15)
    with pytest.raises(ValidationError, match="follows its receipt"):
        grants.delete_deadline(notice.id)
    grants.update_deadline(notice.id, DeadlineData("tax", date(2026, 4, 15), submitted_on=date(2026, 4, 10)))
    assert grants.get(foreign).deadlines[0].status == "submitted"
    grants.update_tranche(tranche, TrancheData(date(2026, 3, 1), "10 000"))
    assert grants.get(foreign).deadlines == ()


def test_report_deadlines_and_tax_notices_are_listed_together(foreign):
    grants.add_deadline(foreign, DeadlineData("interim", date(2026, 7, 15), "Interim report"))
    grants.add_deadline(foreign, DeadlineData("final", date(2027, 1, 31), "Final report"))
    grants.add_tranche(foreign, TrancheData(date(2026, 3, 1), "10 000", date(2026, 6, 1), "10 000"))
    today = date(2026, 6, 20)
    listed = [(d.kind, d.status) for d in grants.deadlines(today=today)]
    assert listed == [("tax", "overdue"), ("interim", "due_soon"), ("final", "upcoming")]
    assert grants.figures(today).deadlines_overdue == 1
    with pytest.raises(ValidationError, match="future"):
        grants.add_deadline(foreign, DeadlineData("final", date(2027, 1, 31), submitted_on=date(2099, 1, 1)))


def test_a_state_grant_in_tenge_is_read_in_mci_of_its_year(database):
    donor = grants.save_donor(DonorData("Азаматтық бастамаларды қолдау орталығы", "state", "940140000385"))
    small = grants.create_grant(GrantData(donor, "ГГ-12", date(2026, 1, 20), date(2026, 2, 1), date(2026, 12, 31),
                                          "KZT", "12 975 000"))
    view = grants.get(small)
    assert (view.mci, view.size_class, view.warnings) == (D("3000.0"), "short", ())
    big = grants.create_grant(GrantData(donor, "ГГ-13", date(2025, 3, 1), date(2025, 4, 1), date(2025, 12, 31),
                                        "KZT", "50 000 000"))
    view = grants.get(big)
    assert view.mci == D("12716.2")  # 2025: 3,932 ₸
    assert [w.msgid for w in view.warnings] == [grants.MCI_OUT_OF_RANGE]


def test_size_classes_follow_the_length_of_the_grant():
    assert grants.size_class(date(2026, 1, 1), date(2026, 12, 31)) == "short"
    assert grants.size_class(date(2026, 1, 1), date(2027, 12, 31)) == "medium"
    assert grants.size_class(date(2026, 1, 1), date(2028, 6, 30)) == "long"


@pytest.mark.parametrize("changes, field", [
    (dict(total="-100"), "total"),
    (dict(total="0"), "total"),
    (dict(currency="RUB"), "currency"),
    (dict(ends_on=date(2025, 1, 1)), "ends_on"),
    (dict(agreement_number=" "), "agreement_number"),
    (dict(donor_id=999), "donor"),
])
def test_bad_grants_are_refused(database, changes, field):
    donor = grants.save_donor(DonorData("Soros Foundation Kazakhstan", "foreign"))
    values = dict(donor_id=donor, agreement_number="1", agreement_date=date(2026, 1, 1), starts_on=date(2026, 1, 1),
                  ends_on=date(2026, 12, 31), currency="USD", total="1000")
    values.update(changes)
    with pytest.raises(ValidationError) as error:
        grants.create_grant(GrantData(**values))
    assert error.value.field == field
    assert grants.list_grants() == []


def test_the_currency_cannot_change_once_money_is_entered(foreign):
    grants.add_expense(foreign, ExpenseData(line(foreign, "1"), date(2026, 3, 1), "100"))
    data = grants.get(foreign).data
    with pytest.raises(ValidationError, match="cannot change"):
        grants.update_grant(foreign, GrantData(**{**data.__dict__, "currency": "EUR"}))
    with pytest.raises(ValidationError, match="outside the new period"):
        grants.update_grant(foreign, GrantData(**{**data.__dict__, "starts_on": date(2026, 6, 1)}))


def test_a_line_with_expenses_cannot_be_removed(foreign):
    grants.add_expense(foreign, ExpenseData(line(foreign, "1"), date(2026, 3, 1), "100"))
    with pytest.raises(ValidationError, match="has expenses"):
        grants.save_lines(foreign, [LineData("2", "Works", "8 000", line(foreign, "2"))])
    assert len(grants.get(foreign).lines) == 2


def test_donors_are_checked_and_named_once(database):
    with pytest.raises(ValidationError) as error:
        grants.save_donor(DonorData("Akimat", "akimat", "940140000386"))
    assert error.value.field == "bin"
    grants.save_donor(DonorData("Akimat", "akimat", "9401 4000 0385"))
    assert grants.donors()[0].bin == "940140000385"
    with pytest.raises(ValidationError, match="already in the list"):
        grants.save_donor(DonorData("Akimat", "state"))


def test_a_scan_is_kept_with_its_expense(foreign, tmp_path):
    scan = tmp_path / "receipt-17.pdf"
    scan.write_bytes(b"%PDF-1.4 receipt")
    expense = grants.add_expense(foreign, ExpenseData(line(foreign, "1"), date(2026, 3, 1), "100", scan_path=scan))
    assert grants.expense_scan(expense) == ("receipt-17.pdf", "application/pdf", b"%PDF-1.4 receipt")
    assert grants.get(foreign).expenses[0].scan_name == "receipt-17.pdf"


def test_a_grant_with_expenses_is_not_deleted_and_nothing_changes(foreign):
    grants.add_tranche(foreign, TrancheData(date(2026, 2, 1), "1 000", date(2026, 2, 2), "1 000"))
    expense = grants.add_expense(foreign, ExpenseData(line(foreign, "1"), date(2026, 3, 1), "100.50"))
    before = grants.get(foreign)
    with pytest.raises(ValidationError, match=f"100.50\u00a0\\$ in the expenses numbered {expense}\\.") as error:
        grants.delete_grant(foreign)
    assert error.value.field == "expenses"
    assert grants.get(foreign) == before
    grants.delete_expense(expense)
    grants.delete_grant(foreign)  # its lines, tranches and tax notices go with it
    assert grants.list_grants() == []


def test_totals_of_a_period_are_kept_per_currency(foreign):
    donor = grants.save_donor(DonorData("Akimat of Koksu district", "akimat"))
    tenge = grants.create_grant(GrantData(donor, "7", date(2026, 1, 1), date(2026, 1, 1), date(2026, 12, 31),
                                          "KZT", "1 000 000"), [LineData("A", "Equipment", "1 000 000")])
    grants.add_tranche(tenge, TrancheData(date(2026, 2, 1), "1 000 000", date(2026, 2, 1), "1 000 000"))
    grants.add_expense(tenge, ExpenseData(line(tenge, "A"), date(2026, 5, 1), "250 000,25"))
    grants.add_tranche(foreign, TrancheData(date(2026, 2, 1), "20 000", date(2026, 2, 5), "20 000"))
    figures = grants.period(periods.of(date(2026, 1, 1), date(2026, 3, 31)))
    assert figures.totals == {"KZT": D("1000000.00"), "USD": D("20000.00")}
    assert figures.received == {"KZT": D("1000000.00"), "USD": D("20000.00")}
    assert figures.spent == {"KZT": D("0.00"), "USD": D("0.00")}
    assert grants.period(periods.of(date(2026, 1, 1), date(2026, 12, 31))).balance == {"KZT": D("749999.75"),
                                                                           "USD": D("20000.00")}
