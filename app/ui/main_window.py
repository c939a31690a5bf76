"""The main window: navigation to every area of the office, menus, and nothing else.

Pages are created here and talk to each other only through change notices. The window may be shown
before the office's services load (app/ui/application.py): it is painted with the start page's frame,
then opens them, and the pages read from then on."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__, clock, i18n
from app.i18n import N_, tr
from app.services import access
from app.ui import form_keys, language
from app.ui.notices import ALL, Area, ChangeNotices
from app.ui.pages import Page, PageContext
from app.ui.unsaved import may_close
from app.ui.watcher import Watcher

BACKUP_FILTER = "Auyl Office (*.sqlite *.dump)"  # a SQLite file, or pg_dump's archive of a server
# Below this room on the screen the window opens maximised: a laptop's 1366×768 has none to spare.
SMALL_SCREEN = (1400, 860)


# Every area of the office, in navigation order. A page is built (and its module imported) the
# first time it is shown, so the window starts without paying for pages not yet opened.
PAGES = (
    (N_("Start"), "app.ui.pages.start", "StartPage"),
    (N_("Members"), "app.ui.pages.members", "MembersPage"),
    (N_("Meetings"), "app.ui.pages.meetings", "MeetingsPage"),
    (N_("Decisions"), "app.ui.pages.decisions", "DecisionsPage"),
    (N_("Local issues"), "app.ui.pages.local_issues", "LocalIssuesPage"),
    (N_("Appeals"), "app.ui.pages.appeals", "AppealsPage"),
    (N_("Grants"), "app.ui.pages.grants", "GrantsPage"),
    (N_("Events"), "app.ui.pages.events", "EventsPage"),
    (N_("District"), "app.ui.pages.district", "DistrictPage"),
    (N_("Settings"), "app.ui.pages.settings", "SettingsPage"),
    (N_("Audit log"), "app.ui.pages.audit", "AuditPage"),
)


class MainWindow(QMainWindow):
    painted = Signal()  # the first frame is on screen
    ready = Signal()  # the services ``opening`` loaded are open: the pages read their data

    def __init__(self, preferences: QSettings, parent=None, opening: Callable[[], bool] | None = None):
        """``opening`` loads and opens the office's services after the first paint (False: the office
        could not be opened, and the window is closing); without it they are open already."""
        super().__init__(parent)
        self.preferences = preferences
        self._opening = opening
        self.services_open = opening is None
        self._first_painted = False
        self._page_when_open = 0  # the page closed on last, shown once the services are open
        self.notices = ChangeNotices(self)
        self._build_actions()
        self.context = PageContext(self.notices, self.backup_action)
        self.pages: list[Page | None] = [None] * len(PAGES)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.stack = QStackedWidget()
        for _page in PAGES:
            self.navigation.addItem(QListWidgetItem())
        self.navigation.currentRowChanged.connect(self._open_row)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.help_dialog = None  # the guide, made on the first F1 and kept open beside the window
        self.user_label: QLabel | None = None  # who is signed in, in the status bar (made when someone is)
        self.notices.changed.connect(lambda changed: Area.SETTINGS in changed and self._show_user())
        self._build_menus()
        self.retranslate()
        self._restore_preferences()
        self.watcher = Watcher(self.notices, self)  # others' saves refresh the lists here too
        if self.services_open:
            self._start_services()

    def page(self, row: int) -> Page:
        if self.pages[row] is None:
            title, module, name = PAGES[row]
            page = getattr(importlib.import_module(module), name)(self.context, title)
            if hasattr(page, "open_page"):  # a page may ask for another page, shown with a filter
                page.open_page.connect(self._open_filtered)
            self.stack.addWidget(page)
            self.pages[row] = page
        return self.pages[row]

    def _open_row(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentWidget(self.page(row))

    def _open_filtered(self, name: str, filters: dict) -> None:
        """Shows the page named and its list filtered by the keywords of its ``apply_filter``."""
        row = next(row for row, (_title, _module, page_name) in enumerate(PAGES) if page_name == name)
        self.navigation.setCurrentRow(row)
        self.page(row).apply_filter(**filters)

    # Building ---------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.backup_action = QAction(self)
        # setShortcuts, not setShortcut: PySide resolves setShortcut's overloads by building its
        # whole Qt enum namespace (about 13 ms before the first paint); setShortcuts does not.
        self.backup_action.setShortcuts([QKeySequence("Ctrl+B")])
        self.backup_action.triggered.connect(self.back_up)
        self.restore_action = QAction(self)
        self.restore_action.triggered.connect(self.restore)
        self.quit_action = QAction(self)
        # Windows has no standard key to quit: Ctrl+Q there too, as desktop programs do.
        self.quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
                                      or [QKeySequence("Ctrl+Q")])
        self.quit_action.triggered.connect(self.close)
        self.close_action = QAction(self)  # Ctrl+W: the one window closes, as a program's last window does
        self.close_action.setShortcuts(QKeySequence.StandardKey.Close)
        self.close_action.triggered.connect(self.close)
        self.guide_action = QAction(self)
        self.guide_action.setShortcuts(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.guide)
        # Routed to the page shown: a page offers find(), new() and print() when it has them.
        self.find_action = QAction(self)
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: self._on_page("find"))
        self.new_action = QAction(self)
        self.new_action.setShortcuts(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self._on_page("new"))
        self.print_action = QAction(self)
        self.print_action.setShortcuts(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(lambda: self._on_page("print"))
        self.addActions([self.close_action, self.find_action, self.new_action, self.print_action])
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about)
        self.activity_action = QAction(self)
        self.activity_action.triggered.connect(self.activity_report)
        self.password_action = QAction(self)
        self.password_action.triggered.connect(self.change_password)
        self.sign_out_action = QAction(self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.language_actions = QActionGroup(self)
        for code in i18n.LANGUAGES:
            action = QAction(i18n.LANGUAGE_NAMES[code], self, checkable=True)
            action.setData(code)
            action.setChecked(code == i18n.current_language())
            self.language_actions.addAction(action)
        self.language_actions.triggered.connect(lambda action: self.set_language(action.data()))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.backup_action, self.restore_action])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.password_action, self.sign_out_action, self.quit_action])
        self.reports_menu = bar.addMenu("")
        self.reports_menu.addAction(self.activity_action)
        self.package_action = self.reports_menu.addAction("", self.export_package)
        self.language_menu = bar.addMenu("")
        self.language_menu.addActions(self.language_actions.actions())
        self.help_menu = bar.addMenu("")
        self.help_menu.addActions([self.guide_action, self.about_action])

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Auyl Office"))
        self.file_menu.setTitle(tr("&File"))
        self.language_menu.setTitle(tr("&Language"))
        self.help_menu.setTitle(tr("&Help"))
        self.backup_action.setText(tr("&Back up…"))
        self.restore_action.setText(tr("&Restore from a backup…"))
        self.quit_action.setText(tr("&Quit"))
        self.about_action.setText(tr("&About Auyl Office"))
        self.guide_action.setText(tr("A short &guide"))
        self.reports_menu.setTitle(tr("&Reports"))
        self.activity_action.setText(tr("&Activity report for the akimat…"))
        self.package_action.setText(tr("&Package for the district…"))
        self.password_action.setText(tr("&Change my password…"))
        self.sign_out_action.setText(tr("Sign &out or switch user…"))
        for action in self.language_actions.actions():  # chosen here, or in the sign-in dialog
            action.setChecked(action.data() == i18n.current_language())
        self._show_user()
        for row, (title, _module, _name) in enumerate(PAGES):
            self.navigation.item(row).setText(tr(title))
        # Wide enough for the longest title in this language (Kazakh ones run long).
        self.navigation.setFixedWidth(max(180, self.navigation.sizeHintForColumn(0) + 24))

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # Preferences (per user, not district data) -------------------------------------------------

    def _restore_preferences(self) -> None:
        geometry = self.preferences.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self._fit_screen()
        page = self.preferences.value("window/page", 0, type=int)
        page = page if 0 <= page < len(self.pages) else 0
        if not self.services_open:  # the start page's frame is what needs no services
            self._page_when_open, page = page, 0
        self.navigation.setCurrentRow(page)

    def paintEvent(self, event):
        # The window's own paint comes first in a frame; the turn after it, the whole frame is on screen.
        if not self._first_painted:
            self._first_painted = True
            QTimer.singleShot(0, self._painted)
        super().paintEvent(event)

    def _painted(self) -> None:
        self.painted.emit()
        if self.services_open or not self._opening():
            return
        self.services_open = True
        self._start_services()
        if self._page_when_open:
            self.navigation.setCurrentRow(self._page_when_open)
        else:
            self.stack.currentWidget().reload()  # the start page, painted as a frame, reads now
        self.ready.emit()

    def _start_services(self) -> None:
        """What works on the office's data: the watcher, and Ctrl+S in the forms (an application-wide
        filter of every event, which is kept off the way to the first paint)."""
        self.watcher.start()
        form_keys.install(QApplication.instance())

    def _fit_screen(self) -> None:
        """The first opening: maximised on a small screen, else most of it, centred; either is
        remembered on closing (``window/geometry``)."""
        room = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        if room.width() < SMALL_SCREEN[0] or room.height() < SMALL_SCREEN[1]:
            self.setWindowState(Qt.WindowState.WindowMaximized)
            return
        self.resize(min(1500, room.width() * 9 // 10), min(950, room.height() * 9 // 10))
        self.move(room.center() - self.rect().center())

    def set_language(self, code: str) -> None:
        language.apply(code)
        self.preferences.setValue("language", code)

    def show_page(self, page_type: type[Page]) -> Page:
        for row, (_title, _module, name) in enumerate(PAGES):
            if name == page_type.__name__:
                self.navigation.setCurrentRow(row)
                return self.page(row)
        raise LookupError(page_type)

    def _on_page(self, method: str) -> None:
        """A shortcut's work on the page shown, if it has it; a new record only for a role that may
        make one (the page's own button is off for the others)."""
        page = self.stack.currentWidget()
        action = getattr(page, method, None)
        if action is not None and (method != "new" or page.may_change):
            action()

    def _may_leave(self) -> bool:
        """Asks about every page's unsaved work; False when the user chose to stay."""
        for page in self.pages:
            if page is None or not page.has_unsaved_changes():
                continue
            self.show_page(type(page))
            answer = may_close(self, tr("“{page}” has changes that are not saved. Save them?", page=tr(page.title)),
                               page.save_changes)
            if answer is False:
                return False
            if answer is None:
                page.reload()
        return True

    def closeEvent(self, event):
        if not self._may_leave():
            event.ignore()
            return
        self.preferences.setValue("window/geometry", self.saveGeometry())
        self.preferences.setValue("window/page", self.navigation.currentRow())
        event.accept()

    # Who is signed in ----------------------------------------------------------------

    def _show_user(self) -> None:
        login = access.current()
        self.password_action.setVisible(login is not None)
        self.sign_out_action.setVisible(access.sign_in_required())
        for action in (self.backup_action, self.restore_action):  # the administrator's (the daily copy is everyone's)
            action.setEnabled(access.may(Area.SETTINGS))
        if login is None and self.user_label is None:
            return  # an office without sign-in: no status bar made for nothing
        if self.user_label is None:
            self.user_label = QLabel()
            self.statusBar().addPermanentWidget(self.user_label)
        self.user_label.setText(tr("Signed in: {name} ({role})", name=login.full_name or login.login,
                                   role=tr(access.ROLES[login.role])) if login else "")

    def change_password(self) -> None:
        from app.ui.sign_in import ChangePasswordDialog

        if ChangePasswordDialog(parent=self).exec() == ChangePasswordDialog.DialogCode.Accepted:
            self.statusBar().showMessage(tr("Your password is changed."), 8000)

    def sign_out(self) -> None:
        """Leaves the window to the next person. Every page is built again for their role once they
        sign in; giving up closes the office."""
        if not self._may_leave():
            return
        from app.services import users
        from app.ui.sign_in import sign_in

        users.sign_out()
        for page in self.pages:  # nothing of the last person's work stays on screen
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self.pages = [None] * len(PAGES)
        self._show_user()
        if not sign_in(self.preferences, parent=self):
            self.close()
            return
        self._show_user()
        self._open_row(self.navigation.currentRow())

    # Actions ----------------------------------------------------------------------------------

    def _documents(self) -> Path:
        return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))

    def back_up(self) -> None:
        from app.services import backup

        suggested = self._documents() / f"auyl-{clock.today().isoformat()}{backup.file_suffix()}"
        path, _filter = QFileDialog.getSaveFileName(self, tr("Back up the database"), str(suggested), BACKUP_FILTER)
        if not path:
            return

        from app.ui.operations import ServiceCall  # loaded on first use: Qt's thread classes cost start-up time

        ServiceCall(self, lambda progress, cancelled: backup.backup(path, progress), changes=Area.SETTINGS,
                    background=True, title=tr("Backing up…"),
                    on_success=lambda written: self.statusBar().showMessage(
                        tr("Backup written to {path}", path=str(written)), 8000))

    def restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, tr("Restore from a backup"), str(self._documents()),
                                                    BACKUP_FILTER)
        if not path:
            return
        answer = QMessageBox.question(
            self, tr("Restore from a backup"),
            tr("Replace all the data in this office with the backup {file}? A safety copy of the current "
               "data is kept in the backups folder.", file=Path(path).name))
        if answer != QMessageBox.StandardButton.Yes:
            return

        from app.services import backup
        from app.ui.operations import ServiceCall

        # Announced even when it failed: a restore stopped halfway may have changed anything.
        ServiceCall(self, lambda progress, cancelled: backup.restore(path, progress), changes=ALL, partial=True,
                    background=True, title=tr("Restoring…"),
                    on_success=lambda kept: self.statusBar().showMessage(
                        tr("Database restored from {file}. The previous database was kept in {path}",
                           file=Path(path).name, path=str(kept)), 15000))

    def activity_report(self) -> None:
        from app.ui.activity_dialog import ActivityReportDialog  # loaded on first use

        ActivityReportDialog(parent=self).exec()

    def export_package(self) -> None:
        from app.ui.package_dialog import PackageDialog  # loaded on first use

        PackageDialog(parent=self).exec()

    def guide(self) -> None:
        from app.ui.help_dialog import HelpDialog  # loaded on first use

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

    def about(self) -> None:
        QMessageBox.about(self, tr("About Auyl Office"),
                          tr("Auyl Office {version}\nThe office of a village community centre: its register, "
                             "meetings and decisions, local issues, grants and events.", version=__version__))
