"""The donors list: add and edit a donor (name, kind, BIN checked by the service), delete one with
no grants."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLineEdit, QMessageBox, QPushButton, QVBoxLayout

from app.areas import Area
from app.errors import Conflict, NotFound
from app.i18n import N_, format_number, tr
from app.services import drafts, grants
from app.ui import conflict
from app.ui.errors import show_error
from app.ui.grant_form import FormDialog
from app.ui.notices import ChangeNotices
from app.ui.operations import ServiceCall
from app.ui.table_model import Column, RowsModel, list_view


class DonorForm(FormDialog):
    """A new donor or one to edit; ``draft``: typing a crash left behind (app/ui/drafts.py)."""

    changes = frozenset({Area.GRANTS})
    draft_kind = "donor"

    def __init__(self, donor: grants.DonorRow | None = None, parent=None, draft: drafts.Draft | None = None):
        kind = QComboBox()
        for code, label in grants.DONOR_KINDS.items():
            kind.addItem(tr(label), code)
        bin_edit = QLineEdit()
        bin_edit.setPlaceholderText(tr("12 digits, if the donor has one"))
        super().__init__(tr("Donor"), [("name", N_("Donor's name"), QLineEdit()), ("kind", N_("Kind of donor"), kind),
                                       ("bin", N_("BIN"), bin_edit), ("notes", N_("Notes"), QLineEdit())], parent)
        self.donor = donor
        self.saved_id: int | None = None
        if donor is not None:
            self._show(donor)
        self.keep_drafts(lambda: self.donor.id if self.donor else None, self._draft_title, draft)

    @classmethod
    def reopen(cls, draft: drafts.Draft, parent=None) -> DonorForm:
        """The form of a draft's donor, with the draft's typing."""
        donor = None
        if draft.key is not None:
            donor = next((row for row in grants.donors() if row.id == draft.key), None)
            if donor is None:
                raise NotFound("No donor with number {id}.", id=draft.key)
        return cls(donor, parent=parent, draft=draft)

    def draft_values(self) -> dict:
        return {"version": self.donor.version if self.donor else None}

    def retyped(self, values: dict) -> None:
        if self.donor is not None:  # typed over that version: a save over a newer one shows theirs
            self.donor = replace(self.donor, version=values["version"])

    def _draft_title(self) -> str:
        name = self.inputs["name"].text().strip()
        return tr("the donor «{name}»", name=name) if name else tr("a new donor")

    def _show(self, donor: grants.DonorRow) -> None:
        self.inputs["name"].setText(donor.name)
        self.inputs["kind"].setCurrentIndex(self.inputs["kind"].findData(donor.kind))
        self.inputs["bin"].setText(donor.bin)
        self.inputs["notes"].setText(donor.notes)

    def save(self) -> None:
        data = grants.DonorData(self.inputs["name"].text(), self.inputs["kind"].currentData(),
                                self.inputs["bin"].text(), self.inputs["notes"].text(),
                                version=self.donor.version if self.donor else None)
        self.saved_id = grants.save_donor(data, self.donor.id if self.donor else None)

    def handlers(self) -> dict:
        return {Conflict: self.on_conflict}

    def on_conflict(self, error: Conflict) -> None:
        fresh = next((d for d in grants.donors() if d.id == self.donor.id), None)
        if fresh is None:  # deleted meanwhile: nothing to reload
            show_error(self, error)
            return
        labels = {"name": N_("Donor's name"), "kind": N_("Kind of donor"), "bin": N_("BIN"), "notes": N_("Notes")}
        if conflict.reload_theirs(self, error, labels, self.inputs):
            self._show(fresh)
        self.donor = fresh  # either way the next save answers the version just shown


class DonorsDialog(QDialog):
    def __init__(self, notices: ChangeNotices | None = None, parent=None):
        super().__init__(parent)
        self.notices = notices
        self.resize(720, 420)
        self.model = RowsModel([
            Column(N_("Donor"), lambda d: d.name),
            Column(N_("Kind of donor"), lambda d: tr(grants.DONOR_KINDS[d.kind])),
            Column(N_("BIN"), lambda d: d.bin),
            Column(N_("Grants"), lambda d: format_number(d.grants), align_right=True),
        ], self)
        self.view = list_view(self.model, 0)
        self.view.doubleClicked.connect(lambda _index: self.edit_current())
        self.add_button, self.edit_button, self.delete_button = QPushButton(), QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(close)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Donors"))
        self.add_button.setText(tr("Add…"))
        self.edit_button.setText(tr("Edit…"))
        self.delete_button.setText(tr("Delete…"))
        self.model.retranslate()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.model.set_rows(grants.donors())

    def current(self) -> grants.DonorRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def add(self) -> int | None:
        form = DonorForm(parent=self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            return form.saved_id
        return None

    def edit_current(self) -> None:
        donor = self.current()
        if donor is not None and DonorForm(donor, parent=self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def delete_current(self) -> None:
        donor = self.current()
        if donor is None:
            return
        answer = QMessageBox.question(self, tr("Delete…"), tr("Delete the donor «{name}»?", name=donor.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: grants.delete_donor(donor.id), changes=Area.GRANTS,
                    on_success=lambda _r: self.refresh())
