"""The first start: empty fields with examples, every mistake beside its field at once, the centre's
names asked and printed on the activity report's cover, and the sample district only when chosen."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QLineEdit

from app.printing import activity as activity_reports
from app.services import settings
from app.ui import application, language
from app.ui.setup_dialog import SetupDialog
from tests.test_activity_report import pdf_text
from tests.test_window import type_text


def dialog_in(qtbot, lang: str = "en") -> SetupDialog:
    application.application()
    language.apply(lang)
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    return dialog


def test_the_first_start_shows_empty_fields_with_examples(qtbot, database):
    dialog = dialog_in(qtbot)
    typed = [widget for widget in dialog.district_inputs.values() if isinstance(widget, QLineEdit)]
    assert len(typed) == 5
    assert all(widget.text() == "" and widget.placeholderText().startswith("e.g.") for widget in typed)
    assert dialog.villages.rows() == []
    assert dialog.sample.text() == "Try with a sample district (Zharlyozek)"


def test_every_mistake_is_shown_beside_its_field_at_once(qtbot, database):
    dialog = dialog_in(qtbot)
    type_text(dialog.name_kk, "Жаңа ауылдық округ")
    type_text(dialog.kato, "12345")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    shown = {name: label.text() for name, label in dialog.district_errors.items() if not label.isHidden()}
    assert shown == {"district_name_ru": "District name (Russian): must not be empty.",
                     "district_kato": "A KATO code has 9 digits.",
                     "centre_name_kk": "Centre name (Kazakh): must not be empty.",
                     "centre_name_ru": "Centre name (Russian): must not be empty.",
                     "villages": "A district has at least one village."}
    assert dialog.name_kk.text() == "Жаңа ауылдық округ"  # what was typed stays
    stored = settings.load()
    assert not stored.setup_completed and stored.district_name_kk == "Жарлыөзек ауылдық округі"


def test_the_centres_names_are_saved_and_printed_on_the_reports_cover(qtbot, database, tmp_path):
    dialog = dialog_in(qtbot)
    for widget, text in ((dialog.name_kk, "Қаратал ауылдық округі"), (dialog.name_ru, "Каратальский сельский округ"),
                         (dialog.centre_kk, "Қаратал ауылдық округінің Тұрақты даму орталығы"),
                         (dialog.centre_ru, "Центр устойчивого развития Каратальского сельского округа")):
        type_text(widget, text)
    dialog.villages.add_row(["Қаратал", "Каратал", "334255400"])
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = settings.load()
    assert stored.setup_completed and stored.centre_name_kk == "Қаратал ауылдық округінің Тұрақты даму орталығы"
    assert [(v.name_kk, v.name_ru) for v in settings.villages()] == [("Қаратал", "Каратал")]  # no sample left
    for lang, centre, district in (("kk", "Қаратал ауылдық округінің Тұрақты даму орталығы", "Қаратал"),
                                   ("ru", "Центр устойчивого развития Каратальского сельского округа",
                                    "Каратальский сельский округ")):
        path = activity_reports.print_activity(date(2026, 1, 1), date(2026, 3, 31), lang, tmp_path / f"{lang}.pdf")
        cover = " ".join(pdf_text(path).split("\f")[0].split())  # a long name wraps on the cover
        assert centre in cover and district in cover and "Жарлы" not in cover


def test_trying_a_sample_district_keeps_the_sample(qtbot, database):
    dialog = dialog_in(qtbot)
    dialog.sample.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = settings.load()
    assert stored.setup_completed and stored.centre_name_kk == "Жарлыөзек ауылдық округінің Тұрақты даму орталығы"
    assert [v.name_kk for v in settings.villages()] == ["Жарлыөзек", "Бозтоған", "Мұқаншы"]
