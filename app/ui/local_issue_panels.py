"""The parts of the local issue dialog that show what happened to a saved issue: the timeline of its
history, its attachments (thumbnails read only when shown) and the meetings it went to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.areas import Area
from app.errors import NotFound, ValidationError
from app.i18n import N_, format_date, tr
from app.services import appeals, grants, local_issues, meetings
from app.ui.attachments import open_or_save, save_as
from app.ui.hall_screen import meeting_caption
from app.ui.language import FollowsLanguage
from app.ui.operations import ServiceCall

THUMBNAIL = 96  # pixels, the longer side of an image's thumbnail
ARROW = " → "
NOTHING = "—"
OVERDUE = QColor("#b00020")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(iso: str) -> str:
    return format_date(date.fromisoformat(iso)) if iso else NOTHING


def event_text(event: local_issues.EventView) -> str:
    """What an event changed, in the interface language: «Status: accepted → in progress»."""
    kind = _capital(tr(local_issues.EVENT_KINDS.get(event.kind, event.kind)))
    if event.kind == "status":
        old, new = (tr(local_issues.STATUSES[v]) if v in local_issues.STATUSES else v
                    for v in (event.old_value, event.new_value))
        return f"{kind}: {old}{ARROW}{new}"
    if event.kind == "due":
        return f"{kind}: {_day(event.old_value)}{ARROW}{_day(event.new_value)}"
    if event.kind == "assignee":
        return f"{kind}: {event.old_value or NOTHING}{ARROW}{event.new_value or NOTHING}"
    if event.kind == "attachment":
        return f"{kind}: + {event.new_value}" if event.new_value else f"{kind}: − {event.old_value}"
    if event.kind == "agenda":
        return tr("Put on the agenda of meeting No. {number}", number=event.new_value)
    return kind


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return tr("{size} MB", size=f"{size / 1024 / 1024:.1f}")
    return tr("{size} KB", size=max(1, round(size / 1024)))


def _when(at: datetime) -> str:
    return f"{format_date(at.date())} {at:%H:%M}"


class TimelinePanel(QWidget):
    """The history, newest first: when, who, what changed, the comment."""

    HEADERS = (N_("When"), N_("Who"), N_("What changed"), N_("Comment"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.events: tuple[local_issues.EventView, ...] = ()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr(text) for text in self.HEADERS])
        self.show_events(self.events)

    def show_events(self, events) -> None:
        self.events = tuple(events)
        self.table.setRowCount(0)
        for event in reversed(self.events):
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((_when(event.at), event.user, event_text(event), event.comment)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()


class AttachmentsPanel(QWidget):
    """Photos as thumbnails, documents as an icon with name and size. Thumbnails are read from the
    database one at a time, and only once the panel is shown. ``service`` is the area's module with
    ``add_attachment``, ``attachment_content`` and ``remove_attachment`` (a local issue's by default,
    an appeal's too); ``question`` asks before a removal, ``key`` names the copies' folders."""

    def __init__(self, on_changed: Callable[[], None], parent=None, service=local_issues,
                 question: str = N_("Remove {name} from the issue?"), key: str = "issue-attachment"):
        super().__init__(parent)
        self.on_changed = on_changed
        self.service, self.question, self.key = service, question, key
        self.issue_id: int | None = None
        self.items = QListWidget()
        self.items.setViewMode(QListWidget.ViewMode.IconMode)
        self.items.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.items.setGridSize(QSize(THUMBNAIL + 60, THUMBNAIL + 50))
        self.items.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.items.setMovement(QListWidget.Movement.Static)
        self.items.setWordWrap(True)
        self.items.itemDoubleClicked.connect(lambda _item: self.open_current())
        self.items.currentItemChanged.connect(lambda *_: self._enable())
        self.add_button, self.open_button, self.save_button, self.remove_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.add_button.clicked.connect(self.add_files)
        self.open_button.clicked.connect(self.open_current)
        self.save_button.clicked.connect(self.save_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.hint)
        self.pending: list[QListWidgetItem] = []  # images whose thumbnails are not read yet
        self.loading = QTimer(self)
        self.loading.setInterval(0)
        self.loading.timeout.connect(self._next_thumbnail)
        self.visible_now = False
        self._enable()

    def retranslate(self) -> None:
        self.add_button.setText(tr("Add files…"))
        self.open_button.setText(tr("Open"))
        self.save_button.setText(tr("Save as…"))
        self.remove_button.setText(tr("Remove…"))
        self.hint.setText(tr("Photos and documents are kept in the database, up to {limit} MB each.",
                             limit=local_issues.MAX_ATTACHMENT_BYTES // 1024 // 1024))

    def _enable(self) -> None:
        chosen = self.items.currentItem() is not None
        for button in (self.open_button, self.save_button, self.remove_button):
            button.setEnabled(chosen)

    def show_attachments(self, issue_id: int, attachments, visible: bool) -> None:
        self.issue_id = issue_id
        self.items.clear()
        self.pending = []
        style = self.style()
        for attachment in attachments:
            icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            item = QListWidgetItem(icon, f"{attachment.file_name}\n{size_text(attachment.size)}")
            item.setData(Qt.ItemDataRole.UserRole, attachment)
            item.setToolTip(tr("{name}, {size}, added {date} by {user}", name=attachment.file_name,
                               size=size_text(attachment.size), date=format_date(attachment.added_at.date()),
                               user=attachment.added_by))
            self.items.addItem(item)
            if attachment.is_image:
                self.pending.append(item)
        self._enable()
        self.shown(visible)

    def shown(self, visible: bool) -> None:
        """The dialog tells when the panel is on screen: only then are thumbnails read."""
        self.visible_now = visible
        if visible and self.pending:
            self.loading.start()
        else:
            self.loading.stop()

    def _next_thumbnail(self) -> None:
        if not self.pending:
            self.loading.stop()
            return
        item = self.pending.pop(0)
        attachment = item.data(Qt.ItemDataRole.UserRole)
        try:
            _name, _type, content = self.service.attachment_content(attachment.id)
        except NotFound:  # removed meanwhile: the next refresh drops it
            return
        picture = QPixmap()
        if picture.loadFromData(content):
            item.setIcon(QIcon(picture.scaled(THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)))

    def current(self) -> local_issues.AttachmentView | None:
        item = self.items.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def add_files(self) -> None:
        paths_chosen, _filter = QFileDialog.getOpenFileNames(
            self, tr("Add files…"), "",
            tr("Photos and documents") + " (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic *.pdf *.doc *.docx "
            "*.xls *.xlsx *.odt *.txt);;" + tr("All files") + " (*)")
        if not paths_chosen:
            return
        refused = []
        added = 0
        for path in paths_chosen:  # a file refused leaves the others to be added
            added += bool(ServiceCall(self, lambda path=path: self.service.add_attachment(self.issue_id, path),
                                      changes=Area.ISSUES,
                                      handlers={ValidationError: lambda error: refused.append(error.message())}).ok)
        if added:
            self.on_changed()
        if refused:
            QMessageBox.warning(self, tr("Auyl Office"), "\n".join(refused))

    def open_current(self) -> None:
        """Opens a document or a picture with the system's viewer; any other file is offered to be saved."""
        attachment = self.current()
        if attachment is None:
            return
        call = ServiceCall(self, lambda: self.service.attachment_content(attachment.id))
        if call.ok:
            name, _type, content = call.result
            open_or_save(self, name, content, f"{self.key}-{attachment.id}")

    def save_current(self) -> None:
        attachment = self.current()
        if attachment is None:
            return
        call = ServiceCall(self, lambda: self.service.attachment_content(attachment.id))
        if call.ok:
            name, _type, content = call.result
            save_as(self, name, content)

    def remove_current(self) -> None:
        attachment = self.current()
        if attachment is None:
            return
        answer = QMessageBox.question(self, tr("Remove…"), tr(self.question, name=attachment.file_name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: self.service.remove_attachment(attachment.id), changes=Area.ISSUES)
        self.on_changed()  # also after a refusal: one removed meanwhile leaves the list


class AgendaPanel(QWidget):
    """The meetings that put the issue on their agenda, with the decision each took about it, and the
    grants that pay for its fix (linked from the grant's side)."""

    HEADERS = (N_("Meeting"), N_("Agenda item"), N_("Decision"), N_("Result"))

    def __init__(self, on_changed: Callable[[], None], parent=None):
        super().__init__(parent)
        self.on_changed = on_changed
        self.issue_id: int | None = None
        self.links: tuple[local_issues.AgendaLink, ...] = ()
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.put_button = QPushButton()
        self.put_button.clicked.connect(self.put_on_agenda)
        buttons = QHBoxLayout()
        buttons.addWidget(self.put_button)
        buttons.addStretch(1)
        self.grants = QLabel()
        self.grants.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.grants)

    def retranslate(self) -> None:
        self.put_button.setText(tr("Put on a meeting's agenda…"))
        self.table.setHorizontalHeaderLabels([tr(text) for text in self.HEADERS])
        self.show_links(self.issue_id, self.links)

    def show_links(self, issue_id: int | None, links) -> None:
        self.issue_id, self.links = issue_id, tuple(links)
        self.table.setRowCount(0)
        for link in self.links:
            row = self.table.rowCount()
            self.table.insertRow(row)
            result = NOTHING if link.adopted is None else tr("adopted") if link.adopted else tr("not adopted")
            decision = tr("No. {number}", number=link.decision_label) if link.decision_label else NOTHING
            for column, text in enumerate((
                    meeting_caption(link.meeting_kind, link.meeting_kind_name, link.meeting_number,
                                    link.meeting_date, "", ""),
                    tr("item {n}", n=link.item_position), decision, result)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        paying = grants.grants_for_issue(issue_id) if issue_id is not None else []
        self.grants.setText(tr("Paid for by: {grants}", grants="; ".join(
            f"{row.donor}, {row.agreement_number}" for row in paying)) if paying else "")

    def put_on_agenda(self) -> None:
        chooser = MeetingChooser(self)
        if not chooser.meetings:
            QMessageBox.information(self, tr("Put on a meeting's agenda…"),
                                    tr("Every meeting's protocol is signed: add the meeting first, then put the "
                                       "issue on its agenda."))
            return
        if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen() is None:
            return
        ServiceCall(self, lambda: local_issues.put_on_agenda(self.issue_id, chooser.chosen()),
                    changes=Area.ISSUES | Area.MEETINGS, on_success=lambda _r: self.on_changed())


def open_meetings(today: datetime | None = None) -> list[meetings.MeetingRow]:
    """Meetings whose protocol is not signed: the coming ones first (soonest first), then past ones."""
    now = today or clock.now()
    rows = [row for row in meetings.list_meetings() if not row.signed]
    coming = sorted((r for r in rows if r.starts_at >= now), key=lambda r: r.starts_at)
    past = [r for r in rows if r.starts_at < now]  # newest first already
    return coming + past


class MeetingChooser(FollowsLanguage, QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Put on a meeting's agenda…"))
        self.meetings = open_meetings()
        self.list = QListWidget()
        for row in self.meetings:
            text = meeting_caption(row.kind, row.kind_name, row.number, row.starts_at.date(), row.village_kk,
                                   row.village_ru)
            item = QListWidgetItem(f"{text} — {tr('items: {count}', count=row.items)}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Meetings whose protocol is not signed yet:")))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class AppealsPanel(QWidget):
    """The appeals of residents linked to the issue, read only, each with its term and state
    (docs/domain.md, Appeals of residents)."""

    HEADERS = (N_("No."), N_("Applicant"), N_("Kind"), N_("Due"), N_("Status"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("appeals")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.rows: list[appeals.AppealRow] = []

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr(text) for text in self.HEADERS])
        self._fill()

    def show_appeals(self, issue_id: int) -> None:
        self.rows = appeals.rows(local_issue_id=issue_id)
        self._fill()

    def _fill(self) -> None:
        from app.ui.appeal_dialog import state_text

        self.table.setRowCount(0)
        for row in self.rows:
            number = self.table.rowCount()
            self.table.insertRow(number)
            for column, text in enumerate((row.label, row.applicant or tr("anonymous"), tr(appeals.KINDS[row.kind]),
                                           format_date(row.due), state_text(row))):
                item = QTableWidgetItem(text)
                if row.overdue:
                    item.setForeground(OVERDUE)
                self.table.setItem(number, column, item)
