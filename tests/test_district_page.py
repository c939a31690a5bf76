"""The District page through qtbot (docs/domain.md, Reporting up): on a district office the centres'
packages for the chosen period side by side with the total, the centre without a package and the
overdue marked red and named; packages taken in from a folder with what became of each; a new key
trusted only after the question showing both fingerprints; the report printed for the page's period.
On a centre's office, the page says what it is for and the package dialog shows this office's
fingerprint and writes a package that reads back. Packages here are real: signed with their own keys."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app import i18n
from app.services import district, exchange, settings
from app.ui import application, language
from app.ui.notices import ChangeNotices
from app.ui.package_dialog import PackageDialog
from app.ui.pages import PageContext
from app.ui.pages.district import ALERT_COLOUR, DistrictPage, report_dialog

QUARTER = date(2026, 7, 1), date(2026, 9, 30)
SPRING = date(2026, 4, 1), date(2026, 6, 30)


def identity(name: str, centre_id: str | None = None) -> exchange.Identity:
    key = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    return exchange.Identity(centre_id or str(uuid.uuid4()), "centre", f"{name} орталығы", f"Центр {name}", "334255100",
                             key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()),
                             key.public_key().public_bytes(raw, serialization.PublicFormat.Raw))


def package(folder, who: exchange.Identity, period, residents: int, received: str = "100.00") -> str:
    lists = {"appeals": [{"number": "4/2026", "received_on": "2026-07-02", "kind": "complaint", "channel": "post",
                          "due": "2026-07-23", "status": "open", "answered_on": None, "result": None, "sent_to": ""}],
             "decisions": []}
    path = folder / f"{who.name_ru}-{period[0]:%m}.auylpkg"
    exchange.write_package(path, who, period, {"members.residents": residents, "grants.received/KZT": received,
                                               "meetings.held": 2}, lists)
    return str(path)


@pytest.fixture
def page(qtbot, database):
    application.application()
    language.apply("en")
    settings.save(office_kind="district")
    widget = DistrictPage(PageContext(ChangeNotices(), QAction()), i18n.N_("District"))
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    language.apply("en")
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def show(page, period) -> None:
    page.date_from.setDate(QDate(period[0]))
    page.date_to.setDate(QDate(period[1]))


def take_in(qtbot, page, paths) -> None:
    page._import(paths)
    qtbot.waitUntil(lambda: bool(page.results_model.rows), timeout=10_000)


def test_centres_side_by_side_with_the_total_and_the_missing_named(qtbot, page, tmp_path):
    aul, bel = identity("Ақсу"), identity("Белағаш")
    take_in(qtbot, page, [package(tmp_path, aul, QUARTER, 120), package(tmp_path, bel, QUARTER, 80, "0.50"),
                          package(tmp_path, bel, SPRING, 75)])
    show(page, QUARTER)
    model = page.figures
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Figure", "District total", "Центр Ақсу", "Центр Белағаш"]
    cells = {model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, 4)] for r in range(model.rowCount())}
    assert cells["Residents at the end of the period"] == ["200", "120", "80"]
    assert cells["Received in the period"] == ["100.50\u00a0₸", "100.00\u00a0₸", "0.50\u00a0₸"]  # exact, summed
    assert cells["Grants"] == ["", "", ""]  # a section's heading
    assert page.missing.isHidden()
    show(page, SPRING)
    assert not page.missing.isHidden() and "Центр Ақсу" in page.missing.text()
    assert "color: #b00020" in page.missing.styleSheet()
    headers = [page.figures.headerData(c, Qt.Orientation.Horizontal) for c in range(page.figures.columnCount())]
    assert headers == ["Figure", "District total", "Центр Белағаш"]


def test_the_overdue_stand_out_in_red_and_in_words(qtbot, page, tmp_path):
    take_in(qtbot, page, [package(tmp_path, identity("Ақсу"), QUARTER, 120)])
    show(page, QUARTER)
    assert not page.overdue.isHidden() and "1" in page.overdue.text()
    row = page.overdue_model.index(0, 1)
    assert row.data() == "Appeal 4/2026"
    assert page.overdue_model.data(row, Qt.ItemDataRole.ForegroundRole).color() == ALERT_COLOUR
    assert page.overdue_model.index(0, 3).data() == str((QUARTER[1] - date(2026, 7, 23)).days)


def test_an_import_says_what_became_of_each_file(qtbot, page, tmp_path):
    who = identity("Ақсу")
    good = package(tmp_path, who, QUARTER, 120)
    (tmp_path / "broken.auylpkg").write_text("not a package", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")  # a USB stick's other files are not packages
    take_in(qtbot, page, [str(tmp_path)])
    results = {row.values[0]: row for row in page.results_model.rows}
    assert results["Центр Ақсу-07.auylpkg"].values[3] == "Stored" and not results["Центр Ақсу-07.auylpkg"].alert
    assert results["broken.auylpkg"].alert and results["broken.auylpkg"].values[3].startswith("Refused: ")
    assert "photo.jpg" not in results
    assert page.tabs.currentWidget() is page.results_view
    page.results_model.set_rows([])
    take_in(qtbot, page, [good])
    assert page.results_model.rows[0].values[3] == "Replaced the earlier one"
    assert len(district.packages(*QUARTER)) == 1


def test_a_new_key_is_trusted_only_after_the_question_with_both_fingerprints(qtbot, page, tmp_path, monkeypatch):
    first = identity("Ақсу")
    take_in(qtbot, page, [package(tmp_path, first, SPRING, 110)])
    again = identity("Ақсу", centre_id=first.centre_id)
    page.results_model.set_rows([])
    take_in(qtbot, page, [package(tmp_path, again, QUARTER, 120)])
    assert page.results_model.rows[0].alert
    assert page.trust_button.isEnabled()
    asked = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.trust_key()
    assert district.centres()[0].pending_fingerprint == exchange.fingerprint(again.public_key)  # said no
    page.trust_key()
    old, new = exchange.fingerprint(first.public_key), exchange.fingerprint(again.public_key)
    assert old in asked[0] and new in asked[0]
    assert district.centres()[0].fingerprint == new and district.centres()[0].pending_fingerprint == ""
    assert not page.trust_button.isEnabled()


def test_print_opens_on_the_pages_period(qtbot, page):
    show(page, SPRING)
    dialog = report_dialog(page, page.chosen())
    assert dialog.period() == SPRING
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == ["kk", "ru"]
    dialog.close()


def test_a_centres_office_reads_what_the_page_is_for_and_sends_its_package(qtbot, database, tmp_path, monkeypatch):
    application.application()
    language.apply("en")
    widget = DistrictPage(PageContext(ChangeNotices(), QAction()), i18n.N_("District"))
    widget.show()
    qtbot.waitExposed(widget)
    assert not widget.hint.isHidden() and not widget.export_button.isHidden()
    assert widget.import_button.isHidden() and widget.trust_button.isHidden()  # a centre takes in no packages
    dialog = PackageDialog(today=date(2026, 12, 7), parent=widget)
    assert dialog.fingerprint.text() == exchange.own_fingerprint()
    assert (dialog.date_from.date().toPython(), dialog.date_to.date().toPython()) == QUARTER
    target = tmp_path / "q3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    said = []

    def answer(parent, title, text, *args):  # yes to the cover page
        said.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    previewed = []
    monkeypatch.setattr("app.ui.pdf_preview.show", lambda _parent, path: previewed.append(str(path)))
    dialog.export()
    qtbot.waitUntil(lambda: bool(previewed), timeout=30_000)
    written = tmp_path / "q3.auylpkg"
    assert exchange.read_package(written).figures["members.residents"] == 0
    assert exchange.own_fingerprint() in said[0] and str(written) in said[0]
    cover = tmp_path / "q3-cover.pdf"
    assert previewed == [str(cover)] and len(said) == 1
    text = "".join(page.extract_text() for page in PdfReader(cover).pages)
    assert exchange.own_fingerprint() in text and "q3.auylpkg" in text
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def test_the_figures_names_stay_in_view_when_the_centres_scroll_sideways(qtbot, page, tmp_path):
    take_in(qtbot, page, [package(tmp_path, identity(f"Ауыл {n}"), QUARTER, 10 + n) for n in range(12)])
    show(page, QUARTER)
    view = page.figures_view
    page.tabs.setCurrentWidget(view)
    frozen = view.frozen
    assert page.figures.columnCount() == 14  # the names, the total and twelve centres
    assert [frozen.isColumnHidden(c) for c in range(3)] == [False, True, True]
    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert bar.value() > view.columnWidth(0)  # the names' own column is scrolled out of the table
    assert frozen.isVisible() and frozen.geometry().left() <= view.frameWidth()
    assert frozen.width() == view.columnWidth(0) == frozen.columnWidth(0)
    row = next(r for r in range(page.figures.rowCount())
               if page.figures.index(r, 0).data() == "Residents at the end of the period")
    assert frozen.visualRect(page.figures.index(row, 0)).left() == 0  # still drawn at the left edge
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert frozen.verticalScrollBar().value() == view.verticalScrollBar().value()  # the rows stay side by side
    view.setColumnWidth(0, 300)
    assert frozen.columnWidth(0) == frozen.width() == 300
