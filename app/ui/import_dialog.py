"""Importing people from a spreadsheet: the columns found (staff can correct them), the first rows,
then the import itself off the UI thread, with progress, Cancel and a summary."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.areas import Area
from app.i18n import format_number, tr
from app.services import member_import
from app.ui.operations import ServiceCall

LEAVE_OUT = None


class ImportDialog(QDialog):
    def __init__(self, path: str, parent=None):
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(tr("Import people from a file"))
        self.resize(900, 520)
        self.preview = member_import.preview(path)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        headers = self.preview.headers
        self.table = QTableWidget(len(self.preview.rows) + 1, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setVerticalHeaderLabels([tr("Column")] + [str(number) for number, _cells in self.preview.rows])
        self.choices: list[QComboBox] = []
        for column in range(len(headers)):
            combo = QComboBox()
            combo.addItem(tr("— leave out —"), LEAVE_OUT)
            for field, label in member_import.FIELD_LABELS.items():
                combo.addItem(tr(label), field)
            combo.setCurrentIndex(max(0, combo.findData(self.preview.mapping.get(column))))
            combo.currentIndexChanged.connect(self._check_mapping)
            self.table.setCellWidget(0, column, combo)
            self.choices.append(combo)
        for row, (_number, cells) in enumerate(self.preview.rows, start=1):
            for column, text in enumerate(cells[:len(headers)]):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.add_villages = QCheckBox(tr("Add villages the district does not have yet instead of rejecting their rows"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.add_villages)
        layout.addWidget(self.buttons)
        self.note.setText(tr("Check which column holds what. Rows with mistakes are not imported: they are "
                             "listed, with the reason, in a file beside this one, to correct and import again."))
        self._check_mapping()
        if self.preview.problem:
            self.problem.setText(self.preview.problem)

    def mapping(self) -> dict[int, str]:
        return {column: combo.currentData() for column, combo in enumerate(self.choices)
                if combo.currentData() is not LEAVE_OUT}

    def _check_mapping(self) -> None:
        chosen = list(self.mapping().values())
        twice = sorted({field for field in chosen if chosen.count(field) > 1})
        names = {"surname", "given_name"} <= set(chosen) or member_import.FULL_NAME in chosen
        if twice:
            self.problem.setText(tr("Each kind of data can come from one column only: {fields}",
                                    fields=", ".join(tr(member_import.FIELD_LABELS[f]) for f in twice)))
        elif not names:
            self.problem.setText(tr("Choose the columns with the surname and the given name (or the full name)."))
        else:
            self.problem.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not twice and names)

    def start_import(self) -> None:
        from app.printing.members import import_people  # loaded on first use: the reports are heavy

        mapping, add_villages = self.mapping(), self.add_villages.isChecked()
        self.buttons.setEnabled(False)
        ServiceCall(self, lambda progress, cancelled: import_people(
            self.path, add_villages=add_villages, mapping=mapping, progress=progress, cancelled=cancelled),
            changes=Area.REGISTER, background=True, title=tr("Importing…"), on_success=self._finished,
            on_failure=lambda _error: self.buttons.setEnabled(True))  # the register is as it was

    def _finished(self, result) -> None:
        self.buttons.setEnabled(True)
        lines = [tr("Added: {added}. Updated: {updated}. Not imported: {rejected}.",
                    added=format_number(result.added), updated=format_number(result.updated),
                    rejected=format_number(len(result.rejected) + len(result.flagged)))]
        if result.rejects_path:
            lines.append(tr("The rows not imported, with the reasons, are in {path}", path=str(result.rejects_path)))
        QMessageBox.information(self, tr("Import people from a file"), "\n\n".join(lines))
        self.accept()
