"""The papers of appeals read back from their PDFs in Kazakh and Russian: the talon, the notices of an
extension and of a sending on, and the answer letter (the number, the due date as dd.mm.yyyy, the
applicant, the centre); the register of a period; the appeals report's figures against the service's,
its workbook opened again; the `auyl report talon|answer|appeals` commands. The session's day is
Monday 7 December 2026."""

from __future__ import annotations

import subprocess
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from app import db
from app.errors import ValidationError
from app.main import main
from app.printing import appeals as papers
from app.services import appeals, periods, settings
from tests import test_demo_appeals as demo_appeals
from tests.conftest import opened_copy

pytestmark = pytest.mark.every_database

HEAD = "Серікбаев Ерлан Маратұлы"
CENTRE = {"kk": "Жарлыөзек ауылдық округінің Тұрақты даму орталығы",
          "ru": "Центр устойчивого развития Жарлыозекского сельского округа"}
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


@pytest.fixture
def appeal(database) -> int:
    settings.save(centre_head=HEAD, centre_phone="8 (72840) 2-12-34", centre_address_kk="Жарлыөзек а., Абай к-сі, 12",
                  centre_address_ru="с. Жарлыозек, ул. Абая, 12")
    return appeals.create(appeals.AppealData(
        kind="complaint", received_at=datetime(2026, 11, 20, 10, 30), applicant_name="Асқар Нұрланов",
        applicant_address="Жарлыөзек, Бейбітшілік 4", addressed_to="Ауыл әкімі",
        text="Көшеде жарық жоқ", handler="Айгүл Сейітова"))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_talon_names_the_number_the_term_the_applicant_and_the_centre(appeal, tmp_path, lang):
    view = appeals.get(appeal)
    text = pdf_text(papers.print_paper("talon", appeal, lang, tmp_path / "talon.pdf"))
    assert view.label in text and view.due.strftime("%d.%m.%Y") in text
    assert "20.11.2026 10:30" in text and "Асқар Нұрланов" in text and CENTRE[lang] in text
    assert {"kk": "Абай к-сі, 12", "ru": "ул. Абая, 12"}[lang] in text and "2-12-34" in text
    assert {"kk": "Жауап беру мерзімі", "ru": "Срок ответа"}[lang] in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_notices_and_the_answer_letter(appeal, tmp_path, lang):
    label = appeals.get(appeal).label
    appeals.extend(appeal, date(2027, 1, 15), "Жер учаскесін тексеру керек", on=date(2026, 12, 4))
    text = pdf_text(papers.print_paper("extension", appeal, lang, tmp_path / "extension.pdf"))
    assert label in text and "15.01.2027" in text and "Жер учаскесін тексеру керек" in text
    assert "Асқар Нұрланов" in text and CENTRE[lang] in text
    appeals.answer(appeal, date(2026, 12, 7), "partly", number="01-12/345",
                   text="Шам бағаналары 2027 жылдың бюджетіне енгізілді.")
    text = pdf_text(papers.print_paper("answer", appeal, lang, tmp_path / "answer.pdf"))
    assert label in text and "01-12/345" in text and "07.12.2026" in text and "Асқар Нұрланов" in text
    assert "Шам бағаналары 2027 жылдың бюджетіне енгізілді." in text and HEAD in text and CENTRE[lang] in text
    assert {"kk": "ішінара", "ru": "частично"}[lang] in text


def test_the_redirection_notice_names_the_body_and_a_paper_not_yet_due_is_refused(appeal, tmp_path):
    with pytest.raises(ValidationError, match="no answer yet"):
        papers.print_paper("answer", appeal, "ru", tmp_path / "answer.pdf")
    with pytest.raises(ValidationError, match="not sent on"):
        papers.print_paper("redirection", appeal, "ru", tmp_path / "sent.pdf")
    appeals.redirect(appeal, "Аудандық білім бөлімі", on=date(2026, 11, 23))
    text = pdf_text(papers.print_paper("redirection", appeal, "kk", tmp_path / "sent.pdf"))
    assert "Аудандық білім бөлімі" in text and "23.11.2026" in text and appeals.get(appeal).label in text
    assert not (tmp_path / "answer.pdf").exists()


@pytest.fixture
def demo_year(migrated_template, made_once, tmp_path) -> None:
    """A copy of the demo appeals' year up to 4 December 2026: tests/test_demo_appeals.py's build, made
    once per session (it takes seconds)."""
    with opened_copy(made_once(migrated_template, demo_appeals.build)[0], tmp_path / "db"):
        yield


def test_the_report_gives_the_services_figures_and_no_names(demo_year, tmp_path):
    span = periods.of(*YEAR)
    data = papers.report_data(*YEAR, "ru")
    assert (data.received, data.answered_on_time, data.answered_late, data.sent_on, data.still_open,
            data.overdue, data.median_days) == (
        appeals.received(span), appeals.answered_on_time(span), appeals.answered_late(span),
        appeals.sent_on(span), appeals.still_open(span), appeals.overdue_at_end(span), appeals.median_days(span))
    assert data.received == len(appeals.register(span)) > 0
    assert data.answered_on_time and data.answered_late and data.still_open and data.overdue
    for rows in (data.by_kind, data.by_channel, data.by_village):
        assert sum(row.count for row in rows) == data.received
    text = pdf_text(papers.print_report(*YEAR, "ru", tmp_path / "appeals.pdf"))
    assert "Отчёт по обращениям" in text and "Поступило" in text
    names = {row.applicant for row in appeals.register(span) if row.applicant}
    assert not any(name in text for name in names)
    book = load_workbook(papers.print_report(*YEAR, "kk", tmp_path / "appeals.xlsx"))
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert data.received in [row[1] for row in summary if len(row) > 1]
    assert len(book.worksheets) == 4
    kinds = list(book.worksheets[1].iter_rows(values_only=True))
    assert kinds[-1][1] == data.received


def test_the_register_lists_each_appeal_with_its_applicant(demo_year, tmp_path):
    rows = appeals.register(periods.of(*YEAR))
    text = pdf_text(papers.print_register(*YEAR, "kk", tmp_path / "register.pdf"))
    for row in rows[:5]:
        assert row.label in text


@pytest.fixture
def auyl(database, capsys):
    """Runs `auyl --db DB ARGS…` on the SQLite file; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(database), "--lang", "en", *args])
        except SystemExit as stop:
            code = stop.code
        db.configure(db.sqlite_url(database))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.every_database(only="sqlite")  # `--db` takes a file
def test_the_commands(appeal, auyl, tmp_path):
    label = appeals.get(appeal).label
    code, out, err = auyl("report", "talon", "--appeal", str(appeal), "--lang", "kk", "-o", str(tmp_path / "t.pdf"))
    assert code == 0 and "t.pdf" in out, err
    assert label in pdf_text(tmp_path / "t.pdf")
    code, out, err = auyl("report", "answer", "--appeal", str(appeal), "--lang", "ru", "-o", str(tmp_path / "a.pdf"))
    assert code == 1 and "no answer yet" in err and not (tmp_path / "a.pdf").exists()
    appeals.answer(appeal, date(2026, 12, 1), "explained", number="17")
    code, out, err = auyl("report", "answer", "--appeal", str(appeal), "--lang", "ru", "-o", str(tmp_path / "a.pdf"))
    assert code == 0, err
    for suffix in ("pdf", "xlsx"):
        code, out, err = auyl("report", "appeals", "--from", "2026-01-01", "--to", "2026-12-31", "--lang", "ru",
                              "-o", str(tmp_path / f"r.{suffix}"))
        assert code == 0 and (tmp_path / f"r.{suffix}").exists(), err
    code, out, err = auyl("report", "talon", "--appeal", "999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "999" in err


@pytest.mark.every_database(only="sqlite")  # the window's buttons call the same functions
def test_the_window_prints_the_papers_through_the_same_functions(appeal, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.ui import application, language, period_report
    from app.ui.appeal_dialog import AppealDialog
    from app.ui.pages import appeals as appeals_page

    application.application()
    language.apply("en")
    written = []
    monkeypatch.setattr(period_report, "write_and_offer", lambda parent, title, write, path: written.append(write()))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / written_name()), ""))

    def written_name() -> str:
        return f"paper-{len(written)}.pdf"

    dialog = AppealDialog(appeal)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "dirty", False))
    dialog.print_menu.aboutToShow.emit()
    papers_menu = {menu.title(): menu for menu in (a.menu() for a in dialog.print_menu.actions())}
    assert [menu.isEnabled() for menu in papers_menu.values()] == [True, False, False, False]
    papers_menu["Talon of an accepted appeal"].actions()[0].trigger()  # Қазақша
    assert appeals.get(appeal).label in pdf_text(written[-1]) and CENTRE["kk"] in pdf_text(written[-1])

    dialog = appeals_page.register_dialog(None)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.preset.setCurrentIndex(dialog.preset.findText("This year (2026)"))
    dialog.print_report()
    assert "Асқар Нұрланов" in pdf_text(written[-1]) and "Журнал регистрации обращений" in pdf_text(written[-1])
