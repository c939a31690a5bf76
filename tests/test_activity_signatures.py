"""The activity report's last page, read back from the PDF: the head of the centre's signature with
the name written out, who prepared it (the signed-in person) and the phone, in Kazakh and Russian."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from app.printing import activity as activity_reports
from app.services import settings, users

pytestmark = pytest.mark.every_database

HEAD = "Сейітқасымова Гүлназ Нұрсұлтанқызы"
CLERK = "Әбілқасымов Ерлан Серікұлы"


def last_page(path) -> str:
    return " ".join(PdfReader(path).pages[-1].extract_text().replace("\u00a0", " ").split())


def test_the_report_ends_with_the_heads_signature_who_prepared_it_and_the_phone(database, tmp_path):
    settings.save(centre_head=HEAD, centre_phone="8 (72840) 2-12-34")
    users.turn_sign_in_on("erlan", CLERK, "pass-word-1")
    kk = last_page(activity_reports.print_activity(date(2026, 1, 1), date(2026, 3, 31), "kk", tmp_path / "kk.pdf"))
    for part in ("Орталық басшысы", "(қолы)", HEAD, f"Орындаған: {CLERK}", "Тел.: 8 (72840) 2-12-34"):
        assert part in kk, part
    ru = last_page(activity_reports.print_activity(date(2026, 1, 1), date(2026, 3, 31), "ru", tmp_path / "ru.pdf"))
    for part in ("Руководитель центра", "(подпись)", HEAD, f"Исполнитель: {CLERK}", "Тел.: 8 (72840) 2-12-34"):
        assert part in ru, part


def test_without_a_head_or_a_sign_in_the_lines_are_left_to_fill_by_hand(database, tmp_path):
    ru = last_page(activity_reports.print_activity(date(2026, 1, 1), date(2026, 3, 31), "ru", tmp_path / "ru.pdf"))
    assert "Руководитель центра" in ru and "Исполнитель: ____" in ru and "Тел.: ____" in ru
