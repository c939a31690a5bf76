"""The start page: the district at a glance. Later areas add their own panels.

The figures are laid out in labels, not an item view: the page opens with the window, and an item
view would make PySide build its whole ``Qt`` namespace of enums (about 13 ms) before the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import N_, format_datetime, format_number, local_name, tr
from app.services import dashboard
from app.ui.pages import Page

VILLAGE_COLUMNS = (N_("Village"), N_("People"), N_("Households"))
OVERDUE_STYLE = "color: #b00020; font-weight: bold; text-decoration: underline; text-align: left;"


class StartPage(Page):
    areas = ("members", "settings", "backup", "meetings", "decisions")
    open_page = Signal(str, str)  # another page's class name and the filter to show it with

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.summary: dashboard.OfficeSummary | None = None
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)

        self.register_box = QGroupBox()
        self.village_grid = QWidget()
        self.grid = QGridLayout(self.village_grid)
        self.grid.setColumnStretch(0, 1)
        self.grid.setHorizontalSpacing(24)
        self.column_labels = [QLabel() for _ in VILLAGE_COLUMNS]
        for column, label in enumerate(self.column_labels):
            label.setObjectName("columnHeading" if column == 0 else "numberHeading")
            self.grid.addWidget(label, 0, column)
        self.village_rows: list[tuple[QLabel, QLabel, QLabel]] = []
        self.totals = QLabel()
        box = QVBoxLayout(self.register_box)
        box.addWidget(self.village_grid)
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

        # Meetings and decisions: read once the page is on screen (see _load_meetings).
        self.meetings: dashboard.MeetingFigures | None = None
        self.meetings_box = QGroupBox()
        self.upcoming = QLabel()
        self.upcoming.setWordWrap(True)
        self.awaiting = QLabel()
        self.overdue = QPushButton()  # clicking it opens the decisions register at the overdue ones
        self.overdue.setObjectName("overdueFigure")
        self.overdue.setFlat(True)
        self.overdue.clicked.connect(lambda: self.open_page.emit("DecisionsPage", "overdue"))
        box = QVBoxLayout(self.meetings_box)
        box.addWidget(self.upcoming)
        box.addWidget(self.awaiting)
        box.addWidget(self.overdue)
        self.meetings_box.hide()
        self.meetings_timer = QTimer(self)  # owned by the page, so it dies with it
        self.meetings_timer.setSingleShot(True)
        self.meetings_timer.setInterval(0)
        self.meetings_timer.timeout.connect(self._load_meetings)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.meetings_box)
        layout.addWidget(self.register_box)
        layout.addWidget(self.data_box)
        layout.addStretch(1)
        self.retranslate()

    def refresh(self) -> None:
        self.summary = dashboard.summary()
        self._fill_villages()
        self._fill_texts()
        # The meetings service is not on the start-up path: its figures follow the first paint.
        self.meetings_timer.start()

    def _load_meetings(self) -> None:
        self.meetings = dashboard.meeting_figures()
        self._fill_meetings()

    def _fill_meetings(self) -> None:
        from app.ui.hall_screen import meeting_caption  # with the meetings service, after the first paint

        m = self.meetings
        if m is None:
            return
        lines = [tr("Meetings in the coming week: {count}", count=len(m.upcoming))]
        lines += ["• " + tr("{meeting}, at {time}", time=u.starts_at.strftime("%H:%M"),
                            meeting=meeting_caption(u.kind, u.kind_name, u.number, u.starts_at.date(),
                                                    u.village_kk, u.village_ru))
                  for u in m.upcoming]
        self.upcoming.setText("\n".join(lines))
        self.awaiting.setText(tr("Decisions awaiting the akim's answer: {count}", count=m.awaiting_answer))
        self.overdue.setText(tr("Overdue decisions: {count}", count=m.overdue))
        self.overdue.setStyleSheet(OVERDUE_STYLE if m.overdue else "text-align: left;")
        self.overdue.setEnabled(m.overdue > 0)
        self.overdue.setToolTip(tr("Show them in the decisions register") if m.overdue else "")
        self.meetings_box.show()

    def _fill_villages(self) -> None:
        villages = self.summary.villages
        while len(self.village_rows) < len(villages):
            row = (QLabel(), QLabel(), QLabel())
            for column, label in enumerate(row):
                if column:
                    label.setObjectName("number")
                self.grid.addWidget(label, len(self.village_rows) + 1, column)
            self.village_rows.append(row)
        for index, (name, members, households) in enumerate(self.village_rows):
            shown = index < len(villages)
            for label in (name, members, households):
                label.setVisible(shown)
            if shown:
                village = villages[index]
                name.setText(local_name(village.name_kk, village.name_ru))
                members.setText(format_number(village.members))
                households.setText(format_number(village.households))

    def retranslate(self) -> None:
        self.register_box.setTitle(tr("Register of the local community"))
        self.data_box.setTitle(tr("Data"))
        self.meetings_box.setTitle(tr("Meetings and decisions"))
        self._fill_meetings()
        self.backup_button.setText(tr("Back up now"))
        for label, text in zip(self.column_labels, VILLAGE_COLUMNS):
            label.setText(tr(text))
        if self.summary is not None:
            self._fill_villages()
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
