"""The start page: the state of the office at a glance, in cards. Every figure is a flat button that
opens the list behind it, filtered; the charts are painted by hand (QtCharts is not installed).

The window is painted with this page's frame, its cards titled and their figures «…», before the
services load (app/ui/application.py); the page reads once they are open: the members summary (plain
table queries) first, the other areas' figures right after. The figures are laid out in labels, not
an item view: the page opens with the window, and an item view would make PySide build its whole
``Qt`` namespace of enums (about 13 ms) before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from app import i18n
from app.areas import ALL
from app.i18n import format_date, format_datetime, format_number, local_name, tr
from app.ui.pages import Page

if TYPE_CHECKING:
    from app.services import dashboard

ALERT = "#b00020"
BAR = QColor("#5b8fc9")
HOVER = QColor("#eaf1fb")
# Local issues by status: the open ones in blues and amber, the closed ones green and grey.
STATUS_COLOURS = {"new": "#8fb4e0", "accepted": "#5b8fc9", "in_progress": "#e0a040", "resolved": "#5aa469",
                  "rejected": "#a0a0a0"}
WEEK_ROWS = 8  # this week's list shows the soonest; the rest are a click away
PLACEHOLDER = "…"  # a figure not read yet
STYLE = f"""
QFrame#card {{ background: palette(base); border: 1px solid #d6dbe1; border-radius: 8px; }}
QLabel#cardTitle {{ font-size: 11pt; font-weight: bold; color: #3d4a5c; }}
QLabel#cardNote {{ color: #5f6b7a; }}
QPushButton#figure {{ border: none; border-radius: 6px; text-align: left; padding: 0; }}
QPushButton#figure:hover {{ background: {HOVER.name()}; }}
QLabel#figureNumber {{ font-size: 17pt; font-weight: bold; }}
QLabel#figureSmall {{ font-size: 12pt; font-weight: bold; }}
QLabel#figureWhen {{ color: #3d4a5c; font-weight: bold; }}
QLabel#columnHeading {{ color: #5f6b7a; }}
"""


class ElidedLabel(QLabel):
    """A one-line label that ends in … when the card is too narrow (the whole text in its tooltip)."""

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event):
        painter = QPainter(self)
        metrics = self.fontMetrics()
        text = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)


class Figure(QPushButton):
    """A figure and what it counts; a click opens the list behind it."""

    def __init__(self, number_name: str = "figureNumber", number_width: int = 72, parent=None):
        super().__init__(parent)
        self.setObjectName("figure")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number, self.caption = QLabel(PLACEHOLDER), ElidedLabel()
        self.number.setObjectName(number_name)
        self.number.setMinimumWidth(number_width)
        self.caption.setWordWrap(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 6, 1)
        layout.setSpacing(10)
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.number)
        layout.addWidget(self.caption, 1)

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def show_figure(self, number: str, caption: str, alert: bool = False, tooltip: str = "") -> None:
        self.number.setText(number)
        self.caption.setText(caption)
        colour = f"color: {ALERT};" if alert else ""
        self.number.setStyleSheet(colour)
        self.caption.setStyleSheet(colour)
        self.setToolTip(tooltip or caption)


class BarChart(QWidget):
    """Small horizontal bars, one a row: a name, its bar and its number. A click on a row emits it."""

    clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, int, QColor, str]] = []  # name, value, colour, tooltip
        self.hovered = -1
        self.setMouseTracking(True)

    def set_rows(self, rows: list[tuple[str, int, QColor, str]]) -> None:
        self.rows = rows
        self.updateGeometry()
        self.update()

    def row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        return QSize(260, len(self.rows) * self.row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(160, len(self.rows) * self.row_height())

    def row_rect(self, row: int) -> QRect:
        return QRect(0, row * self.row_height(), self.width(), self.row_height())

    def row_at(self, y: int) -> int:
        row = y // self.row_height()
        return row if 0 <= row < len(self.rows) else -1

    def paintEvent(self, event):
        if not self.rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        names = min(max(metrics.horizontalAdvance(name) for name, *_ in self.rows) + 12, self.width() // 2)
        numbers = max(metrics.horizontalAdvance(format_number(value)) for _n, value, *_ in self.rows) + 10
        room = max(self.width() - names - numbers, 1)
        top = max(value for _n, value, *_ in self.rows) or 1
        left, middle = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), int(Qt.AlignmentFlag.AlignVCenter)
        for row, (name, value, colour, _tip) in enumerate(self.rows):
            rect = self.row_rect(row)
            if row == self.hovered:
                painter.fillRect(rect, HOVER)
            painter.setPen(self.palette().text().color())
            painter.drawText(rect.adjusted(4, 0, 0, 0).intersected(QRect(0, rect.y(), names, rect.height())), left,
                             metrics.elidedText(name, Qt.TextElideMode.ElideRight, names - 10))
            length = max(round(room * value / top), 2 if value else 0)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRect(names, rect.y() + 4, length, rect.height() - 8), 3, 3)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRect(names + length + 6, rect.y(), numbers, rect.height()), middle,
                             format_number(value))

    def mouseMoveEvent(self, event):
        row = self.row_at(int(event.position().y()))
        if row != self.hovered:
            self.hovered = row
            self.setCursor(Qt.CursorShape.PointingHandCursor if row >= 0 else Qt.CursorShape.ArrowCursor)
            self.setToolTip(self.rows[row][3] if row >= 0 else "")
            self.update()

    def leaveEvent(self, event):
        self.hovered = -1
        self.update()

    def mouseReleaseEvent(self, event):
        row = self.row_at(int(event.position().y()))
        if row >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(row)


class Card(QFrame):
    """A titled box of the start page."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        # The grid's columns share the width equally, whatever each card's content would like.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(260)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)  # a long Kazakh title takes two lines rather than being cut
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(4)
        self.body.addWidget(self.title)


def note() -> QLabel:
    label = QLabel()
    label.setObjectName("cardNote")
    label.setWordWrap(True)
    return label


class StartPage(Page):
    areas = ALL
    # Another page's class name and the keywords of its apply_filter.
    open_page = Signal(str, object)
    filled = Signal()  # every figure is read and shown

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.setStyleSheet(STYLE)
        self.summary: dashboard.OfficeSummary | None = None
        self.figures: dashboard.OfficeFigures | None = None
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.subheading = note()
        self.today = QLabel()
        self.today.setObjectName("cardNote")

        # Members: the summary is on the first paint; this month's change follows.
        self.members_card = Card()
        self.members_total = Figure()
        self.members_total.clicked.connect(lambda: self._open("MembersPage"))
        self.households = note()
        self.villages = BarChart()
        self.villages.clicked.connect(
            lambda row: self._open("MembersPage", village_id=self.summary.villages[row].village_id))
        self.joined, self.left = Figure("figureSmall"), Figure("figureSmall")
        for figure in (self.joined, self.left):
            figure.clicked.connect(lambda: self._open("MembersPage"))
        for widget in (self.members_total, self.households, self.joined, self.left):
            self.members_card.body.addWidget(widget)
        self.members_card.body.addSpacing(6)
        self.members_card.body.addWidget(self.villages)
        self.members_card.body.addStretch(1)

        # This week: meetings and events in one list, soonest first.
        self.week_card = Card()
        self.week_range = note()
        self.week_meetings, self.week_events = Figure(number_width=40), Figure(number_width=40)
        self.week_meetings.clicked.connect(lambda: self._open("MeetingsPage", year=self.figures.today.year))
        self.week_events.clicked.connect(self._open_week_events)
        counts = QHBoxLayout()
        counts.addWidget(self.week_meetings)
        counts.addWidget(self.week_events)
        self.week_rows: list[Figure] = []
        self.week_list = QVBoxLayout()
        self.week_list.setSpacing(0)
        self.week_more = Figure("figureWhen", 110)
        self.week_more.clicked.connect(self._open_week_events)
        self.week_empty = note()
        self.week_card.body.addWidget(self.week_range)
        self.week_card.body.addLayout(counts)
        self.week_card.body.addLayout(self.week_list)
        self.week_card.body.addWidget(self.week_more)
        self.week_card.body.addWidget(self.week_empty)
        self.week_card.body.addStretch(1)

        # Decisions of the meetings: waiting on the akim, overdue.
        self.decisions_card = Card()
        self.awaiting, self.overdue = Figure(), Figure()
        self.awaiting.clicked.connect(lambda: self._open("DecisionsPage", status="in_progress"))
        self.overdue.clicked.connect(lambda: self._open("DecisionsPage", status="overdue"))
        self.decisions_card.body.addWidget(self.awaiting)
        self.decisions_card.body.addWidget(self.overdue)
        self.decisions_card.body.addStretch(1)

        # Local issues: open, overdue, untouched, and a bar per status.
        self.issues_card = Card()
        self.issues_open, self.issues_overdue, self.issues_untouched = Figure(), Figure(), Figure()
        self.issues_open.clicked.connect(lambda: self._open("LocalIssuesPage", status=None))
        self.issues_overdue.clicked.connect(lambda: self._open("LocalIssuesPage", status="overdue"))
        self.issues_untouched.clicked.connect(lambda: self._open("LocalIssuesPage", status=None))
        self.statuses = BarChart()
        self.statuses.clicked.connect(
            lambda row: self._open("LocalIssuesPage", status=list(self.figures.issues_by_status)[row]))
        for widget in (self.issues_open, self.issues_overdue, self.issues_untouched):
            self.issues_card.body.addWidget(widget)
        self.issues_card.body.addSpacing(6)
        self.issues_card.body.addWidget(self.statuses)
        self.issues_card.body.addStretch(1)

        # Appeals of residents: open, past their term, due within 3 days.
        self.appeals_card = Card()
        self.appeals_open, self.appeals_overdue, self.appeals_due_soon = Figure(), Figure(), Figure()
        self.appeals_open.clicked.connect(lambda: self._open("AppealsPage", show="open"))
        self.appeals_overdue.clicked.connect(lambda: self._open("AppealsPage", show="overdue"))
        self.appeals_due_soon.clicked.connect(lambda: self._open("AppealsPage", show="due_soon"))
        for widget in (self.appeals_open, self.appeals_overdue, self.appeals_due_soon):
            self.appeals_card.body.addWidget(widget)
        self.appeals_card.body.addStretch(1)

        # Grants: deadlines, and money this year per currency (currencies are never added up).
        self.grants_card = Card()
        self.deadlines_soon, self.deadlines_overdue = Figure(), Figure()
        self.deadlines_soon.clicked.connect(lambda: self._open("GrantsPage", status="due_soon"))
        self.deadlines_overdue.clicked.connect(lambda: self._open("GrantsPage", status="overdue"))
        self.money_heading = QLabel()
        self.money_heading.setObjectName("cardTitle")
        self.money = QGridLayout()
        self.money.setHorizontalSpacing(8)
        self.money.setVerticalSpacing(0)
        self.money_titles = (QLabel(), QLabel())
        for column, label in enumerate(self.money_titles):
            label.setObjectName("columnHeading")
            self.money.addWidget(label, 0, column)
        self.money_cells: list[QPushButton] = []  # a row per currency: received, spent
        self.no_money = note()
        for widget in (self.deadlines_soon, self.deadlines_overdue):
            self.grants_card.body.addWidget(widget)
        self.grants_card.body.addSpacing(6)
        self.grants_card.body.addWidget(self.money_heading)
        self.grants_card.body.addLayout(self.money)
        self.grants_card.body.addWidget(self.no_money)
        self.grants_card.body.addStretch(1)

        # The data: where it lives and its last backup (on the first paint).
        self.data_card = Card()
        self.database = note()
        self.last_backup = note()
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(context.backup_action.trigger)
        self.backup_button.setEnabled(context.backup_action.isEnabled())  # offered to whom may back up
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addStretch(1)
        for widget in (self.last_backup, self.database):
            self.data_card.body.addWidget(widget)
        self.data_card.body.addStretch(1)
        self.data_card.body.addLayout(row)

        self.area_cards = (self.week_card, self.decisions_card, self.issues_card, self.appeals_card, self.grants_card)
        for card in (self.members_card, *self.area_cards):
            card.setEnabled(False)  # until their figures are read, after the first paint
        self.figures_timer = QTimer(self)  # owned by the page, so it dies with it
        self.figures_timer.setSingleShot(True)
        self.figures_timer.setInterval(0)
        self.figures_timer.timeout.connect(self._load_figures)

        grid = QGridLayout()
        grid.setSpacing(12)
        for position, card in enumerate((self.members_card, self.week_card, self.decisions_card, self.issues_card,
                                         self.appeals_card, self.grants_card, self.data_card)):
            grid.addWidget(card, position // 3, position % 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        header.addLayout(titles, 1)
        header.addWidget(self.today, 0, Qt.AlignmentFlag.AlignBottom)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(4, 4, 4, 4)
        inner.setSpacing(10)
        inner.addLayout(header)
        inner.addLayout(grid, 1)
        scroll = QScrollArea()  # a small window scrolls the cards rather than crushing them
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.retranslate()

    # Reading ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        if not getattr(self.window(), "services_open", True):
            self._stale = True  # a frame painted before the services: the window reloads it once they open
            return
        from app.services import dashboard
        from app.ui.operations import ServiceCall

        ServiceCall(self, dashboard.summary, on_success=self._show_summary)
        # The area services are not on the start-up path: their figures follow.
        self.figures_timer.start()

    def _show_summary(self, summary: dashboard.OfficeSummary) -> None:
        self.summary = summary
        self._fill_summary()

    def _load_figures(self) -> None:
        from app.services import dashboard
        from app.ui.operations import ServiceCall

        ServiceCall(self, dashboard.figures, on_success=self._show_figures)

    def _show_figures(self, figures: dashboard.OfficeFigures) -> None:
        self.figures = figures
        self._fill_figures()
        self.filled.emit()

    def _open(self, page: str, **filters) -> None:
        self.open_page.emit(page, filters)

    def _open_week_events(self) -> None:
        self._open("EventsPage", date_from=self.figures.today, date_to=self.figures.week_end)

    def _open_week_entry(self, entry: dashboard.WeekEntry) -> None:
        if entry.meeting is not None:
            self._open("MeetingsPage", year=entry.starts_at.year)
        else:
            self._open("EventsPage", date_from=entry.starts_at.date(), date_to=entry.starts_at.date())

    # Showing ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.members_card.title.setText(tr("Register of the local community"))
        self.week_card.title.setText(tr("The coming week"))
        self.decisions_card.title.setText(tr("Decisions of the meetings"))
        self.issues_card.title.setText(tr("Local issues"))
        self.appeals_card.title.setText(tr("Appeals of residents"))
        self.grants_card.title.setText(tr("Grants"))
        self.data_card.title.setText(tr("Data"))
        self.money_heading.setText(tr("Money this year"))
        self.money_titles[0].setText(tr("Received"))
        self.money_titles[1].setText(tr("Spent"))
        self.backup_button.setText(tr("Back up now"))
        self._fill_summary()
        self._fill_figures()

    def _fill_summary(self) -> None:
        s = self.summary
        if s is None:
            return
        self.heading.setText(local_name(s.district_name_kk, s.district_name_ru))
        self.subheading.setText(local_name(s.centre_name_kk, s.centre_name_ru))
        self.members_total.show_figure(format_number(s.members), tr("people in the register"),
                                       tooltip=tr("Open the register"))
        self.households.setText(tr("{households} households in {villages} villages",
                                   households=format_number(s.households), villages=len(s.villages)))
        self.villages.set_rows([(local_name(v.name_kk, v.name_ru), v.members, BAR,
                                 tr("Open the register of {village}", village=local_name(v.name_kk, v.name_ru)))
                                for v in s.villages])
        self.database.setText(tr("Database: {place}", place=s.database))
        self.last_backup.setText(tr("Last backup: {when}", when=format_datetime(s.last_backup))
                                 if s.last_backup else tr("No backup has been made yet."))
        self.members_card.setEnabled(True)

    def _fill_figures(self) -> None:
        f = self.figures
        if f is None:
            return
        self.today.setText(tr("Today is {date}", date=i18n.format_date_long(f.today)))
        self.joined.show_figure(f"+{format_number(f.month.joined)}", tr("joined this month"))
        self.left.show_figure(f"−{format_number(f.month.left)}", tr("left this month"),
                              tooltip=tr("Moved away or died this month"))
        self._fill_week()
        m = f.meetings
        self.awaiting.show_figure(format_number(m.awaiting_answer), tr("awaiting the akim's answer"),
                                  tooltip=tr("Sent to the akim, no answer yet"))
        self.overdue.show_figure(format_number(m.overdue), tr("overdue"), alert=m.overdue > 0,
                                 tooltip=tr("Show them in the decisions register"))
        self._fill_issues()
        self._fill_appeals()
        self._fill_grants()
        for card in self.area_cards:
            card.setEnabled(True)

    def _fill_week(self) -> None:
        from app.services import meetings
        from app.ui.event_calendar import WEEKDAYS

        f = self.figures
        self.week_range.setText(f"{format_date(f.today)} – {format_date(f.week_end)}")
        self.week_meetings.show_figure(format_number(len(f.meetings.upcoming)), tr("meetings"))
        self.week_events.show_figure(format_number(len(f.events)), tr("events"))
        shown = f.week[:WEEK_ROWS]
        while len(self.week_rows) < len(shown):
            row = Figure("figureWhen", 110)
            row.clicked.connect(lambda _c=False, i=len(self.week_rows): self._open_week_entry(self.figures.week[i]))
            self.week_list.addWidget(row)
            self.week_rows.append(row)
        for index, row in enumerate(self.week_rows):
            row.setVisible(index < len(shown))
            if index >= len(shown):
                continue
            entry = shown[index]
            when = f"{tr(WEEKDAYS[entry.starts_at.weekday()])} {entry.starts_at:%d.%m %H:%M}"
            if entry.meeting is not None:
                u = entry.meeting
                what = tr("{kind} No. {number}", kind=tr(meetings.kind_label(u.kind, u.kind_name)), number=u.number)
                what = what[:1].upper() + what[1:]  # a kind's name is written lowercase mid-sentence
                where = local_name(u.village_kk, u.village_ru)
            else:
                what, where = entry.event.title, entry.event.rooms
            row.show_figure(when, f"{what} · {where}" if where else what)
        more = len(f.week) - len(shown)
        self.week_more.setVisible(more > 0)
        self.week_more.show_figure("", tr("and {count} more…", count=more))
        self.week_empty.setVisible(not f.week)
        self.week_empty.setText(tr("Nothing is planned for the coming week."))

    def _fill_issues(self) -> None:
        from app.services import local_issues

        i = self.figures.issues
        self.issues_open.show_figure(format_number(i.open), tr("open issues"))
        self.issues_overdue.show_figure(format_number(i.overdue), tr("overdue"), alert=i.overdue > 0,
                                        tooltip=tr("Open issues past their due date"))
        self.issues_untouched.show_figure(format_number(i.untouched), tr("untouched for a long time"),
                                          tooltip=tr("Open issues nobody has changed for a long time"))
        self.statuses.set_rows([(tr(local_issues.STATUSES[code]), count, QColor(STATUS_COLOURS.get(code, BAR.name())),
                                 tr("Show the issues: {status}", status=tr(local_issues.STATUSES[code])))
                                for code, count in self.figures.issues_by_status.items()])

    def _fill_appeals(self) -> None:
        a = self.figures.appeals
        self.appeals_open.show_figure(format_number(a.open), tr("open appeals"),
                                      tooltip=tr("Appeals on their term, not yet answered or sent on"))
        self.appeals_overdue.show_figure(format_number(a.overdue), tr("overdue"), alert=a.overdue > 0,
                                         tooltip=tr("Open appeals past their term: silence counts as a refusal"))
        self.appeals_due_soon.show_figure(format_number(a.due_soon), tr("due within 3 days"), alert=a.due_soon > 0,
                                          tooltip=tr("Open appeals whose answer is due within 3 days"))

    def _fill_grants(self) -> None:
        from app.rules.money import format_amount

        g = self.figures.grants
        self.deadlines_soon.show_figure(format_number(g.deadlines_due_soon), tr("deadlines within 30 days"),
                                        tooltip=tr("Reports and tax notices due within 30 days"))
        self.deadlines_overdue.show_figure(format_number(g.deadlines_overdue), tr("deadlines overdue"),
                                           alert=g.deadlines_overdue > 0)
        for cell in self.money_cells:
            cell.deleteLater()
        self.money_cells = []
        currencies = list(dict.fromkeys([*g.received_this_year, *g.spent_this_year]))
        for row, currency in enumerate(currencies, start=1):
            for column, sums in enumerate((g.received_this_year, g.spent_this_year)):
                amount = sums.get(currency)
                cell = QPushButton(format_amount(amount, currency, i18n.current_language()) if amount is not None else "—")
                cell.setObjectName("figure")
                cell.setFlat(True)
                cell.setCursor(Qt.CursorShape.PointingHandCursor)
                cell.clicked.connect(lambda: self._open("GrantsPage", status=None))
                self.money.addWidget(cell, row, column)
                self.money_cells.append(cell)
        for label in self.money_titles:
            label.setVisible(bool(currencies))
        self.no_money.setVisible(not currencies)
        self.no_money.setText(tr("No money received or spent this year."))
