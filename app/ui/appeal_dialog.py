"""One appeal of a resident (docs/domain.md, Appeals of residents): registering it (the applicant found in
the register or typed), correcting its details later (not its receipt or anonymity), then its steps
through the appeals service: extend the term, send it on, answer it, open or join a local issue; its
attachments (app.ui.local_issue_panels); its clock said plainly and its history with who and when. A
refusal shows beside the field it names; typed text is kept as a draft and asked about before it is
dropped. The letters print as a PDF or as a Word copy to adjust before signing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.areas import Area
from app.i18n import LANGUAGE_NAMES, N_, format_date, format_datetime, local_name, ntr, tr
from app.services import access, appeals, drafts, local_issues, members, settings
from app.ui.combo import refill
from app.ui.dates import date_edit, date_of
from app.ui.drafts import DraftKeeper
from app.ui.language import FollowsLanguage
from app.ui.local_issue_panels import AttachmentsPanel
from app.ui.operations import Fields, ServiceCall
from app.ui.unsaved import may_close

LABELS = {
    "kind": N_("Kind"), "received_at": N_("Received"), "channel": N_("How it came"),
    "otinish_number": N_("e-Otinish number"), "member_id": N_("Applicant from the register"),
    "applicant_name": N_("Name (not in the register)"), "applicant_address": N_("Address"),
    "applicant_phone": N_("Phone"), "anonymous": N_("Anonymous"), "reports_crime": N_("Reports a crime"),
    "addressed_to": N_("Addressed to"), "handler": N_("Handled by"), "text": N_("Text or summary"),
}
TEXTS = ("otinish_number", "applicant_name", "applicant_address", "applicant_phone", "addressed_to", "handler")
# What stays as registered when the details are corrected (app.services.appeals.update says why).
KEPT = ("received_at", "anonymous", "reports_crime")
# The letters with a Word copy; the talon is a receipt, a PDF only (app.reports.appeal_papers).
WORD_COPIES = ("extension", "redirection", "answer")
SEARCH_PAUSE_MS = 200
FOUND_LIMIT = 8
ALERT = "color: #b00020;"


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet(ALERT)
    label.hide()
    return label


def clock_lines(view: appeals.AppealView) -> list[str]:
    """The appeal's terms in plain words: the answer's, and the notices to the applicant."""
    lines = []
    if view.status == "open":
        if view.overdue:
            lines.append(tr("Overdue: the answer was due {date}. No answer in time counts as a refusal.",
                            date=format_date(view.due)))
        elif view.days_left == 0:
            lines.append(tr("Answer due {date}: today is the last day.", date=format_date(view.due)))
        else:
            lines.append(ntr("Answer due {date}, {count} working day left.",
                             "Answer due {date}, {count} working days left.", view.days_left,
                             date=format_date(view.due), count=view.days_left))
        if view.redirect_by >= clock.today():  # past that day, the office has taken it as its own
            lines.append(tr("Send it on to another body by {date}, if it is theirs.",
                            date=format_date(view.redirect_by)))
    elif view.status == "answered":
        lines.append(tr("Answered {date}: {result}.", date=format_date(view.answered_on),
                        result=tr(appeals.RESULTS[view.result]))
                     + (" " + tr("Late: the answer was due {date}.", date=format_date(view.due))
                        if view.answered_late else ""))
    elif view.status == "redirected":
        lines.append(tr("Sent on to {body} on {date}.", body=view.redirected_to, date=format_date(view.redirected_on)))
    else:
        lines.append(tr("Anonymous and reporting no crime: registered, not considered."))
    if view.extended_on:
        lines.append(tr("Term extended from {first} to {to} on {on}: tell the applicant by {notice}.",
                        first=format_date(view.first_due), to=format_date(view.extended_to),
                        on=format_date(view.extended_on), notice=format_date(view.extension_notice_due)))
    if view.redirected_on:
        lines.append(tr("Tell the applicant of the sending on by {date}.", date=format_date(view.redirect_notice_due)))
    return lines


def state_text(row: appeals.AppealRow) -> str:
    """The state with its mark in words: «open · overdue»."""
    text = tr(appeals.STATUSES[row.status])
    if row.overdue:
        return f"{text} · {tr('overdue')}"
    if row.due_soon:
        return f"{text} · {tr('due soon')}"
    return text


def step_text(step: appeals.StepView) -> str:
    kind = tr(appeals.STEP_KINDS[step.kind])
    value = step.value
    if step.kind in ("received", "extended") and value:
        value = format_date(date.fromisoformat(value))
    elif step.kind == "answered" and value in appeals.RESULTS:
        value = tr(appeals.RESULTS[value])
    elif step.kind == "edited":
        value = ", ".join(tr(label) for label in appeals.edited_fields(value))
    return f"{kind[:1].upper()}{kind[1:]}: {value}" if value else kind[:1].upper() + kind[1:]


class OpenIssueDialog(FollowsLanguage, QDialog):
    """The title, category and village of the local issue an appeal opens."""

    def __init__(self, appeal_id: int, parent=None):
        super().__init__(parent)
        self.appeal_id = appeal_id
        self.issue_id: int | None = None
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.category, self.village = QComboBox(), QComboBox()
        self.category.setObjectName("category")
        refill(self.category, [("", "")] + [(name, name) for name in local_issues.categories()])
        refill(self.village, [("", None)] + [(local_name(v.name_kk, v.name_ru), v.id) for v in settings.villages()])
        self.errors = {name: _error_label() for name in ("title", "category")}
        self.error = _error_label()
        form = QFormLayout()
        for label, widget, name in ((N_("Title"), self.title_edit, "title"), (N_("Category"), self.category, "category"),
                                    (N_("Village"), self.village, None)):
            form.addRow(tr(label), widget)
            if name:
                form.addRow("", self.errors[name])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setWindowTitle(tr("Open a local issue from the appeal"))
        self.resize(460, 200)

    def save(self) -> None:
        call = ServiceCall(self, lambda: appeals.open_local_issue(
            self.appeal_id, self.title_edit.text(), self.category.currentData() or "", self.village.currentData()),
            changes=Area.ISSUES, fields=Fields({"title": self.title_edit, "category": self.category},
                                               self.errors, self.error))
        if call.ok:
            self.issue_id = call.result
            self.accept()


class AppealDialog(QDialog):
    """Registers a new appeal (``appeal_id`` None) or works on one. ``draft``: typing a crash left
    behind (app/ui/drafts.py), put back."""

    def __init__(self, appeal_id: int | None = None, parent=None, draft: drafts.Draft | None = None):
        super().__init__(parent)
        self.appeal_id = appeal_id
        self.view: appeals.AppealView | None = None
        self.member_id: int | None = None
        self.member_name = ""
        self.dirty = False
        self.editing = False  # a registered appeal's details being corrected
        self.may_change = access.may(Area.ISSUES)

        # The registration form.
        self.inputs: dict[str, QWidget] = {name: QLineEdit() for name in TEXTS}
        self.inputs["kind"], self.inputs["channel"] = QComboBox(), QComboBox()
        self.inputs["received_at"] = received = QDateTimeEdit()
        received.setCalendarPopup(True)
        received.setDisplayFormat("dd.MM.yyyy HH:mm")
        received.setDateTime(QDateTime(clock.now().replace(second=0, microsecond=0)))
        self.inputs["anonymous"], self.inputs["reports_crime"] = QCheckBox(), QCheckBox()
        self.inputs["text"] = QPlainTextEdit()
        self.inputs["text"].setMaximumHeight(100)
        self.inputs["member_id"] = self.member_search = QLineEdit()
        self.member_search.setClearButtonEnabled(True)
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
        self.found = QListWidget()
        self.found.setObjectName("found")
        self.found.setMaximumHeight(110)
        self.found.hide()
        self.found.itemActivated.connect(self._pick_member)
        self.found.itemClicked.connect(self._pick_member)
        self.searching = QTimer(self)
        self.searching.setSingleShot(True)
        self.searching.setInterval(SEARCH_PAUSE_MS)
        self.searching.timeout.connect(self._find_members)
        self.member_search.textEdited.connect(lambda _text: self.searching.start())
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.unpick_button = QPushButton()
        self.unpick_button.clicked.connect(lambda: self._set_member(None, ""))
        self.labels = {name: QLabel() for name in LABELS}
        self.errors = {name: _error_label() for name in LABELS}
        form = QFormLayout()
        for name in LABELS:
            if name == "member_id":
                box = QWidget()
                column = QVBoxLayout(box)
                column.setContentsMargins(0, 0, 0, 0)
                column.addWidget(self.member_search)
                column.addWidget(self.found)
                line = QHBoxLayout()
                line.addWidget(self.chosen, 1)
                line.addWidget(self.unpick_button)
                column.addLayout(line)
                form.addRow(self.labels[name], box)
            else:
                form.addRow(self.labels[name], self.inputs[name])
            self.labels[name].setBuddy(self.inputs[name])
            form.addRow("", self.errors[name])
        self.inputs["channel"].currentIndexChanged.connect(lambda _i: self._show_otinish())
        self.inputs["anonymous"].toggled.connect(lambda _on: self._show_anonymous())
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("edit")
        self.edit_button.clicked.connect(self.edit_details)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(form)
        details_layout.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignLeft)
        details_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(details)
        scroll.setMinimumWidth(430)

        # The clock and the steps of a registered appeal.
        self.state = QLabel()
        self.state.setObjectName("heading")
        self.state.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        self.clock.setWordWrap(True)
        self.steps = self._build_steps()
        self.history = QTableWidget(0, 3)
        self.history.setObjectName("history")
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.setWordWrap(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.attachments = AttachmentsPanel(self._attachments_changed, service=appeals,
                                            question=N_("Remove {name} from the appeal?"), key="appeal-attachment")
        self.attachments.setObjectName("attachments")
        for button in (self.attachments.add_button, self.attachments.remove_button):
            button.setVisible(self.may_change)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.steps, "")
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(self.attachments, "")
        self.tabs.currentChanged.connect(
            lambda index: self.attachments.shown(self.tabs.widget(index) is self.attachments))
        self.work = QWidget()
        work = QVBoxLayout(self.work)
        work.setContentsMargins(0, 0, 0, 0)
        work.addWidget(self.state)
        work.addWidget(self.clock)
        work.addWidget(self.tabs, 1)
        self.saved_hint = QLabel()
        self.saved_hint.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.work, 1)
        right_layout.addWidget(self.saved_hint)
        right_layout.addStretch(0)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 610])
        self.error = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.close)
        # The papers of a registered appeal, each in Kazakh or Russian, for the steps it has taken.
        self.print_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_menu = QMenu(self)
        self.print_menu.aboutToShow.connect(self._fill_print_menu)
        self.print_button.setMenu(self.print_menu)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(1120, 660)  # within a 1366×768 laptop's screen, less its taskbar and title bar
        self.retranslate()
        if appeal_id is not None:
            self._load(appeals.get(appeal_id))
        else:
            self.inputs["channel"].setCurrentIndex(self.inputs["channel"].findData("written"))
            self._show_member(None, "")
            self._show_work()
        for widget in (*self.inputs.values(), *self.step_inputs):
            self._watch(widget)
        if draft is not None:
            self._retype(draft.values)
        self.keeper = DraftKeeper(self, "appeal", lambda: self.appeal_id, self._typed, self._draft_title, draft)

    def _build_steps(self) -> QWidget:
        # Extend the term.
        self.extend_to, self.extend_reason = date_edit(), QLineEdit()
        self.extend_to.setObjectName("extend_to")
        self.extend_reason.setObjectName("extend_reason")
        self.extend_button = QPushButton()
        self.extend_button.setObjectName("extend")
        self.extend_button.clicked.connect(self.extend)
        self.extend_error = _error_label()
        # Send it on.
        self.redirect_to, self.redirect_on = QLineEdit(), date_edit()
        self.redirect_to.setObjectName("redirect_to")
        self.redirect_on.setDate(QDate(clock.today()))
        self.redirect_button = QPushButton()
        self.redirect_button.setObjectName("redirect")
        self.redirect_button.clicked.connect(self.redirect)
        self.redirect_error = _error_label()
        # The answer.
        self.answer_on, self.answer_number, self.answer_result = date_edit(), QLineEdit(), QComboBox()
        self.answer_on.setObjectName("answer_on")
        self.answer_on.setDate(QDate(clock.today()))
        self.answer_number.setObjectName("answer_number")
        self.answer_result.setObjectName("answer_result")
        self.answer_text = QPlainTextEdit()
        self.answer_text.setObjectName("answer_text")
        self.answer_text.setMaximumHeight(70)
        self.answer_button = QPushButton()
        self.answer_button.setObjectName("answer")
        self.answer_button.clicked.connect(self.answer)
        self.answer_error = _error_label()
        # The local issue.
        self.issue_label = QLabel()
        self.issue_label.setObjectName("issue")
        self.issue_label.setWordWrap(True)
        self.open_issue_button, self.unlink_button = QPushButton(), QPushButton()
        self.open_issue_button.clicked.connect(self.open_issue)
        self.unlink_button.clicked.connect(lambda: self._attach(None))
        self.issue_search = QLineEdit()
        self.issue_search.setObjectName("issue_search")
        self.issue_search.setClearButtonEnabled(True)
        self.issues_found = QListWidget()
        self.issues_found.setObjectName("issues_found")
        self.issues_found.setMaximumHeight(90)
        self.issues_found.hide()
        self.issues_found.itemActivated.connect(lambda item: self._attach(item.data(Qt.ItemDataRole.UserRole)))
        self.issues_found.itemClicked.connect(lambda item: self._attach(item.data(Qt.ItemDataRole.UserRole)))
        self.issue_searching = QTimer(self)
        self.issue_searching.setSingleShot(True)
        self.issue_searching.setInterval(SEARCH_PAUSE_MS)
        self.issue_searching.timeout.connect(self._find_issues)
        self.issue_search.textEdited.connect(lambda _text: self.issue_searching.start())
        self.issue_error = _error_label()
        self.step_inputs = (self.extend_to, self.extend_reason, self.redirect_to, self.answer_number, self.answer_text)

        self.extend_box, self.redirect_box, self.answer_box, self.issue_box = (QGroupBox() for _ in range(4))
        self.step_labels: dict[str, QLabel] = {}

        def row(form: QFormLayout, key: str, widget: QWidget) -> None:
            self.step_labels[key] = label = QLabel()
            label.setBuddy(widget)
            form.addRow(label, widget)

        form = QFormLayout(self.extend_box)
        row(form, "extend_to", self.extend_to)
        row(form, "extend_reason", self.extend_reason)
        form.addRow("", self.extend_error)
        form.addRow("", self.extend_button)
        form = QFormLayout(self.redirect_box)
        row(form, "redirect_to", self.redirect_to)
        row(form, "redirect_on", self.redirect_on)
        form.addRow("", self.redirect_error)
        form.addRow("", self.redirect_button)
        form = QFormLayout(self.answer_box)
        row(form, "answer_on", self.answer_on)
        row(form, "answer_number", self.answer_number)
        row(form, "answer_result", self.answer_result)
        row(form, "answer_text", self.answer_text)
        form.addRow("", self.answer_error)
        form.addRow("", self.answer_button)
        column = QVBoxLayout(self.issue_box)
        line = QHBoxLayout()
        line.addWidget(self.issue_label, 1)
        line.addWidget(self.unlink_button)
        column.addLayout(line)
        column.addWidget(self.issue_search)
        column.addWidget(self.issues_found)
        column.addWidget(self.issue_error)
        column.addWidget(self.open_issue_button, 0, Qt.AlignmentFlag.AlignLeft)
        for button in (self.extend_button, self.redirect_button, self.answer_button, self.open_issue_button,
                       self.unlink_button, self.issue_search):
            button.setEnabled(self.may_change)
        inner = QWidget()
        boxes = QVBoxLayout(inner)
        for box in (self.answer_box, self.extend_box, self.redirect_box, self.issue_box):
            boxes.addWidget(box)
        boxes.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        return scroll

    # Filling ------------------------------------------------------------------------------------

    def _watch(self, widget) -> None:
        """Anything typed or chosen is unsaved (the searches are not: a pick is)."""
        if isinstance(widget, QLineEdit):
            if widget is not self.member_search:
                widget.textEdited.connect(self._edited)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._edited)
        elif isinstance(widget, QDateTimeEdit):
            widget.dateTimeChanged.connect(self._edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._edited)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._edited)

    def _edited(self, *_args) -> None:
        if self._form_open() or self.sender() in self.step_inputs:
            self.dirty = True

    def _form_open(self) -> bool:
        """Whether the details are being typed: a new appeal's, or a registered one's being corrected."""
        return self.view is None or self.editing

    def retranslate(self) -> None:
        self.setWindowTitle(tr("New appeal") if self.view is None else tr("Appeal No. {label}", label=self.view.label))
        for name, label in self.labels.items():
            label.setText(tr(LABELS[name]))
        self.member_search.setPlaceholderText(tr("Find in the register: name or phone, in any spelling…"))
        self.inputs["applicant_phone"].setPlaceholderText(tr("8 701 123 45 67; several separated by «;»"))
        self.inputs["addressed_to"].setPlaceholderText(tr("the akim of the rural district"))
        self.unpick_button.setText(tr("Not from the register"))
        self.save_button.setText(tr("Register") if self.view is None else tr("Save"))
        self.print_button.setText(tr("Print"))
        blocked = [widget.blockSignals(True) for widget in (self.inputs["kind"], self.inputs["channel"],
                                                             self.answer_result)]
        refill(self.inputs["kind"], [(tr(label), code) for code, label in appeals.KINDS.items()])
        refill(self.inputs["channel"], [(tr(label), code) for code, label in appeals.CHANNELS.items()])
        refill(self.answer_result, [(tr(label), code) for code, label in appeals.RESULTS.items()])
        for widget, was in zip((self.inputs["kind"], self.inputs["channel"], self.answer_result), blocked):
            widget.blockSignals(was)
        self.extend_box.setTitle(tr("Extend the term"))
        self.redirect_box.setTitle(tr("Send it on to another body"))
        self.answer_box.setTitle(tr("The answer"))
        self.issue_box.setTitle(tr("Local issue"))
        for key, text in (("extend_to", N_("New term")), ("extend_reason", N_("Reason")),
                          ("redirect_to", N_("Body")), ("redirect_on", N_("Sent on")),
                          ("answer_on", N_("Answered on")), ("answer_number", N_("Outgoing number")),
                          ("answer_result", N_("Result")), ("answer_text", N_("Text or summary"))):
            self.step_labels[key].setText(tr(text))
        self.extend_button.setText(tr("Extend"))
        self.redirect_button.setText(tr("Send on"))
        self.answer_button.setText(tr("Record the answer"))
        self.open_issue_button.setText(tr("Open a local issue from it…"))
        self.unlink_button.setText(tr("Unlink"))
        self.issue_search.setPlaceholderText(tr("Or join a local issue: find it by its words…"))
        self.tabs.setTabText(0, tr("Steps"))
        self.tabs.setTabText(1, tr("History"))
        self.history.setHorizontalHeaderLabels([tr("When"), tr("Who"), tr("Step")])
        self.saved_hint.setText(tr("Once the appeal is registered, its term, steps, history and attachments "
                                   "appear here."))
        self.retranslate_edit()
        self.tabs.setTabText(2, tr("Attachments"))
        self.attachments.retranslate()
        self._show_member(self.member_id, self.member_name)
        if self.view is not None:
            self._show_view()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_otinish(self) -> None:
        self.inputs["otinish_number"].setEnabled(self._form_open()
                                                 and self.inputs["channel"].currentData() == "otinish")

    def _show_anonymous(self) -> None:
        anonymous = self.inputs["anonymous"].isChecked()
        self.inputs["reports_crime"].setEnabled(self.view is None and anonymous)
        if not anonymous:
            self.inputs["reports_crime"].setChecked(False)
        for name in ("member_id", "applicant_name", "applicant_address", "applicant_phone"):
            self.inputs[name].setEnabled(self._form_open() and not anonymous
                                         and (name == "member_id" or self.member_id is None))

    def _load(self, view: appeals.AppealView) -> None:
        """Shows a registered appeal: its details read only until «Correct the details…»."""
        self.view, self.appeal_id, self.editing = view, view.id, False
        data = view.data
        for widget in self.inputs.values():
            widget.blockSignals(True)
        for name in TEXTS:
            self.inputs[name].setText(getattr(data, name))
        self.inputs["text"].setPlainText(data.text)
        for name in ("kind", "channel"):
            self.inputs[name].setCurrentIndex(max(0, self.inputs[name].findData(getattr(data, name))))
        self.inputs["received_at"].setDateTime(QDateTime(data.received_at))
        self.inputs["anonymous"].setChecked(data.anonymous)
        self.inputs["reports_crime"].setChecked(data.reports_crime)
        if not access.may(Area.REGISTER):  # the applicant as the list shows them to this role
            self.inputs["applicant_name"].setText(appeals.shown_applicant(data.applicant_name))
            for name in ("applicant_address", "applicant_phone"):
                self.inputs[name].clear()
        for widget in self.inputs.values():
            widget.blockSignals(False)
            widget.setEnabled(False)
        self._show_member(data.member_id, appeals.shown_applicant(view.applicant) if data.member_id else "")
        self.unpick_button.hide()
        self._show_view()
        self._show_work()
        self.retranslate_edit()

    def retranslate_edit(self) -> None:
        self.edit_button.setText(tr("Undo the changes") if self.editing else tr("Correct the details"))

    def edit_details(self) -> None:
        """Opens a registered appeal's details for correcting; while open, undoes the changes (asking
        first when something was typed)."""
        if self.editing:
            if self.dirty and QMessageBox.question(
                    self, tr("Auyl Office"), tr("Discard the changes to the appeal's details?"),
                    QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
            ) != QMessageBox.StandardButton.Discard:
                return
            self.dirty = False
            self.keeper.discard()
            self._load(appeals.get(self.appeal_id))
            return
        self._start_editing()

    def _start_editing(self) -> None:
        self.editing = True
        for name, widget in self.inputs.items():
            widget.setEnabled(name not in KEPT)
        self._show_member(self.member_id, self.member_name)
        self._show_work()
        self.retranslate_edit()
        self.inputs["kind"].setFocus()

    def _show_view(self) -> None:
        view = self.view
        self.setWindowTitle(tr("Appeal No. {label}", label=view.label))
        self.save_button.setText(tr("Save"))
        self.save_button.hide()
        status = tr(appeals.STATUSES[view.status])
        if view.overdue:
            status += " · " + tr("overdue")
        self.state.setText(tr("No. {label}: {status}", label=view.label, status=status))
        self.state.setStyleSheet(ALERT if view.overdue else "")
        self.clock.setText("\n".join(clock_lines(view)))
        on_clock = view.status == "open"
        for box in (self.extend_box, self.redirect_box, self.answer_box):
            box.setVisible(on_clock)
        if on_clock and view.extension_limit:
            self.extend_to.setToolTip(tr("At the latest {date} (the law's limit)", date=format_date(view.extension_limit)))
        self.issue_label.setText(tr("Linked to the local issue No. {label}", label=view.local_issue_label)
                                 if view.local_issue_id else tr("Not linked to a local issue."))
        self.unlink_button.setVisible(view.local_issue_id is not None)
        self.open_issue_button.setVisible(view.local_issue_id is None)
        self.attachments.show_attachments(view.id, view.attachments,
                                          visible=self.tabs.currentWidget() is self.attachments)
        self._show_history()

    def _show_history(self) -> None:
        view = self.view
        self.history.setRowCount(0)
        for step in reversed(view.steps):
            row = self.history.rowCount()
            self.history.insertRow(row)
            text = step_text(step) + (f"\n{step.comment}" if step.comment else "")
            for column, value in enumerate((format_datetime(step.at), step.user, text)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.history.setItem(row, column, item)
        self.history.resizeRowsToContents()
        self.tabs.setTabText(1, f"{tr('History')} ({len(view.steps)})")
        self.tabs.setTabText(2, f"{tr('Attachments')} ({len(view.attachments)})")

    def _show_work(self) -> None:
        self.work.setVisible(self.view is not None)
        self.print_button.setVisible(self.view is not None and not self.editing)
        self.saved_hint.setVisible(self.view is None)
        self.save_button.setVisible(self._form_open())
        self.save_button.setEnabled(self.may_change)
        # Only those who read the register see the applicant whole, so only they may correct it.
        self.edit_button.setVisible(self.view is not None and self.may_change and access.may(Area.REGISTER))
        self.tabs.setTabEnabled(0, not self.editing)  # a step taken now would drop the corrections
        self._show_otinish()
        self._show_anonymous()

    def _attachments_changed(self) -> None:
        view = appeals.get(self.appeal_id)
        self.view = view
        self.attachments.show_attachments(view.id, view.attachments,
                                          visible=self.tabs.currentWidget() is self.attachments)
        self._show_history()

    # The papers ---------------------------------------------------------------------------------

    def _fill_print_menu(self) -> None:
        view = self.view
        self.print_menu.clear()
        for kind, label, ready in (("talon", N_("Talon of an accepted appeal"), True),
                                   ("extension", N_("Notice of the extension of the term"), bool(view.extended_to)),
                                   ("redirection", N_("Notice of the sending on of the appeal"),
                                    bool(view.redirected_on)),
                                   ("answer", N_("Answer to an appeal"), bool(view.answered_on))):
            languages = self.print_menu.addMenu(tr(label))
            languages.setEnabled(ready)
            for lang in ("kk", "ru"):
                languages.addAction(LANGUAGE_NAMES[lang],
                                    lambda _checked=False, kind=kind, label=label, lang=lang:
                                    self.print_paper(kind, label, lang))
            if kind in WORD_COPIES:  # to adjust the words before signing
                languages.addSeparator()
                for lang in ("kk", "ru"):
                    languages.addAction(tr("{language}: Word copy", language=LANGUAGE_NAMES[lang]),
                                        lambda _checked=False, kind=kind, label=label, lang=lang:
                                        self.print_paper(kind, label, lang, word=True))

    def print_paper(self, kind: str, label: str, lang: str, word: bool = False) -> None:
        from app.ui.period_report import write_and_offer

        suffix = ".docx" if word else ".pdf"
        name = f"appeal-{self.view.label.replace('/', '-')}-{kind}-{lang}{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, tr(label), name,
                                                    "Word (*.docx)" if word else "PDF (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix

        def write():
            from app.printing.appeals import print_paper  # loaded on first use: reportlab is heavy

            return print_paper(kind, self.appeal_id, lang, path)

        write_and_offer(self, label, write, path)

    # The applicant ------------------------------------------------------------------------------

    def _find_members(self) -> None:
        self.found.clear()
        text = self.member_search.text()
        people = members.search(text, limit=FOUND_LIMIT) if text.strip() else []
        for person in people:
            item = QListWidgetItem(", ".join(part for part in (person.full_name, person.address, person.phone) if part))
            item.setData(Qt.ItemDataRole.UserRole, (person.id, person.full_name))
            self.found.addItem(item)
        self.found.setVisible(bool(people))

    def _pick_member(self, item: QListWidgetItem) -> None:
        member_id, name = item.data(Qt.ItemDataRole.UserRole)
        self._set_member(member_id, name)

    def _set_member(self, member_id: int | None, name: str) -> None:
        if member_id != self.member_id:
            self.dirty = True
        self._show_member(member_id, name)

    def _show_member(self, member_id: int | None, name: str) -> None:
        self.member_id, self.member_name = member_id, name
        self.found.clear()
        self.found.hide()
        self.member_search.clear()
        self.member_search.setVisible(self._form_open() and not (self.view is not None and self.view.data.anonymous))
        if self.view is not None and self.view.data.anonymous:
            self.chosen.setText(tr("anonymous"))
        elif not self._form_open() and not member_id:
            self.chosen.setText(tr("Not from the register"))
        else:
            self.chosen.setText(tr("From the register: {name}", name=name) if member_id else
                                tr("Not from the register: type the name and phone below."))
        self.unpick_button.setVisible(member_id is not None and self._form_open())
        self._show_anonymous()

    # Local issues -------------------------------------------------------------------------------

    def _find_issues(self) -> None:
        self.issues_found.clear()
        text = self.issue_search.text()
        found = local_issues.rows(text=text, limit=FOUND_LIMIT) if text.strip() else []
        for issue in found:
            item = QListWidgetItem(f"{issue.label} {issue.title}")
            item.setData(Qt.ItemDataRole.UserRole, issue.id)
            self.issues_found.addItem(item)
        self.issues_found.setVisible(bool(found))

    def _attach(self, issue_id: int | None) -> None:
        self.issue_error.hide()
        ServiceCall(self, lambda: appeals.attach_to_local_issue(self.appeal_id, issue_id), changes=Area.ISSUES,
                    on_success=lambda _r: self._stepped(), fields=Fields({}, general=self.issue_error))

    def open_issue(self) -> None:
        dialog = OpenIssueDialog(self.appeal_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._stepped()

    # Drafts -------------------------------------------------------------------------------------

    def _typed(self) -> dict | None:
        """What was typed, as plain data for a draft; None if nothing."""
        if not self.dirty:
            return None
        if self._form_open():
            values = {name: self._value(widget) for name, widget in self.inputs.items() if widget is not self.member_search}
            return {**values, "member_id": self.member_id, "member_name": self.member_name, "editing": self.editing}
        return {"extend_reason": self.extend_reason.text(), "redirect_to": self.redirect_to.text(),
                "answer_number": self.answer_number.text(), "answer_text": self.answer_text.toPlainText()}

    @staticmethod
    def _value(widget: QWidget):
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QDateTimeEdit):
            return widget.dateTime().toPython().isoformat()
        return widget.isChecked()

    def _retype(self, values: dict) -> None:
        if self.view is not None and values.get("editing"):
            self._start_editing()
        if self._form_open():
            self._show_member(values.get("member_id"), values.get("member_name", ""))
            for name, widget in self.inputs.items():
                if name not in values or widget is self.member_search or (self.editing and name in KEPT):
                    continue
                value = values[name]
                if isinstance(widget, QLineEdit):
                    widget.setText(value)
                elif isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                elif isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(0, widget.findData(value)))
                elif isinstance(widget, QDateTimeEdit):
                    widget.setDateTime(QDateTime(datetime.fromisoformat(value)))
                else:
                    widget.setChecked(value)
        else:
            self.extend_reason.setText(values.get("extend_reason", ""))
            self.redirect_to.setText(values.get("redirect_to", ""))
            self.answer_number.setText(values.get("answer_number", ""))
            self.answer_text.setPlainText(values.get("answer_text", ""))
        self.dirty = True

    def _draft_title(self) -> str:
        if self.editing:
            return tr("the details of the appeal No. {label}", label=self.view.label)
        if self.view is not None:
            return tr("the appeal No. {label}", label=self.view.label)
        return tr("a new appeal")

    # Saving and steps ---------------------------------------------------------------------------

    def data(self) -> appeals.AppealData:
        text = {name: self.inputs[name].text() for name in TEXTS}
        data = appeals.AppealData(
            kind=self.inputs["kind"].currentData(), received_at=self.inputs["received_at"].dateTime().toPython(),
            channel=self.inputs["channel"].currentData(), member_id=self.member_id,
            anonymous=self.inputs["anonymous"].isChecked(), reports_crime=self.inputs["reports_crime"].isChecked(),
            text=self.inputs["text"].toPlainText(), **text)
        if self.editing:  # what the form does not correct, exactly as registered
            return replace(data, **{name: getattr(self.view.data, name) for name in KEPT})
        return data

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def save(self) -> bool:
        """Registers the appeal, or saves its corrected details; False, with the reason beside its
        field, when it is refused."""
        if self.editing:
            def corrected(_result) -> None:
                self.dirty = False
                self.keeper.discard()
                self._load(appeals.get(self.appeal_id))

            return bool(ServiceCall(self, lambda: appeals.update(self.appeal_id, self.data(), version=self.view.version),
                                    changes=Area.ISSUES, on_success=corrected,
                                    fields=Fields(self.inputs, self.errors, self.error)).ok)
        if self.view is not None:
            return True

        def registered(appeal_id: int) -> None:
            self.dirty = False
            self.keeper.discard()
            self._load(appeals.get(appeal_id))

        return bool(ServiceCall(self, lambda: appeals.create(self.data()), changes=Area.ISSUES, on_success=registered,
                                fields=Fields(self.inputs, self.errors, self.error)).ok)

    def _stepped(self, cleared: tuple = ()) -> None:
        """After a step the service took (and announced): the appeal shown again, that step's typing gone."""
        for widget in cleared:
            widget.clear()
        self.dirty = any(self._value(widget) for widget in (self.extend_reason, self.redirect_to, self.answer_number,
                                                            self.answer_text))
        if not self.dirty:
            self.keeper.discard()
        self.issue_search.clear()
        self.issues_found.hide()
        self._load(appeals.get(self.appeal_id))

    def _step(self, fn, inputs: dict, error: QLabel, cleared: tuple) -> None:
        ServiceCall(self, fn, changes=Area.ISSUES, on_success=lambda _r: self._stepped(cleared),
                    fields=Fields(inputs, general=error))

    def extend(self) -> None:
        to = date_of(self.extend_to)
        if to is None:
            self.extend_error.setText(tr("Choose the new term."))
            self.extend_error.show()
            self.extend_to.setFocus()
            return
        self._step(lambda: appeals.extend(self.appeal_id, to, self.extend_reason.text(), version=self.view.version),
                   {"to": self.extend_to, "reason": self.extend_reason, "on": self.extend_to}, self.extend_error,
                   (self.extend_reason,))

    def redirect(self) -> None:
        on = self.redirect_on.date().toPython()
        self._step(lambda: appeals.redirect(self.appeal_id, self.redirect_to.text(), on=on, version=self.view.version),
                   {"to": self.redirect_to, "on": self.redirect_on}, self.redirect_error, (self.redirect_to,))

    def answer(self) -> None:
        on = self.answer_on.date().toPython()
        self._step(lambda: appeals.answer(self.appeal_id, on, self.answer_result.currentData(),
                                          self.answer_number.text(), self.answer_text.toPlainText(),
                                          version=self.view.version),
                   {"on": self.answer_on, "result": self.answer_result}, self.answer_error,
                   (self.answer_number, self.answer_text))

    def closeEvent(self, event):
        if self.dirty:
            if self.view is None:
                answer = may_close(self, tr("The appeal is not registered yet. Register it?"), self.save)
            elif self.editing:
                answer = may_close(self, tr("The corrected details of the appeal are not saved. Save them?"),
                                   self.save)
            else:
                reply = QMessageBox.question(
                    self, tr("Auyl Office"), tr("The text typed for a step is not saved. Discard it?"),
                    QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
                answer = None if reply == QMessageBox.StandardButton.Discard else False
            if answer is False:
                event.ignore()
                return
        self.dirty = False
        self.keeper.discard()
        event.accept()
        self.done(QDialog.DialogCode.Accepted if self.appeal_id is not None else QDialog.DialogCode.Rejected)

    def reject(self):
        self.close()  # Escape asks about unsaved changes too
