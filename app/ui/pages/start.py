"""The start page: the district at a glance. Later areas add their own panels."""

from __future__ import annotations

from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
                               QVBoxLayout)

from app.i18n import N_, format_datetime, format_number, local_name, tr
from app.services import dashboard
from app.ui.pages import Page
from app.ui.table_model import Column, RowsModel

class StartPage(Page):
    areas = ("members", "settings", "backup")

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.summary: dashboard.OfficeSummary | None = None
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)

        self.register_box = QGroupBox()
        self.villages = RowsModel([
            Column(N_("Village"), lambda v: local_name(v.name_kk, v.name_ru)),
            Column(N_("People"), lambda v: format_number(v.members), align_right=True),
            Column(N_("Households"), lambda v: format_number(v.households), align_right=True),
        ], self)
        table = QTableView()
        table.setModel(self.villages)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # a district has at most a dozen villages: measuring them is cheap
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.setMaximumHeight(260)
        self.totals = QLabel()
        box = QVBoxLayout(self.register_box)
        box.addWidget(table)
        box.addWidget(self.totals)

        self.data_box = QGroupBox()
        self.database = QLabel()
        self.database.setWordWrap(True)
        self.last_backup = QLabel()
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(context.backup_action.trigger)
        row = QHBoxLayout()
        row.addWidget(self.last_backup, 1)
        row.addWidget(self.backup_button)
        box = QVBoxLayout(self.data_box)
        box.addWidget(self.database)
        box.addLayout(row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.register_box)
        layout.addWidget(self.data_box)
        layout.addStretch(1)
        self.retranslate()

    def refresh(self) -> None:
        self.summary = dashboard.summary()
        self.villages.set_rows(list(self.summary.villages))
        self._fill_texts()

    def retranslate(self) -> None:
        self.register_box.setTitle(tr("Register of the local community"))
        self.data_box.setTitle(tr("Data"))
        self.backup_button.setText(tr("Back up now"))
        self.villages.retranslate()
        self._fill_texts()

    def _fill_texts(self) -> None:
        s = self.summary
        if s is None:
            return
        self.heading.setText(local_name(s.district_name_kk, s.district_name_ru))
        self.subheading.setText(local_name(s.centre_name_kk, s.centre_name_ru))
        self.totals.setText(tr("In all: {members} people in {households} households, {villages} villages.",
                               members=format_number(s.members), households=format_number(s.households),
                               villages=len(s.villages)))
        self.database.setText(tr("Database: {place}", place=s.database))
        self.last_backup.setText(tr("Last backup: {when}", when=format_datetime(s.last_backup))
                                 if s.last_backup else tr("No backup has been made yet."))
