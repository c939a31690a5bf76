"""Importing people from a spreadsheet: the columns found (staff can correct them), the first rows,
the encoding a .csv was read in (detected; staff can choose another, and the rows are read again in it),
then the plan (a dry run: who is added, each changed field, what is flagged or rejected, whose sex is
to confirm) to confirm, the import itself off the UI thread, with progress, Cancel and a summary, the
people added whose sex is to confirm (read from the name, or unknown), and last the review of the
rows whose IIN belongs to someone else: the register's values and the file's side by side, the
file's taken (the ticked fields, into the same import, so undoing it undoes them too) or the
register's kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.areas import Area
from app.errors import ValidationError
from app.i18n import format_number, ntr, tr
from app.services import member_import
from app.ui.language import FollowsLanguage
from app.ui.operations import ServiceCall

LEAVE_OUT = None


class ImportDialog(FollowsLanguage, QDialog):
    def __init__(self, path: str, parent=None):
        super().__init__(parent)
        self.path = path
        self.planned = None  # the dry run's result for the columns chosen, once it ran
        self.batch_id: int | None = None  # the import's number once it is written
        self.reviews: list[member_import.Flagged] = []
        self.setWindowTitle(tr("Import people from a file"))
        self.resize(900, 620)
        self.preview = member_import.preview(path)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        self.encoding = QComboBox()
        for code, label in member_import.ENCODINGS.items():
            self.encoding.addItem(tr(label), code)
        self.encoding.currentIndexChanged.connect(self._read_again)
        self.encoding_row = QWidget()
        encoding_label = QLabel(tr("Encoding of the file:"))
        encoding_label.setBuddy(self.encoding)
        row = QHBoxLayout(self.encoding_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(encoding_label)
        row.addWidget(self.encoding)
        row.addStretch(1)
        self.table = QTableWidget()
        self.choices: list[QComboBox] = []
        self.add_villages = QCheckBox(tr("Add villages the district does not have yet instead of rejecting their rows"))
        self.add_villages.toggled.connect(self._check_mapping)
        self.plan = QPlainTextEdit()
        self.plan.setReadOnly(True)
        self.plan.hide()
        self.review = self._review_panel()
        self.review.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.encoding_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.plan, 1)
        layout.addWidget(self.review, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.add_villages)
        layout.addWidget(self.buttons)
        self.note.setText(tr("Check which column holds what. Rows with mistakes are not imported: they are "
                             "listed, with the reason, in a file beside this one, to correct and import again."))
        self._show_preview()

    def _show_preview(self) -> None:
        """The columns and first rows of ``self.preview``, with the encoding it was read in."""
        shown = self.preview
        self.encoding_row.setVisible(shown.encoding is not None)
        self.encoding.blockSignals(True)
        self.encoding.setCurrentIndex(max(0, self.encoding.findData(shown.encoding)))
        self.encoding.blockSignals(False)
        headers = shown.headers
        self.table.clear()
        self.table.setRowCount(len(shown.rows) + 1)
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setVerticalHeaderLabels([tr("Column")] + [str(number) for number, _cells in shown.rows])
        self.choices = []
        for column in range(len(headers)):
            combo = QComboBox()
            combo.addItem(tr("— leave out —"), LEAVE_OUT)
            for field, label in member_import.FIELD_LABELS.items():
                combo.addItem(tr(label), field)
            combo.setCurrentIndex(max(0, combo.findData(shown.mapping.get(column))))
            combo.currentIndexChanged.connect(self._check_mapping)
            self.table.setCellWidget(0, column, combo)
            self.choices.append(combo)
        for row, (_number, cells) in enumerate(shown.rows, start=1):
            for column, text in enumerate(cells[:len(headers)]):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._check_mapping()
        if shown.problem:
            self.problem.setText(shown.problem)

    def _read_again(self) -> None:
        """The file read again in the encoding chosen: its rows, columns and any problem anew."""
        try:
            self.preview = member_import.preview(self.path, encoding=self.encoding.currentData())
        except ValidationError as error:  # the file went away or changed meanwhile
            self.problem.setText(error.message())
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        self._show_preview()

    def _review_panel(self) -> QWidget:
        panel = QWidget()
        self.review_list = QListWidget()
        self.review_list.setWordWrap(True)  # a reason names two people: read whole, not scrolled sideways
        self.review_list.currentRowChanged.connect(self._show_review)
        self.review_table = QTableWidget(0, 3)
        self.review_table.setHorizontalHeaderLabels([tr("Field"), tr("In the register"), tr("In the file")])
        self.take_file = QPushButton(tr("Take the file's ticked values"))
        self.take_file.clicked.connect(self.take_files_version)
        self.keep_register = QPushButton(tr("Keep the register's"))
        self.keep_register.clicked.connect(self.keep_registers_version)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_register)
        buttons.addWidget(self.take_file)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.review_list)
        layout.addWidget(self.review_table, 1)
        layout.addLayout(buttons)
        return panel

    def mapping(self) -> dict[int, str]:
        return {column: combo.currentData() for column, combo in enumerate(self.choices)
                if combo.currentData() is not LEAVE_OUT}

    def _check_mapping(self) -> None:
        # Other columns or villages make another plan: it is made again before anything is written.
        self.planned = None
        self.plan.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
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
        """The first press shows the plan; the next one, with the same columns, imports."""
        from app.printing.members import import_people  # loaded on first use: the reports are heavy

        mapping, add_villages, dry_run = self.mapping(), self.add_villages.isChecked(), self.planned is None
        self.buttons.setEnabled(False)
        encoding = self.preview.encoding
        ServiceCall(self, lambda progress, cancelled: import_people(
            self.path, add_villages=add_villages, mapping=mapping, progress=progress, cancelled=cancelled,
            dry_run=dry_run, encoding=encoding),
            changes=() if dry_run else Area.REGISTER, background=True, title=tr("Importing…"),
            on_success=self._planned if dry_run else self._finished,
            on_failure=lambda _error: self.buttons.setEnabled(True))  # the register is as it was

    def _planned(self, result) -> None:
        self.buttons.setEnabled(True)
        self.plan.setPlainText("\n".join(member_import.plan_lines(result)))
        self.plan.show()
        self.planned = result
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Confirm the import"))

    def _finished(self, result) -> None:
        self.buttons.setEnabled(True)
        self.batch_id = result.batch_id
        lines = [tr("Added: {added}. Updated: {updated}. Not imported: {rejected}.",
                    added=format_number(result.added), updated=format_number(result.updated),
                    rejected=format_number(len(result.rejected) + len(result.flagged)))]
        if result.rejects_path:
            lines.append(tr("The rows not imported, with the reasons, are in {path}", path=str(result.rejects_path)))
        self.reviews = [flagged for flagged in result.flagged if flagged.member_id is not None]
        if not self.reviews and not result.guessed:
            QMessageBox.information(self, tr("Import people from a file"), "\n\n".join(lines))
            self.accept()
            return
        for widget in (self.table, self.plan, self.problem, self.add_villages):
            widget.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Close"))
        if result.guessed:  # added, but the sex is only the name's guess or unknown: open them and check
            lines.append(ntr("{n} person was added whose sex is to confirm:",
                             "{n} people were added whose sex is to confirm:", len(result.guessed)))
            self.plan.setPlainText("\n".join(tr("row {row}: {reason}", row=number, reason=note)
                                             for number, note in result.guessed))
            self.plan.show()
        if self.reviews:
            lines.append(tr("The IIN of these rows belongs to someone else in the register. For each, take the "
                            "file's values (untick those to keep) or keep the register's."))
            self.review.show()
            self.review_list.addItems([tr("row {row}: {reason}", row=flagged.row, reason=flagged.reason)
                                       for flagged in self.reviews])
            self.review_list.setCurrentRow(0)
        self.note.setText("\n\n".join(lines))

    def _show_review(self, index: int) -> None:
        fields = self.reviews[index].fields if 0 <= index < len(self.reviews) else ()
        self.review_table.setRowCount(len(fields))
        for row, change in enumerate(fields):
            self.review_table.setItem(row, 0, QTableWidgetItem(tr(change.label)))
            self.review_table.setItem(row, 1, QTableWidgetItem(change.old_text))
            taken = QTableWidgetItem(change.new_text)
            taken.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            taken.setCheckState(Qt.CheckState.Checked)
            self.review_table.setItem(row, 2, taken)
        self.review_table.resizeColumnsToContents()

    def take_files_version(self) -> None:
        """Writes the ticked values of the file into the person, unless they changed meanwhile."""
        index = self.review_list.currentRow()
        if not 0 <= index < len(self.reviews):
            return
        flagged = self.reviews[index]
        values = {change.name: change.new for row, change in enumerate(flagged.fields)
                  if self.review_table.item(row, 2).checkState() == Qt.CheckState.Checked}
        ServiceCall(self, lambda: member_import.apply_reviewed(flagged.member_id, values, flagged.version,
                                                               batch_id=self.batch_id),
                    changes=Area.REGISTER, on_success=lambda _result: self._reviewed(index))

    def keep_registers_version(self) -> None:
        index = self.review_list.currentRow()
        if 0 <= index < len(self.reviews):
            self._reviewed(index)

    def _reviewed(self, index: int) -> None:
        del self.reviews[index]
        self.review_list.takeItem(index)
        if self.reviews:
            return
        if self.plan.isHidden():
            self.accept()
        else:  # the people whose sex is to confirm stay listed
            self.review.hide()
