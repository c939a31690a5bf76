"""The start's answer to a damaged database: what SQLite's check found, and the newest good backup
offered, restored through the restore service (which keeps a safety copy of the damaged file first)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import format_datetime, tr
from app.paths import backups_dir
from app.services import backup


def offer_restore(window: QWidget, damage: backup.Damage) -> None:
    if damage.backup is None:
        QMessageBox.critical(window, tr("The database is damaged"), tr(
            "The database failed SQLite's check: {finding}.\nNo good backup was found in {folder}. Keep the "
            "database file as it is and ask for help to recover it.", finding=damage.finding,
            folder=str(backups_dir())))
        return
    made = datetime.fromtimestamp(damage.backup.stat().st_mtime)
    answer = QMessageBox.question(window, tr("The database is damaged"), tr(
        "The database failed SQLite's check: {finding}.\nThe newest good backup is {file}, made {when}. "
        "Restore it now? The damaged database is kept in the backups folder; what was entered after the "
        "backup must be entered again.", finding=damage.finding, file=damage.backup.name,
        when=format_datetime(made)))
    if answer != QMessageBox.StandardButton.Yes:
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
