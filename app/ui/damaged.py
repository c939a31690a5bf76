"""The start's answer to a damaged database: what SQLite's check found, and the newest good backup
offered, restored through the restore service (which keeps a safety copy of the damaged file first)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import format_datetime, tr
from app.migrate import DamagedDatabase
from app.paths import backups_dir
from app.services import backup


def _restore_wanted(parent: QWidget | None, damage: backup.Damage) -> bool:
    if damage.backup is None:
        QMessageBox.critical(parent, tr("The database is damaged"), tr(
            "The database failed SQLite's check: {finding}.\nNo good backup was found in {folder}. Keep the "
            "database file as it is and ask for help to recover it.", finding=damage.finding,
            folder=str(backups_dir())))
        return False
    made = datetime.fromtimestamp(damage.backup.stat().st_mtime)
    answer = QMessageBox.question(parent, tr("The database is damaged"), tr(
        "The database failed SQLite's check: {finding}.\nThe newest good backup is {file}, made {when}. "
        "Restore it now? The damaged database is kept in the backups folder; what was entered after the "
        "backup must be entered again.", finding=damage.finding, file=damage.backup.name,
        when=format_datetime(made)))
    return answer == QMessageBox.StandardButton.Yes


def restore_before_start(error: DamagedDatabase) -> bool:
    """A database too damaged to open, before any window: the same offer; True once a backup is in."""
    damage = backup.Damage(str(error.params.get("reason", "")), backup.newest_good_backup())
    if not _restore_wanted(None, damage):
        return False
    from app.ui.operations import ServiceCall

    return bool(ServiceCall(None, lambda: backup.restore(damage.backup)).ok)


def offer_restore(window: QWidget, damage: backup.Damage) -> None:
    if not _restore_wanted(window, damage):
        return
    from app.ui.notices import ALL
    from app.ui.operations import ServiceCall

    source = damage.backup
    # Announced even when it failed: a restore stopped halfway may have changed anything.
    ServiceCall(window, lambda progress, cancelled: backup.restore(source, progress), changes=ALL, partial=True,
                background=True, title=tr("Restoring…"),
                on_success=lambda kept: QMessageBox.information(window, tr("Auyl Office"), tr(
                    "Database restored from {file}. The previous database was kept in {path}",
                    file=source.name, path=str(kept))))
