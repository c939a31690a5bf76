"""Printing a meeting's protocol, blank registration sheet or notice: the file asked for, the PDF made off the UI thread,
then offered to open. Shared by the meetings list and the meeting editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.i18n import N_, tr
from app.ui.work import run_task


# The printing module is loaded when a document is first printed: reportlab is heavy.
def _print_minutes(meeting_id: int, lang: str, path: str) -> Path:
    from app.printing import meetings

    return meetings.print_minutes(meeting_id, lang, path)


def _print_sheet(meeting_id: int, lang: str, path: str) -> Path:
    from app.printing import meetings

    return meetings.print_sheet(meeting_id, lang, path)


def _print_notice(meeting_id: int, lang: str, path: str) -> Path:
    from app.printing import meetings

    return meetings.print_notice(meeting_id, lang, path)


# what: (printing function, file name stem, dialog title)
DOCUMENTS = {
    "minutes": (_print_minutes, "protocol", N_("Print the protocol")),
    "sheet": (_print_sheet, "registration-sheet", N_("Print the blank registration sheet")),
    "notice": (_print_notice, "notice", N_("Print the notice")),
}
LANGUAGE_LABELS = {"kk": N_("in Kazakh"), "ru": N_("in Russian")}


def default_path(what: str, number: int, year: int, lang: str) -> Path:
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    return documents / f"{DOCUMENTS[what][1]}-{number}-{year}-{lang}.pdf"


def print_document(parent: QWidget, meeting_id: int, number: int, year: int, what: str, lang: str,
                   on_written=None) -> None:
    render, _stem, title = DOCUMENTS[what]
    path, _filter = QFileDialog.getSaveFileName(parent, tr(title), str(default_path(what, number, year, lang)),
                                                "PDF (*.pdf)")
    if not path:
        return

    def done(result, error):
        if error is not None:
            return  # shown by run_task
        written = str(result or path)
        if on_written:
            on_written(written)
        answer = QMessageBox.question(parent, tr(title), tr("Written to {path}. Open it now?", path=written))
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(written))

    run_task(parent, lambda progress, cancelled: render(meeting_id, lang, path), title=tr("Printing…"),
             on_done=done)
