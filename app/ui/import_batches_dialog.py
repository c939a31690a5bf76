"""The imports of people, the latest first, each with what it did; «Undo the import» asks first, saying
what it will do, then removes the people it added and puts back the people it updated, or says whom
someone changed since, and then nothing is undone (app/services/import_batches.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout

from app.areas import Area
from app.i18n import N_, format_datetime, format_number, ntr, tr
from app.services import import_batches
from app.ui.operations import ServiceCall
from app.ui.table_model import Column, RowsModel, list_view


class ImportBatchesDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.resize(1200, 440)
        self.model = RowsModel([
            Column(N_("No."), lambda b: b.id, align_right=True),
            Column(N_("When"), lambda b: format_datetime(b.at)),
            Column(N_("File"), lambda b: b.file_name),
            Column(N_("Imported by"), lambda b: b.user_name),
            Column(N_("People added"), lambda b: format_number(b.added), align_right=True),
            Column(N_("People updated"), lambda b: format_number(b.updated), align_right=True),
            Column(N_("Rows flagged"), lambda b: format_number(b.flagged), align_right=True),
            Column(N_("Rows rejected"), lambda b: format_number(b.rejected), align_right=True),
            Column(N_("Undone"), lambda b: tr("{time}, {user}", time=format_datetime(b.undone_at),
                                              user=b.undone_by) if b.undone_at else ""),
        ], self)
        self.view = list_view(self.model, 2)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.empty = QLabel()
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_current)
        bar = QHBoxLayout()
        bar.addWidget(self.undo_button)
        bar.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(close)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Imports of people"))
        self.note.setText(tr("Undoing an import removes the people it added and puts the people it updated "
                             "back as they were before it. It is refused if any of them was changed since."))
        self.empty.setText(tr("No imports yet."))
        self.undo_button.setText(tr("Undo the import…"))
        self.model.retranslate()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        rows = import_batches.batches()
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if rows:
            self.view.selectRow(0)
        self._enable()

    def current(self) -> import_batches.BatchRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        batch = self.current()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)

    def undo_current(self) -> ServiceCall | None:
        batch = self.current()
        if batch is None or batch.undone_at is not None:
            return None
        question = "\n\n".join([
            tr("Undo import number {id} ({file}, {time})?", id=batch.id, file=batch.file_name,
               time=format_datetime(batch.at)),
            ntr("{n} person it added will be removed from the register.",
                "{n} people it added will be removed from the register.", batch.people_added),
            ntr("{n} person it updated will get back the values they had before it.",
                "{n} people it updated will get back the values they had before it.", batch.people_updated),
            tr("Villages it added are removed if nobody else uses them. If anyone was changed since, nothing is "
               "undone and you are told who."),
        ])
        answer = QMessageBox.question(self, tr("Undo the import…"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        # Thousands of people take seconds: off the UI thread, with Cancel until it commits.
        return ServiceCall(self, lambda progress, cancelled: import_batches.undo(batch.id, cancelled=cancelled),
                           changes=lambda done: (Area.REGISTER, Area.SETTINGS) if done.villages else (Area.REGISTER,),
                           on_success=self._undone, on_failure=lambda _error: self.refresh(), background=True,
                           title=tr("Undoing the import…"))

    def _undone(self, done: import_batches.Undone) -> None:
        self.refresh()
        lines = [tr("Import number {id} undone: {removed} removed, {restored} put back as they were.", id=done.batch_id,
                    removed=ntr("{n} person", "{n} people", done.removed),
                    restored=ntr("{n} person", "{n} people", done.restored))]
        if done.villages:
            lines.append(tr("Villages removed: {names}", names=", ".join(done.villages)))
        QMessageBox.information(self, tr("Imports of people"), "\n\n".join(lines))
