"""Opening an attached file from the window (an issue's photo, an expense's scan): a PDF is shown in the
program's own preview, so it opens even where the system has no PDF program; another document or a
picture goes to the system's viewer; both from a copy in the attachments folder. Any other file is only
saved where the user chooses (app/services/files.py says why)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.i18n import tr
from app.services import files
from app.ui import pdf_preview
from app.ui.operations import ServiceCall


def open_or_save(parent: QWidget, name: str, content: bytes, key: str) -> None:
    """Opens the file in the preview (a PDF) or the system's viewer, or offers to save it when it is not a
    document or a picture; ``key`` names the record's own folder among the copies."""
    if not files.viewable(name):
        save_as(parent, name, content, tr("{name} is not a document or a picture: save it, and open it yourself "
                                          "if you trust it", name=files.bare_name(name)))
        return
    ServiceCall(parent, lambda: files.copy_for_viewer(name, content, key), on_success=lambda path: _open(parent, path))


def _open(parent: QWidget, path) -> None:
    if path.suffix.lower() == ".pdf":
        pdf_preview.show(parent, path)
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def save_as(parent: QWidget, name: str, content: bytes, title: str | None = None) -> None:
    """Asks where to save the file (its bare name offered) and writes it there."""
    target, _filter = QFileDialog.getSaveFileName(parent, title or tr("Save as…"), files.bare_name(name))
    if not target:
        return

    def write() -> None:
        with open(target, "wb") as file:
            file.write(content)

    ServiceCall(parent, write, handlers={OSError: lambda _error: QMessageBox.warning(
        parent, tr("Auyl Office"), tr("{path} cannot be written: check the folder and that the file is not "
                                      "open elsewhere.", path=target))})
