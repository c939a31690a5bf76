"""Money as staff type and read it: exact ``Decimal`` amounts with at most two decimals, never
float, and totals kept per currency so tenge and dollars are never added together (docs/architecture.md:
money and dates; docs/domain.md, Grants: amounts of state grants are also read in MCI).

Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.rules import N_

CURRENCIES = ("KZT", "USD", "EUR")
SYMBOLS = {"KZT": "₸", "USD": "$", "EUR": "€"}
# The currency after an amount in a paper's running text, as a secretary writes it in Kazakh and
# Russian («48 500,00 АҚШ доллары», «48 500,00 долл. США»); the tenge keeps its sign, English the signs.
WRITTEN = {
    "kk": {"KZT": "₸", "USD": "АҚШ\u00a0доллары", "EUR": "еуро"},
    "ru": {"KZT": "₸", "USD": "долл.\u00a0США", "EUR": "евро"},
}
CENT = Decimal("0.01")

NOT_A_NUMBER = N_("“{value}” is not an amount: write it as 1 250 000 or 1 250 000,50.")
NEGATIVE = N_("An amount cannot be negative.")
TOO_PRECISE = N_("An amount has at most two decimals (tiyn or cents).")
UNKNOWN_CURRENCY = N_("Unknown currency: {currency} (KZT, USD or EUR).")


class InvalidAmount(ValueError):
    """``reason`` is an English catalogue message with ``params``, shown by the service."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


def parse_amount(value: str | int | Decimal) -> Decimal:
    """An amount as typed («1 250 000», «1250000,50», «1,250,000.50») or given; refuses floats,
    negative amounts and more than two decimals, never rounding what a person typed."""
    if isinstance(value, float) or isinstance(value, bool):
        raise TypeError("Money is never a float.")
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("₸", "")
        if "," in text and "." in text:  # 1,250,000.50: commas group thousands
            text = text.replace(",", "")
        text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise InvalidAmount(NOT_A_NUMBER, value=str(value)) from None
    if not amount.is_finite():
        raise InvalidAmount(NOT_A_NUMBER, value=str(value))
    if amount < 0:
        raise InvalidAmount(NEGATIVE)
    if amount != amount.quantize(CENT):
        raise InvalidAmount(TOO_PRECISE)
    return amount.quantize(CENT)


def check_currency(currency: str) -> str:
    if currency not in CURRENCIES:
        raise InvalidAmount(UNKNOWN_CURRENCY, currency=currency)
    return currency


def format_amount(amount: Decimal, currency: str | None = None, lang: str = "kk", *, written: bool = False) -> str:
    """1 250 000,50 ₸ (kk, ru) or 1,250,000.50 ₸ (en): the currency's sign when one is given, or, when
    ``written``, its words (48 500,00 долл. США) for a paper's running text; a table's narrow cell keeps
    the sign. The thousands are grouped by no-break spaces, so an amount is never broken across lines."""
    text = f"{amount.quantize(CENT):,.2f}"
    if lang != "en":
        text = text.replace(",", "\u00a0").replace(".", ",")
    if not currency:
        return text
    return f"{text}\u00a0{(WRITTEN.get(lang, SYMBOLS) if written else SYMBOLS)[currency]}"


def totals_by_currency(pairs: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Sums of (currency, amount) pairs, one per currency, in the order of CURRENCIES."""
    sums: dict[str, Decimal] = {}
    for currency, amount in pairs:
        sums[currency] = sums.get(currency, Decimal("0.00")) + amount
    return {c: sums[c] for c in CURRENCIES if c in sums}


def in_mci(amount: Decimal, mci: Decimal) -> Decimal:
    """An amount in tenge as a number of MCI, to one decimal (half up), as grant rules quote them."""
    return (amount / mci).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
