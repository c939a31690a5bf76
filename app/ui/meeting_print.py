"""Printing a meeting's protocol, blank registration sheet or notice: the file asked for, the PDF (or, for the
protocol and the notice, the Word copy chosen beside it in the file's type) made off the UI thread, then shown
in the print preview (a Word copy offered to open). Shared by the meetings list, the meeting editor and the decisions page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.i18n import N_, tr
from app.ui import pdf_preview
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
PDF, WORD = "PDF (*.pdf)", "Word (*.docx)"
PDF_OR_WORD = f"{PDF};;{WORD}"  # a Word copy for the secretary to adjust a sentence before signing
WORD_DOCUMENTS = {"minutes", "notice"}  # the blank sheet is a form: a PDF only


def chosen_path(path: str, chosen_type: str) -> str:
    """The file name with the extension of the type chosen in the dialog when none was typed: the
    extension tells the printing which format to write."""
    if Path(path).suffix.lower() in (".pdf", ".docx"):
        return path
    return path + (".docx" if chosen_type == WORD else ".pdf")


def default_path(what: str, number: int, year: int, lang: str) -> Path:
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    return documents / f"{DOCUMENTS[what][1]}-{number}-{year}-{lang}.pdf"


def print_document(parent: QWidget, meeting_id: int, number: int, year: int, what: str, lang: str,
                   on_written=None) -> None:
    render, _stem, title = DOCUMENTS[what]
    path, chosen_type = QFileDialog.getSaveFileName(parent, tr(title), str(default_path(what, number, year, lang)),
                                                    PDF_OR_WORD if what in WORD_DOCUMENTS else PDF)
    if not path:
        return
    path = chosen_path(path, chosen_type)

    def done(result, error):
        if error is not None:
            return  # shown by run_task
        written = str(result or path)
        if on_written:
            on_written(written)
        pdf_preview.offer(parent, written, (tr(title), tr("Written to {path}. Open it now?", path=written)))

    run_task(parent, lambda progress, cancelled: render(meeting_id, lang, path), title=tr("Printing…"),
             on_done=done)
