"""One decision's life after the meeting: who carries it out and by when, when it went to the akim,
the akim's answer and its status. Checked by the meetings service; a refusal is shown beside its
field and the dialog keeps everything typed, as a draft too while it is open (app/ui/drafts.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from app.areas import Area
from app.i18n import N_, tr
from app.services import drafts, meetings
from app.services.meetings.decision_register import decision_row, why_not_sent
from app.ui.combo import refill
from app.ui.dates import EMPTY_DATE, date_edit, date_of
from app.ui.drafts import DraftKeeper, retype, typed_values
from app.ui.hall_screen import meeting_caption
from app.ui.language import FollowsLanguage
from app.ui.operations import Fields, Reconcile, ServiceCall
from app.ui.unsaved import close_asking

LABELS = {"responsible": N_("Responsible"), "deadline": N_("Deadline"), "sent_on": N_("Sent to the akim"),
          "answer_on": N_("Answer received"), "answer_text": N_("The akim's answer"), "status": N_("Status")}
# A refused save names the decision's columns; the answer's due date follows from when it was sent.
COLUMN_LABELS = {**LABELS, "answer_due": N_("Answer due")}


class DecisionDialog(FollowsLanguage, QDialog):
    """``draft``: typing a crash left behind (app/ui/drafts.py), put back over the decision."""

    def __init__(self, decision_id: int, label: str, parent=None, draft: drafts.Draft | None = None):
        super().__init__(parent)
        self.decision_id, self.label = decision_id, label
        self.version: int | None = None  # of the decision as read (app/services/versions.py)
        self.setWindowTitle(tr("Decision No. {number}", number=label))
        self.setMinimumWidth(480)
        self.inputs = {"responsible": QLineEdit(), "deadline": date_edit(), "sent_on": date_edit(),
                       "answer_on": date_edit(), "answer_text": QPlainTextEdit(), "status": QComboBox()}
        self.inputs["answer_text"].setMaximumHeight(90)
        refill(self.inputs["status"], [(tr(meetings.DECISION_STATUSES[code]), code)
                                       for code in meetings.STORED_DECISION_STATUSES])
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        # What was decided, and where: the list shows only its first lines.
        row = decision_row(decision_id)
        self.meeting = QLabel(meeting_caption(row.meeting_kind, row.meeting_kind_name, row.meeting_number,
                                              row.meeting_date, row.village_kk, row.village_ru))
        self.meeting.setWordWrap(True)
        self.text = QPlainTextEdit(row.text or row.item_title)
        self.text.setObjectName("decisionText")
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(7 * self.text.fontMetrics().lineSpacing())
        form.addRow(tr("Meeting"), self.meeting)
        form.addRow(tr("Decision"), self.text)
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
            form.addRow(tr(LABELS[name]), widget)
            error = QLabel()
            error.setObjectName("error")
            error.setWordWrap(True)
            error.hide()
            form.addRow("", error)
            self.errors[name] = error
        self.error = QLabel()  # a refusal that names no field of this form
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._load(meetings.decision_data(decision_id))
        # A draft protocol's decision is not sent yet: sending and the answer wait for the signature.
        not_yet = why_not_sent(decision_id)
        if not_yet:
            for name in ("sent_on", "answer_on"):
                self.inputs[name].setEnabled(False)
                self.inputs[name].setToolTip(tr(not_yet))
        if draft is not None:
            retype(self.inputs, draft.values)
            self.version = draft.values["version"]  # typed over it: a save over a newer one shows theirs
        self.keeper = DraftKeeper(self, "decision", lambda: self.decision_id, self._typed,
                                  lambda: tr("the decision No. {number}", number=self.label), draft)

    def _load(self, data: meetings.DecisionData) -> None:
        self.version = data.version
        self.loaded = data
        self.inputs["responsible"].setText(data.responsible)
        for name in ("deadline", "sent_on", "answer_on"):
            value = getattr(data, name)
            self.inputs[name].setDate(value if value is not None else EMPTY_DATE)
        self.inputs["answer_text"].setPlainText(data.answer_text)
        self.inputs["status"].setCurrentIndex(self.inputs["status"].findData(data.status))

    def data(self) -> meetings.DecisionData:
        return meetings.DecisionData(
            self.inputs["responsible"].text(), date_of(self.inputs["deadline"]), date_of(self.inputs["sent_on"]),
            date_of(self.inputs["answer_on"]), self.inputs["answer_text"].toPlainText(),
            self.inputs["status"].currentData(), version=self.version)

    def has_unsaved_changes(self) -> bool:
        return self.data() != self.loaded  # the version takes no part in comparing

    def _typed(self) -> dict | None:
        """The fields as typed, for a draft (with the version typed over and the decision's number for
        the form reopened); None if nothing differs from the decision."""
        if not self.has_unsaved_changes():
            return None
        return {**typed_values(self.inputs), "version": self.version, "label": self.label}

    def save(self) -> bool:
        """Saves and closes; a refusal is shown and the dialog keeps everything typed."""
        return ServiceCall(self, lambda: meetings.update_decision(self.decision_id, self.data()),
                           changes=Area.MEETINGS, on_success=lambda _r: self._saved(),
                           fields=Fields(self.inputs, self.errors, self.error),
                           conflict=Reconcile(lambda: meetings.decision_data(self.decision_id), self._load,
                                              lambda fresh: setattr(self, "version", fresh.version),
                                              COLUMN_LABELS, self.inputs)).ok

    def _saved(self) -> None:
        self.keeper.discard()
        self.accept()

    def closeEvent(self, event):
        close_asking(self, event, tr("The decision has changes that are not saved. Save them?"))

    def reject(self):
        self.close()  # Escape and Cancel ask about unsaved changes too
