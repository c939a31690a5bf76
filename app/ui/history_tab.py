"""A person's history in the member form: each change with its date, who made it and every field
old → new, newest first; an administrator can put the person back as before a change
(docs/architecture.md: Record versions)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.areas import Area
from app.errors import DomainError
from app.i18n import N_, format_datetime, tr
from app.services import access, history
from app.services.audit import ACTION_LABELS
from app.ui.operations import ServiceCall

HEADERS = (N_("When"), N_("Who"), N_("Field"), N_("Was"), N_("Became"))


class HistoryTab(QWidget):
    """Read each time it is shown, so it includes the changes made since. ``version`` gives the
    version of the record the form holds: a restore over a newer one is refused. ``restored`` is
    emitted once a restore is saved, for the form to show the record as it is now."""

    restored = Signal()

    def __init__(self, member_id: int, version: Callable[[], int | None], parent=None):
        super().__init__(parent)
        self.member_id, self.version = member_id, version
        self.versions: list[history.Version] = []
        self.tree = QTreeWidget()
        self.tree.setObjectName("history")
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore)
        # Only an administrator restores; others read the history as it is.
        self.restore_button.setVisible(access.role() == "administrator")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([tr(text) for text in HEADERS])
        self.restore_button.setText(tr("Restore as before this change…"))
        if self.isVisible():
            self.refresh()

    def showEvent(self, event):
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self.tree.clear()
        try:
            self.versions = history.member_history(self.member_id)
        except DomainError as error:  # a role without the register, a person gone
            self.versions = []
            self.message.setText(error.message())
            self.message.show()
            self._enable()
            return
        self.message.setVisible(not self.versions)
        self.message.setText(tr("No changes recorded yet."))
        for version in self.versions:
            top = QTreeWidgetItem([format_datetime(version.at), version.user_name, tr(ACTION_LABELS[version.action])])
            top.setData(0, Qt.ItemDataRole.UserRole, version.id)
            for change in version.fields:
                QTreeWidgetItem(top, ["", "", tr(change.label), change.old, change.new])
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        for column in range(len(HEADERS) - 1):  # the last one stretches
            self.tree.resizeColumnToContents(column)
        self._enable()

    def selected(self) -> history.Version | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        wanted = item.data(0, Qt.ItemDataRole.UserRole)
        return next((version for version in self.versions if version.id == wanted), None)

    def _enable(self) -> None:
        version = self.selected()
        self.restore_button.setEnabled(version is not None and version.restorable)

    def restore(self) -> None:
        version = self.selected()
        if version is None or not version.restorable:
            return
        answer = QMessageBox.question(
            self, tr("Restore as before this change…"),
            tr("Put this person back as they were before the change of {when} by {who}? The restore is itself "
               "recorded as a change.", when=format_datetime(version.at), who=version.user_name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: history.restore_version(version.id, self.version()), changes=Area.REGISTER,
                    on_success=lambda _result: self._restored())

    def _restored(self) -> None:
        self.refresh()
        self.restored.emit()
