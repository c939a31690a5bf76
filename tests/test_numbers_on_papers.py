"""Numbers as the papers print them: an amount is never broken across lines (no-break spaces group
its thousands, and the kit's line breaking keeps them), and its currency in words in running text."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from app.reports.kit import FONT, PageFrame, split_lines
from app.rules.money import format_amount

AMOUNTS = [Decimal("48500"), Decimal("1250000.50"), Decimal("9999999999999.99")]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_amount_holds_no_ordinary_space(lang):
    for amount in AMOUNTS:
        for currency in ("KZT", "USD", "EUR"):
            for written in (False, True):
                text = format_amount(amount, currency, lang, written=written)
                assert " " not in text, text


def test_the_currency_in_words_for_running_text():
    assert format_amount(Decimal("48500"), "USD", "ru", written=True) == "48\u00a0500,00\u00a0долл.\u00a0США"
    assert format_amount(Decimal("48500"), "USD", "kk", written=True) == "48\u00a0500,00\u00a0АҚШ\u00a0доллары"
    assert format_amount(Decimal("1200"), "EUR", "ru", written=True) == "1\u00a0200,00\u00a0евро"
    assert format_amount(Decimal("1200"), "KZT", "kk", written=True) == "1\u00a0200,00\u00a0₸"
    assert format_amount(Decimal("48500"), "USD", "ru") == "48\u00a0500,00\u00a0$"  # a table's narrow cell


def test_lines_break_between_words_never_inside_an_amount(tmp_path):
    amounts = [format_amount(a, "USD", "ru", written=True) for a in AMOUNTS]
    text = "Получено " + " и потрачено ".join(amounts) + " по статье расходов"
    for width in (40, 80, 120, 200, 400):
        lines = split_lines(text, FONT, 10, width)
        for amount in amounts:
            assert any(amount in line for line in lines), (width, lines)
        assert " ".join(lines) == text.replace("\n", " ")
    frame = PageFrame(tmp_path / "a.pdf", title="Т", district="", printed_on=date(2026, 1, 1), lang="ru")
    frame.content_width = 150  # a narrow column: the paragraph wraps many times
    frame.paragraph(text)
    read = [flat(line) for line in PdfReader(frame.save()).pages[0].extract_text().splitlines()]
    for amount in amounts:  # each amount whole on one line of the PDF
        assert any(flat(amount) in line for line in read), (amount, read)


def flat(text: str) -> str:
    return re.sub(r"\s", " ", text)
