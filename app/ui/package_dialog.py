"""The period's package for the district (docs/domain.md, Reporting up): a quarter, the year or any
dates, written to a file signed with this office's key. The dialog shows the key's fingerprint, which
the district compares when it first takes a package in. A district office sends its consolidated
figures up the same way."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
)

from app import clock, i18n
from app.i18n import tr
from app.services import exchange
from app.ui.dates import date_of
from app.ui.language import FollowsLanguage
from app.ui.operations import ServiceCall
from app.ui.period_report import PeriodFields

SUFFIX = exchange.SUFFIX


class PackageDialog(FollowsLanguage, QDialog):
    """Opens on the last quarter: the one the district asks for."""

    def __init__(self, today: date | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Package for the district"))
        self.fields = PeriodFields(today or clock.today())
        self.period, self.date_from, self.date_to = self.fields.choice, self.fields.date_from, self.fields.date_to
        self.fingerprint = QLabel(exchange.own_fingerprint())
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setWordWrap(True)
        note = QLabel(tr("The package holds the period's figures and lists without any resident's personal data, "
                         "signed with this office's key. The district compares this fingerprint with the one it "
                         "sees when it first takes a package from this office."))
        note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        form = QFormLayout()
        form.addRow(tr("Period"), self.period)
        form.addRow("", dates)
        form.addRow(tr("Key fingerprint"), self.fingerprint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Export…"))
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.period.setCurrentIndex(1)  # the last quarter

    def export(self) -> None:
        date_from, date_to = date_of(self.date_from), date_of(self.date_to)
        if date_from is None or date_to is None or date_to < date_from:
            self.error.setText(tr("Choose the period: its first day, then its last."))
            return
        name = f"package-{date_from:%Y%m%d}-{date_to:%Y%m%d}{SUFFIX}"
        path, _filter = QFileDialog.getSaveFileName(self, tr("Package for the district"), name,
                                                    tr("Packages (*{suffix})", suffix=SUFFIX))
        if not path:
            return
        if not path.lower().endswith(SUFFIX):
            path += SUFFIX
        ServiceCall(self, lambda progress, cancelled: exchange.export(date_from, date_to, path), background=True,
                    title=tr("Writing the package…"), on_success=lambda _result: self._written(path))

    def _written(self, path: str) -> None:
        answer = QMessageBox.question(self, tr("Package for the district"),
                                      tr("The package is written to {path}. Its fingerprint: {fingerprint}\n\n"
                                         "Print its cover page, to sign and send with it?", path=path,
                                         fingerprint=self.fingerprint.text()))
        self.accept()
        if answer != QMessageBox.StandardButton.Yes:
            return
        from app.printing.district import print_cover  # loaded on first use: reportlab is heavy

        cover = str(Path(path).with_suffix("")) + "-cover.pdf"
        lang = i18n.current_language() if i18n.current_language() in ("kk", "ru") else "ru"  # papers are kk or ru
        parent = self.parentWidget() or self
        ServiceCall(parent, lambda: print_cover(path, lang, cover), on_success=lambda written: offer(parent, written))


def offer(parent, path) -> None:
    """Shows the cover page just written in the print preview, to print it."""
    from app.ui import pdf_preview

    pdf_preview.show(parent, path)
