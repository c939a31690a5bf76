"""Starting the window: fonts, language, the database (migrated first), the sign-in where the office
has it, the first-start questions, the main window, and once the window is up the database's check
and the daily backup.

An office that needs none of the questions before the window (app/peek.py looks at its file with the
standard library) gets its window painted first: SQLAlchemy, the models and the services load after
the first paint, the database is opened and checked then, and the start page fills in. Nothing on that
path imports them before the paint (tests/test_startup_imports.py).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from app import i18n, logs, peek
from app.paths import APP_AUTHOR, APP_NAME, RESOURCES_DIR
from app.ui import fonts, form_keys, language
from app.ui.errors import install_excepthook

log = logging.getLogger(__name__)

STYLE = """
QLabel#heading { font-size: 16pt; font-weight: bold; }
QLabel#error { color: #b00020; }
QLabel#readOnly { background: #fff1cc; color: #5c3d00; border: 1px solid #e0b84a; border-radius: 4px;
                 padding: 4px 8px; }
QLabel#columnHeading { font-weight: bold; }
QLabel#numberHeading { font-weight: bold; qproperty-alignment: 'AlignRight | AlignVCenter'; }
QLabel#number { qproperty-alignment: 'AlignRight | AlignVCenter'; }
QListWidget#navigation { font-size: 11pt; }
QListWidget#navigation::item { padding: 8px 6px; }
"""


def preferences() -> QSettings:
    """Per-user preferences (window size, last page, language), not district data.

    Under AUYL_HOME (tests, portable installs) they live in an INI file there."""
    home = os.environ.get("AUYL_HOME")
    if home:
        return QSettings(os.path.join(home, "preferences.ini"), QSettings.Format.IniFormat)
    return QSettings(APP_AUTHOR, APP_NAME)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    icon = QIcon()  # the shangyrak emblem (installer/make_icon.py), each size drawn for itself
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(RESOURCES_DIR / "icons" / f"auyl-{size}.png"))
    app.setWindowIcon(icon)
    app.setFont(fonts.load())
    app.setStyleSheet(STYLE)
    return app


def start(db_path: str | None = None, lang: str | None = None, user: str | None = None):
    """Opens the office: returns the shown main window, or None if the user stopped at the sign-in
    or the first-start questions, or the database cannot be opened (the reason already shown).
    ``user`` (``auyl --user NAME``) is the name the sign-in offers."""
    from app.ui.main_window import MainWindow

    prefs = preferences()
    stored = prefs.value("language")
    language.apply(lang or (stored if stored in i18n.LANGUAGES else i18n.system_language()))
    if peek.opens_at_once(db_path):
        if lang:
            prefs.setValue("language", lang)
        # The services open after the first paint; a file that fails to open then starts over.
        window = MainWindow(prefs, opening=lambda: _open_after_paint(window, db_path, lang, user))
        window.ready.connect(lambda: _ready(window))
        window.show()
        return window
    from app import db

    url = db.resolve_url(db_path)
    if db.logs_in_per_user(url):
        if not _sign_in_to_server(url, prefs, user):
            return None
    else:
        opening = _open_office(db_path)
        if _damage(opening) is not None:
            from app.ui.damaged import restore_before_start

            return start(db_path, lang, user) if restore_before_start(opening.error) else None
        if not opening.ok:
            return None  # the reason already shown
    from app.services import access, settings

    current = settings.load()
    if not current.single_user and access.current() is None:
        from app.ui.sign_in import sign_in  # only here: an office without sign-in starts without it

        if not sign_in(prefs, user or os.environ.get("AUYL_USER", "")):
            return None
    if not current.setup_completed:
        from app.ui.setup_dialog import SetupDialog

        dialog = SetupDialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        prefs.setValue("language", dialog.chosen_language())
    elif lang:
        prefs.setValue("language", lang)
    window = MainWindow(prefs)
    window.show()
    _ready(window)
    return window


def _damage(opening):
    """The error of an opening that found the file damaged (offered a backup by the caller), else None."""
    from app.migrate import DamagedDatabase

    return opening.error if isinstance(opening.error, DamagedDatabase) else None


def _open_office(db_path: str | None):
    """Loads the ORM and the services and opens the database, migrated (a ServiceCall: the reason of a
    failure is shown, but for a damaged file, which the caller offers to restore)."""
    from app import db, migrate
    from app.services import flush_listeners
    from app.ui.operations import ServiceCall

    flush_listeners.install()  # every change recorded and checked, before the first unit of work
    form_keys.install(QApplication.instance())  # Ctrl+S in the forms from here on (the window's too)
    return ServiceCall(None, lambda: migrate.open_database(db.resolve_url(db_path)),
                       handlers={migrate.DamagedDatabase: lambda _error: None})


def _sign_in_to_server(url: str, prefs: QSettings, user: str | None) -> bool:
    """A server office kept without a login: the name and password typed connect as the user's own
    login (docs/architecture.md, PostgreSQL roles), so the sign-in comes before anything is read."""
    from app.services import flush_listeners
    from app.ui.sign_in import sign_in

    flush_listeners.install()
    form_keys.install(QApplication.instance())
    return sign_in(prefs, user or os.environ.get("AUYL_USER", ""), server_url=url)


def _open_after_paint(window, db_path: str | None, lang: str | None, user: str | None) -> bool:
    """The services of a window painted before them; False when the office could not be opened after
    all (changed since the look): the window closes, and a damaged file's backup is offered."""
    opening = _open_office(db_path)
    if opening.ok:
        return True
    window.hide()
    app = QApplication.instance()
    replacement = None
    if _damage(opening) is not None:
        from app.ui.damaged import restore_before_start

        if restore_before_start(opening.error):
            replacement = start(db_path, lang, user)
    window.deleteLater()
    if replacement is None:
        app.exit(1)
    return False


def _ready(window) -> None:
    """Once the window's services are open: the typing a crash left behind, the garbage collector
    back on, and the database's check and daily backup a little later."""
    from app.ui.drafts import offer

    offer(window)  # typing a crash or a power cut left behind, back in its form
    QTimer.singleShot(0, _started)
    daily = QTimer(window)  # owned by the window: no backup is started for a window already gone
    daily.setSingleShot(True)
    daily.setInterval(1500)
    daily.timeout.connect(lambda: _start_check(window))
    daily.start()


def _started() -> None:
    # What start-up made lives as long as the window: keep it out of later collections.
    gc.freeze()
    gc.enable()


def _start_check(window) -> None:
    """The database's quick check, then the daily backup, in the background: the check reads the
    whole file (about 1 s on a 100,000-person office), too long to keep the window waiting."""
    if not window.isVisible():  # closed before its time came (the office is closing)
        return
    from app.areas import Area
    from app.services import backup
    from app.ui.damaged import offer_restore
    from app.ui.operations import ServiceCall

    ServiceCall(window, lambda progress, cancelled: backup.start_check(), background=True,
                changes=lambda done: {Area.SETTINGS} if done.backup else (),  # none made when today's exists
                on_success=lambda done: offer_restore(window, done.damage) if done.damage else None)


def _report_when_shown(app: QApplication, window) -> None:
    """Benchmarks and smoke checks: prints the moment of the window's first paint ("shown") and of
    its page's data read ("filled": the start page's figures in), then quits."""
    from app.ui.pages.start import StartPage

    marks = []

    def mark(what: str) -> None:
        print(f"{what} {time.time():.6f}", flush=True)
        marks.append(what)
        if "shown" in marks and "filled" in marks:
            app.quit()

    def read() -> None:
        page = window.stack.currentWidget()
        if isinstance(page, StartPage) and page.figures is None:
            page.filled.connect(lambda: mark("filled"))
        else:
            mark("filled")

    window.painted.connect(lambda: mark("shown"))
    if window.services_open:
        read()
    else:
        window.ready.connect(read)


def run_window(db_path: str | None = None, language: str | None = None, user: str | None = None) -> int:
    logs.setup()
    app = application()
    install_excepthook()
    window = start(db_path, language, user)
    if window is None:
        from app import db  # loaded: a window not shown was stopped after the database was opened

        return 1 if db.engine_or_none() is None else 0
    if os.environ.get("AUYL_EXIT_WHEN_SHOWN"):  # benchmarks and smoke checks: start, show, stop
        _report_when_shown(app, window)
    code = app.exec()
    from app import db  # not before: the window is painted before the ORM loads

    db.dispose()
    return code
