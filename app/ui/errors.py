"""How the window shows errors: a domain error as its message, anything else as a generic dialog
with the log file's place (the log holds the details, never personal data)."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import DomainError
from app.i18n import tr

log = logging.getLogger("app.ui")


def show_error(parent: QWidget | None, error: BaseException) -> None:
    if isinstance(error, DomainError):
        QMessageBox.warning(parent, tr("Auyl Office"), error.message())
        return
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    from app.logs import log_file

    QMessageBox.critical(parent, tr("Auyl Office"),
                         tr("Something went wrong and the action was not completed. Nothing you saved "
                            "is lost. The details are in the log file:\n{path}", path=str(log_file())))


def install_excepthook() -> None:
    def hook(kind, error, traceback):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        show_error(None, error.with_traceback(traceback))

    sys.excepthook = hook
