"""One local issue: its details (checked by the service when saved, a refusal shown beside its field,
nothing typed lost), its status moved only along the allowed steps, the timeline of its history,
attachments and the meetings it went to (app.ui.local_issue_panels)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.areas import Area
from app.errors import ValidationError
from app.i18n import N_, format_date, local_name, ptr, tr
from app.rules import issue_workflow as workflow
from app.services import drafts, local_issues, members, settings
from app.ui import conflict
from app.ui.combo import refill
from app.ui.dates import EMPTY_DATE, date_edit, date_of
from app.ui.drafts import DraftKeeper, retype, typed_values
from app.ui.local_issue_panels import AgendaPanel, AppealsPanel, AttachmentsPanel, TimelinePanel
from app.ui.notices import ChangeNotices
from app.ui.operations import Fields, Reconcile, ServiceCall
from app.ui.unsaved import may_close
from app.ui.watcher import ChangedElsewhere

LABELS = {
    "title": N_("Title"), "description": N_("Description"), "category": N_("Category"),
    "village_id": N_("Village"), "address": N_("Address"), "raised_by": N_("Raised by"),
    "raiser_name": N_("Name (not in the register)"), "raiser_phone": N_("Phone"), "raised_on": N_("Raised on"),
    "channel": N_("How it came"), "priority": N_("Priority"), "assignee": N_("Assignee"), "due_on": N_("Due"),
}
# The service's field names where they differ from the form's.
FIELD_OF = {"village": "village_id"}
# The issue's columns a refused save names, as this form labels them.
COLUMN_LABELS = {**LABELS, "raised_by_id": LABELS["raised_by"], "status": N_("Status"),
                 "resolved_on": N_("Resolved on")}
SEARCH_PAUSE_MS = 200
FOUND_LIMIT = 8


def action_label(current: str, wanted: str) -> str:
    """The button that moves an issue from ``current`` to ``wanted``."""
    if workflow.is_reopening(current, wanted):
        return tr("Reopen")
    if wanted == workflow.REJECTED:
        # Translators: the button that rejects an issue (Kazakh «Бас тарту»), not a dialog's Cancel.
        return ptr("issue action", "Reject")
    return tr({workflow.ACCEPTED: N_("Accept"), workflow.IN_PROGRESS: N_("Start work"),
               workflow.RESOLVED: N_("Resolve")}[wanted])


class LocalIssueDialog(QDialog):
    """Raises a new issue (``issue_id`` None) or works on one. Saving keeps the dialog open, so photos
    can be added to an issue just raised. ``draft``: typing a crash left behind (app/ui/drafts.py), put
    back over the issue."""

    def __init__(self, issue_id: int | None = None, notices: ChangeNotices | None = None, parent=None,
                 draft: drafts.Draft | None = None):
        super().__init__(parent)
        self.issue_id = issue_id
        self.notices = notices
        self.view: local_issues.IssueView | None = None
        self.raised_by_id: int | None = None
        self.chosen_name = ""
        self.version: int | None = None  # of the details the form holds (app/services/versions.py)
        self.dirty = False
        self.inputs: dict = {name: QLineEdit() for name in ("title", "address", "raiser_name", "raiser_phone",
                                                             "assignee")}
        self.inputs["description"] = QPlainTextEdit()
        self.inputs["description"].setMaximumHeight(90)
        for name in ("category", "village_id", "channel", "priority"):
            self.inputs[name] = QComboBox()
        self.inputs["category"].setEditable(False)
        self.inputs["raised_on"], self.inputs["due_on"] = date_edit(), date_edit()
        self.inputs["raised_on"].setDate(QDate(clock.today()))
        # Who raised it: typed words find members of the register; a pick fills the line below.
        self.inputs["raised_by"] = self.raiser_search = QLineEdit()
        self.raiser_search.setClearButtonEnabled(True)
        self.found = QListWidget()
        self.found.setMaximumHeight(110)
        self.found.hide()
        self.found.itemActivated.connect(self._pick_member)
        self.found.itemClicked.connect(self._pick_member)
        self.searching = QTimer(self)
        self.searching.setSingleShot(True)
        self.searching.setInterval(SEARCH_PAUSE_MS)
        self.searching.timeout.connect(self._find_members)
        self.raiser_search.textEdited.connect(lambda _text: self.searching.start())
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.unpick_button = QPushButton()
        self.unpick_button.clicked.connect(lambda: self._set_member(None, ""))
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
        self.labels = {name: QLabel() for name in LABELS}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name in LABELS:
            if name == "raised_by":
                raiser = QWidget()
                box = QVBoxLayout(raiser)
                box.setContentsMargins(0, 0, 0, 0)
                box.addWidget(self.raiser_search)
                box.addWidget(self.found)
                line = QHBoxLayout()
                line.addWidget(self.chosen, 1)
                line.addWidget(self.unpick_button)
                box.addLayout(line)
                form.addRow(self.labels[name], raiser)
            else:
                form.addRow(self.labels[name], self.inputs[name])
            error = QLabel()
            error.setObjectName("error")
            error.setWordWrap(True)
            error.hide()
            form.addRow("", error)
            self.errors[name] = error
        details = QWidget()
        column = QVBoxLayout(details)
        column.addLayout(form)
        column.addStretch(1)  # spare height below the form, not between its rows
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(details)
        scroll.setMinimumWidth(440)
        # The status: one button per allowed next step, with the comment they may need.
        self.state = QLabel()
        self.state.setObjectName("heading")
        self.state.setWordWrap(True)
        self.status_box = QGroupBox()
        self.actions = QHBoxLayout()
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("comment")
        self.comment.setMaximumHeight(70)
        self.comment_error = QLabel()
        self.comment_error.setObjectName("error")
        self.comment_error.setWordWrap(True)
        self.comment_error.hide()
        self.comment_button = QPushButton()
        self.comment_button.clicked.connect(self.add_comment)
        self.status_buttons: dict[str, QPushButton] = {}
        status_layout = QVBoxLayout(self.status_box)
        status_layout.addWidget(self.comment)
        status_layout.addWidget(self.comment_error)
        row = QHBoxLayout()
        row.addLayout(self.actions)
        row.addStretch(1)
        row.addWidget(self.comment_button)
        status_layout.addLayout(row)
        self.timeline = TimelinePanel()
        self.attachments = AttachmentsPanel(self._changed)
        self.agenda = AgendaPanel(self._changed)
        self.appeals = AppealsPanel()  # the appeals of residents linked to it, with their terms
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, "")
        self.tabs.addTab(self.attachments, "")
        self.tabs.addTab(self.agenda, "")
        self.tabs.addTab(self.appeals, "")
        self.tabs.currentChanged.connect(lambda index: self.attachments.shown(self.tabs.widget(index)
                                                                              is self.attachments))
        self.work = QWidget()  # what an issue has once it is saved
        work = QVBoxLayout(self.work)
        work.setContentsMargins(0, 0, 0, 0)
        work.addWidget(self.state)
        work.addWidget(self.status_box)
        work.addWidget(self.tabs, 1)
        self.saved_hint = QLabel()
        self.saved_hint.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.work, 1)
        right_layout.addWidget(self.saved_hint)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([500, 620])
        self.error = QLabel()  # a refusal that names no field of the form
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.rejected.connect(self.close)
        self.elsewhere = ChangedElsewhere("local_issues", clean=lambda: not self.dirty)
        self.elsewhere.reload.connect(self.reload_theirs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.elsewhere)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(1120, 660)  # within a 1366×768 laptop's screen, less its taskbar and title bar
        self.retranslate()
        if issue_id is not None:
            self._load(local_issues.get(issue_id))
        else:
            defaults = local_issues.IssueData("", "", clock.today())
            for name in ("channel", "priority"):
                self.inputs[name].setCurrentIndex(self.inputs[name].findData(getattr(defaults, name)))
            self._show_member(None, "")
            self._show_work()
        for widget in self.inputs.values():
            self._watch(widget)
        if draft is not None:
            self._retype(draft.values)
        self.keeper = DraftKeeper(self, "issue", lambda: self.issue_id, self._typed, self._draft_title, draft)

    # Filling ------------------------------------------------------------------------------------

    def _watch(self, widget) -> None:
        """Anything typed or chosen makes the form unsaved."""
        if isinstance(widget, QLineEdit):
            if widget is not self.raiser_search:  # searching is not a change; picking is
                widget.textEdited.connect(self._edited)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._edited)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(self._edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._edited)

    def _edited(self, *_args) -> None:
        self.dirty = True

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Local issue") if self.view is None
                            else tr("Local issue No. {label}", label=self.view.label))
        for name, label in self.labels.items():
            label.setText(tr(LABELS[name]))
        self.raiser_search.setPlaceholderText(tr("Find in the register: name or phone, in any spelling…"))
        self.inputs["raiser_phone"].setPlaceholderText(tr("8 701 123 45 67; several separated by «;»"))
        self.unpick_button.setText(tr("Not from the register"))
        self._show_chosen()
        self.status_box.setTitle(tr("Move on, or add a comment"))
        self.comment.setPlaceholderText(tr("Comment: what was done, or why (needed to resolve, reject or reopen)"))
        self.comment_button.setText(tr("Add comment"))
        self.saved_hint.setText(tr("Once the issue is saved, its status, history, attachments and meetings "
                                   "appear here."))
        for index, text in enumerate((N_("History"), N_("Attachments"), N_("Meetings"), N_("Appeals"))):
            self.tabs.setTabText(index, tr(text))
        blocked = [widget.blockSignals(True) for widget in self.inputs.values()]
        self._fill_choices()
        for widget, was in zip(self.inputs.values(), blocked):
            widget.blockSignals(was)
        self.timeline.retranslate()
        self.attachments.retranslate()
        self.agenda.retranslate()
        self.appeals.retranslate()
        if self.view is not None:
            self._show_state()
        self.elsewhere.retranslate()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_choices(self) -> None:
        names = local_issues.categories()
        current = self.inputs["category"].currentData()
        if current and current not in names:  # a category since taken off the district's list
            names.append(current)
        refill(self.inputs["category"], [("", "")] + [(name, name) for name in names])
        refill(self.inputs["village_id"], [("", None)]
               + [(local_name(v.name_kk, v.name_ru), v.id) for v in settings.villages()])
        refill(self.inputs["channel"], [(tr(label), code) for code, label in local_issues.CHANNELS.items()])
        refill(self.inputs["priority"], [(tr(label), code) for code, label in local_issues.PRIORITIES.items()])

    def _load(self, view: local_issues.IssueView, details: bool = True) -> None:
        """Shows the issue; ``details`` False leaves what was typed in the form (a status change, a
        comment), and only a form holding nothing typed shows the details again."""
        self.view = view
        if details or not self.dirty:
            self.version = view.data.version
            data = view.data
            for widget in self.inputs.values():
                widget.blockSignals(True)
            for name in ("title", "address", "raiser_name", "raiser_phone", "assignee"):
                self.inputs[name].setText(getattr(data, name))
            self.inputs["description"].setPlainText(data.description)
            if data.category and self.inputs["category"].findData(data.category) < 0:
                self.inputs["category"].addItem(data.category, data.category)
            for name in ("category", "village_id", "channel", "priority"):
                self.inputs[name].setCurrentIndex(max(0, self.inputs[name].findData(getattr(data, name))))
            self.inputs["raised_on"].setDate(QDate(data.raised_on))
            self.inputs["due_on"].setDate(QDate(data.due_on) if data.due_on else EMPTY_DATE)
            for widget in self.inputs.values():
                widget.blockSignals(False)
            self._show_member(data.raised_by_id, view.raiser if data.raised_by_id else "")
            self.dirty = False
        elif view.data.version == self.version + 1:
            # The status change or comment just made stepped the version: the typing stays on top of
            # it. A bigger step is someone else's too, and the next Save shows what they changed.
            self.version = view.data.version
        self.elsewhere.follow(view.id, self.version)
        self.setWindowTitle(tr("Local issue No. {label}", label=view.label))
        self._show_state()
        self.timeline.show_events(view.events)
        self.attachments.show_attachments(view.id, view.attachments,
                                          visible=self.tabs.currentWidget() is self.attachments)
        self.agenda.show_links(view.id, view.agenda)
        self.tabs.setTabText(1, f"{tr('Attachments')} ({len(view.attachments)})")
        self.tabs.setTabText(2, f"{tr('Meetings')} ({len(view.agenda)})")
        self.appeals.show_appeals(view.id)
        self.tabs.setTabText(3, f"{tr('Appeals')} ({len(self.appeals.rows)})")
        self._show_work()

    def _show_work(self) -> None:
        self.work.setVisible(self.view is not None)
        self.saved_hint.setVisible(self.view is None)

    def _show_state(self) -> None:
        view = self.view
        text = tr("No. {label}: {status}", label=view.label, status=tr(local_issues.STATUSES[view.status]))
        if view.resolved_on:
            text += " · " + format_date(view.resolved_on)
        if view.overdue:
            text += " · " + tr("overdue since {date}", date=format_date(view.data.due_on))
        elif view.untouched:
            text += " · " + tr("untouched since {date}", date=format_date(view.touched_at.date()))
        self.state.setText(text)
        self.state.setStyleSheet("color: #b00020;" if view.overdue else "")
        for button in self.status_buttons.values():
            self.actions.removeWidget(button)
            button.deleteLater()
        self.status_buttons = {}
        for wanted in view.next_statuses:
            button = QPushButton(action_label(view.status, wanted))
            button.setObjectName(f"to_{wanted}")
            if workflow.needs_comment(view.status, wanted):
                button.setToolTip(tr("Needs a comment"))
            button.clicked.connect(lambda _checked=False, wanted=wanted: self.change_status(wanted))
            self.actions.addWidget(button)
            self.status_buttons[wanted] = button

    # Who raised it ------------------------------------------------------------------------------

    def _find_members(self) -> None:
        self.found.clear()
        text = self.raiser_search.text()
        people = members.search(text, limit=FOUND_LIMIT) if text.strip() else []
        for person in people:
            item = QListWidgetItem(", ".join(part for part in (person.full_name, person.address, person.phone)
                                             if part))
            item.setData(Qt.ItemDataRole.UserRole, (person.id, person.full_name))
            self.found.addItem(item)
        self.found.setVisible(bool(people))

    def _pick_member(self, item: QListWidgetItem) -> None:
        member_id, name = item.data(Qt.ItemDataRole.UserRole)
        self._set_member(member_id, name)

    def _set_member(self, member_id: int | None, name: str) -> None:
        if member_id != self.raised_by_id:
            self.dirty = True
        self._show_member(member_id, name)

    def _show_member(self, member_id: int | None, name: str) -> None:
        self.raised_by_id, self.chosen_name = member_id, name
        self.found.clear()
        self.found.hide()
        self.raiser_search.clear()
        self._show_chosen()
        self.unpick_button.setVisible(member_id is not None)
        for name in ("raiser_name", "raiser_phone"):
            self.inputs[name].setEnabled(member_id is None)

    def _show_chosen(self) -> None:
        self.chosen.setText(tr("From the register: {name}", name=self.chosen_name) if self.raised_by_id else
                            tr("Not from the register: type the name and phone below."))

    # Drafts -------------------------------------------------------------------------------------

    def _typed(self) -> dict | None:
        """The details typed, as plain data for a draft (with the version typed over); None if nothing."""
        if not self.dirty:
            return None
        values = typed_values({name: widget for name, widget in self.inputs.items() if widget is not self.raiser_search})
        return {**values, "raised_by_id": self.raised_by_id, "raiser": self.chosen_name, "version": self.version}

    def _retype(self, values: dict) -> None:
        self._show_member(values["raised_by_id"], values["raiser"])
        retype(self.inputs, values)
        if self.issue_id is not None:
            # Typed over that version: a save over a newer one shows what changed, nothing silently lost.
            self.version = values["version"]
            self.elsewhere.follow(self.issue_id, self.version)
        self.dirty = True

    def _draft_title(self) -> str:
        title = self.inputs["title"].text().strip()
        return tr("the local issue «{title}»", title=title) if title else tr("a new local issue")

    # Saving -------------------------------------------------------------------------------------

    def data(self) -> local_issues.IssueData:
        text = {name: self.inputs[name].text() for name in ("title", "address", "raiser_name", "raiser_phone",
                                                             "assignee")}
        return local_issues.IssueData(
            category=self.inputs["category"].currentData() or "", raised_on=date_of(self.inputs["raised_on"])
            or clock.today(), channel=self.inputs["channel"].currentData(),
            village_id=self.inputs["village_id"].currentData(), description=self.inputs["description"].toPlainText(),
            raised_by_id=self.raised_by_id, priority=self.inputs["priority"].currentData(),
            due_on=date_of(self.inputs["due_on"]), version=self.version, **text)

    def fields(self) -> Fields:
        """A refusal shows beside its field; one naming no field of the form under it."""
        return Fields(self.inputs, self.errors, self.error, FIELD_OF)

    def _clear_errors(self) -> None:
        self.fields().clear()
        self.comment_error.hide()

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def save(self) -> bool:
        """Saves the details; False, with the reason beside its field, when they cannot be saved."""
        self.comment_error.hide()

        def save() -> None:
            if self.issue_id is None:
                self.issue_id = local_issues.create(self.data())
            else:
                local_issues.update(self.issue_id, self.data())

        def reload(fresh) -> None:
            self.dirty = False
            self._load(fresh)

        def keep(fresh) -> None:
            self.version = fresh.data.version
            self.elsewhere.follow(self.issue_id, self.version)

        return ServiceCall(self, save, changes=Area.ISSUES, on_success=lambda _r: self._saved(), fields=self.fields(),
                           conflict=Reconcile(lambda: local_issues.get(self.issue_id), reload, keep, COLUMN_LABELS,
                                              self.inputs, people=("raised_by_id",))).ok

    def _saved(self) -> None:
        self.dirty = False
        self.keeper.discard()
        self._changed(details=True)

    def reload_theirs(self) -> None:
        """The issue as it is now; what was typed is dropped (after asking, if anything was)."""
        if self.dirty and not conflict.drop_typing(self):
            return
        self.dirty = False
        self._clear_errors()
        self._load(local_issues.get(self.issue_id))

    def _changed(self, details: bool = False) -> None:
        """After a change the service accepted (and announced): show the issue again."""
        self._load(local_issues.get(self.issue_id), details=details)

    def _comment_refused(self, error: ValidationError) -> None:
        self.comment_error.setText(error.message())
        self.comment_error.show()
        self.comment.setFocus()

    def _comment_taken(self) -> None:
        self.comment.clear()
        self._changed()

    def change_status(self, wanted: str) -> None:
        self._clear_errors()
        ServiceCall(self, lambda: local_issues.change_status(self.issue_id, wanted, self.comment.toPlainText()),
                    changes=Area.ISSUES, on_success=lambda _r: self._comment_taken(),
                    handlers={ValidationError: self._comment_refused})

    def add_comment(self) -> None:
        self._clear_errors()
        ServiceCall(self, lambda: local_issues.add_comment(self.issue_id, self.comment.toPlainText()),
                    changes=Area.ISSUES, on_success=lambda _r: self._comment_taken(),
                    handlers={ValidationError: self._comment_refused})

    def closeEvent(self, event):
        if self.has_unsaved_changes() and may_close(self, tr("The issue has changes that are not saved. Save them?"), self.save) is False:
            event.ignore()
            return
        self.dirty = False
        self.keeper.discard()
        event.accept()
        self.done(QDialog.DialogCode.Accepted if self.issue_id is not None else QDialog.DialogCode.Rejected)

    def reject(self):
        self.close()  # Escape asks about unsaved changes too
