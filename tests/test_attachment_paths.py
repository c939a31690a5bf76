"""A stored attachment name cannot put a file anywhere: it is reduced to a bare name when a file is
read in and whenever one is written out, copies for the viewer stay in the attachments folder, and
only documents and pictures are opened: a PDF in the program's preview (a damaged one with a message),
a picture in the system's viewer; anything else is offered for saving."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app import db
from app.errors import ValidationError
from app.models import Expense, LocalIssueAttachment
from app.services import files, grants, local_issues
from app.services.grants import DonorData, ExpenseData, GrantData, LineData
from app.services.local_issues import IssueData
from app.ui import attachments, pdf_preview
from tests.small_pdf import small_pdf

PDF = small_pdf("receipt")


@pytest.mark.parametrize("stored, bare", [
    ("receipt.pdf", "receipt.pdf"),
    ("чек-0412.png", "чек-0412.png"),
    ("../../../../etc/cron.d/evil.pdf", "evil.pdf"),
    ("/home/staff/.bashrc", "bashrc"),
    ("..\\..\\Windows\\System32\\evil.pdf", "evil.pdf"),
    ("C:\\Users\\Public\\Desktop\\evil.pdf", "evil.pdf"),
    ("C:evil.pdf", "C_evil.pdf"),
    ("scan.pdf:hidden.exe", "scan.pdf_hidden.exe"),
    ("scan.pdf. . ", "scan.pdf"),
    ("a\x00b\nc.pdf", "a_b_c.pdf"),
    ("CON.txt", "_CON.txt"),
    ("nul", "_nul"),
    ("..", "attachment"),
    ("../", "attachment"),
    ("", "attachment"),
])
def test_a_stored_name_is_reduced_to_a_bare_name(stored, bare):
    assert files.bare_name(stored) == bare


def test_a_long_name_is_cut_keeping_its_extension():
    name = files.bare_name("қ" * 300 + ".pdf")
    assert len(name) <= 120 and name.endswith("қ.pdf")


@pytest.mark.parametrize("name, viewable", [
    ("receipt.pdf", True), ("photo.JPG", True), ("act.docx", True), ("budget.xlsx", True), ("note.txt", True),
    ("setup.exe", False), ("run.bat", False), ("script.js", False), ("link.lnk", False), ("page.html", False),
    ("macro.docm", False), ("receipt.pdf.exe", False), ("../evil.exe", False), ("no-extension", False),
])
def test_only_documents_and_pictures_are_for_the_viewer(name, viewable):
    assert files.viewable(name) is viewable


def test_a_copy_for_the_viewer_stays_in_the_attachments_folder(database):
    folder = files.attachments_folder()
    for stored in ("../../../outside.pdf", "/tmp/outside.pdf", "..\\outside.pdf"):
        copy = files.copy_for_viewer(stored, PDF, "../expense-1")
        assert copy == folder / "expense-1" / "outside.pdf" and copy.read_bytes() == PDF
    with pytest.raises(ValidationError, match="is not a document or a picture"):
        files.copy_for_viewer("setup.exe", b"MZ", "expense-1")


def test_a_link_planted_in_the_attachments_folder_is_not_followed(database, tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"kept")
    folder = files.attachments_folder() / "expense-2"
    folder.mkdir(parents=True)
    (folder / "receipt.pdf").symlink_to(outside)
    with pytest.raises(ValidationError, match="cannot be written to the attachments folder"):
        files.copy_for_viewer("receipt.pdf", PDF, "expense-2")
    assert outside.read_bytes() == b"kept"


def test_a_file_is_stored_under_its_bare_name(database, tmp_path):
    scan = tmp_path / "..\\..\\evil.pdf"  # a legal name on Linux, a path on Windows
    scan.write_bytes(PDF)
    assert files.read_attachment(scan)[:2] == ("evil.pdf", "application/pdf")


def hand_edited(model, record_id: int, column: str, value: str) -> None:
    """What a database edited outside the program (or by an older one) may hold."""
    with db.unit_of_work() as session:
        setattr(session.get(model, record_id), column, value)


def test_an_issue_attachment_with_a_planted_name_is_saved_inside_the_chosen_folder(database, tmp_path):
    issue = local_issues.create(IssueData(title="Шұңқыр", category="Жолдар (дороги)", raised_on=date(2026, 3, 2),
                                          village_id=1, raiser_name="Асқар"))
    photo = tmp_path / "pothole.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    attachment = local_issues.add_attachment(issue, photo)
    hand_edited(LocalIssueAttachment, attachment, "file_name", str(tmp_path / "outside" / "evil.png"))
    copy = local_issues.save_attachment(attachment, tmp_path / "out")
    assert copy == tmp_path / "out" / "evil.png" and not (tmp_path / "outside").exists()


@pytest.fixture
def expense_with_scan(database, tmp_path):
    donor = grants.save_donor(DonorData("Қор", "private"))
    grant = grants.create_grant(GrantData(donor, "Д-1", date(2026, 1, 10), date(2026, 1, 10), date(2026, 12, 31),
                                          "KZT", "100 000"), [LineData("1", "Баспа", "100 000")])
    scan = tmp_path / "receipt.pdf"
    scan.write_bytes(PDF)
    return grants.add_expense(grant, ExpenseData(grants.get(grant).lines[0].id, date(2026, 2, 1), "100",
                                                 scan_path=scan))


@pytest.mark.parametrize("stored, opened", [("../../../../tmp/evil.pdf", "evil.pdf"), ("receipt.pdf", "receipt.pdf")])
def test_a_scan_is_opened_from_the_attachments_folder_whatever_its_stored_name(
        expense_with_scan, qtbot, monkeypatch, stored, opened):
    hand_edited(Expense, expense_with_scan, "scan_name", stored)
    urls, saves = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: saves.append(a) or ("", ""))
    parent = QWidget()
    qtbot.addWidget(parent)
    name, _type, content = grants.expense_scan(expense_with_scan)
    attachments.open_or_save(parent, name, content, f"expense-scan-{expense_with_scan}")
    [preview] = parent.findChildren(pdf_preview.PdfPreview)
    assert preview.path == files.attachments_folder() / f"expense-scan-{expense_with_scan}" / opened
    assert preview.page_count() == 1 and urls == [] and saves == []
    preview.close()


def test_a_picture_goes_to_the_system_viewer(expense_with_scan, qtbot, monkeypatch):
    hand_edited(Expense, expense_with_scan, "scan_name", "receipt.png")
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()))
    parent = QWidget()
    qtbot.addWidget(parent)
    name, _type, content = grants.expense_scan(expense_with_scan)
    attachments.open_or_save(parent, name, content, f"expense-scan-{expense_with_scan}")
    assert urls == [str(files.attachments_folder() / f"expense-scan-{expense_with_scan}" / "receipt.png")]
    assert parent.findChildren(pdf_preview.PdfPreview) == []


@pytest.mark.parametrize("content", [b"%PDF-1.4 a scan cut short", small_pdf(pages=0)])
def test_a_pdf_that_cannot_be_read_says_so_and_does_not_hang(expense_with_scan, qtbot, content):
    hand_edited(Expense, expense_with_scan, "scan_name", "receipt.pdf")
    parent = QWidget()
    qtbot.addWidget(parent)
    shown = []

    def close_the_message(tries: int = 40) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.close()
        elif tries:
            QTimer.singleShot(50, lambda: close_the_message(tries - 1))

    QTimer.singleShot(50, close_the_message)
    attachments.open_or_save(parent, "receipt.pdf", content, f"expense-scan-{expense_with_scan}")
    copy = files.attachments_folder() / f"expense-scan-{expense_with_scan}" / "receipt.pdf"
    assert shown == [f"{copy} cannot be shown: it is not a PDF file this program can read."]
    assert parent.findChildren(pdf_preview.PdfPreview) == []


def test_a_file_that_is_not_a_document_or_a_picture_is_offered_for_saving(expense_with_scan, qtbot, monkeypatch,
                                                                         tmp_path):
    hand_edited(Expense, expense_with_scan, "scan_name", "..\\invoice.pdf.exe")
    urls, offered = [], []
    target = tmp_path / "saved.bin"

    def save_dialog(_parent, title, name, *rest):
        offered.append((title, name))
        return str(target), ""

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    parent = QWidget()
    qtbot.addWidget(parent)
    name, _type, content = grants.expense_scan(expense_with_scan)
    attachments.open_or_save(parent, name, content, f"expense-scan-{expense_with_scan}")
    assert urls == [] and target.read_bytes() == PDF
    assert offered == [("invoice.pdf.exe is not a document or a picture: save it, and open it yourself if you "
                        "trust it", "invoice.pdf.exe")]
    assert not (files.attachments_folder() / f"expense-scan-{expense_with_scan}").exists()
