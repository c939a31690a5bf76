"""The calendar of the centre's rooms: a week (days across, hours down) and a month (days with their
bookings listed), drawn in one paintEvent from plain rows, so a month of a few hundred bookings stays
quick. An event is dragged to another time in the week view (snapped to 15 minutes); the move goes
through the events service with its clash check, and a clash offers the free rooms instead."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from app import clock
from app.areas import Area
from app.i18n import N_, format_date, format_month, tr
from app.services import events, meetings, settings
from app.ui.event_clash import book_with_free_room
from app.ui.operations import ServiceCall

# A fixed, quiet palette (fill, edge) keyed by a kind's place in the district's list; dark text
# reads on every fill. Meetings keep their own colour whatever the list holds.
PALETTE = (("#cfe2f8", "#4a7fc1"), ("#fde0c2", "#d08a3c"), ("#d6efd0", "#5a9a4a"), ("#eadbf6", "#8a5fb5"),
           ("#fbd5dc", "#c25470"), ("#cdeeea", "#3b9a8e"), ("#f6edc0", "#b39b2c"), ("#e4e4e4", "#8a8a8a"))
MEETING_COLOURS = ("#c3cce0", "#3d4f7a")
TEXT = QColor("#1d2733")
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
SNAP_MINUTES = 15
FIRST_HOUR, LAST_HOUR = 8, 21  # the usual working day; widened when a booking lies outside it
HEADER, GUTTER, MONTH_HEADER, LINE = 38, 46, 24, 17


@dataclass
class Item:
    """One booking as drawn: an event or a meeting with every room it holds at that time."""

    starts_at: datetime
    ends_at: datetime
    title: str
    kind: str
    event_id: int | None
    meeting_id: int | None
    rooms: list[str] = field(default_factory=list)

    @property
    def caption(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M} {self.title} ({', '.join(self.rooms)})"


def _meeting_title(kind: str | None, number: str) -> str:
    """«Жиын № 8/2026», «Собрание № 3/2026»: the kind's name, written lowercase mid-sentence, capitalised."""
    if kind is None:
        return number
    name = tr(kind)
    return f"{name[:1].upper()}{name[1:]} {number}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def snap(moment: datetime) -> datetime:
    minutes = round((moment.hour * 60 + moment.minute) / SNAP_MINUTES) * SNAP_MINUTES
    return datetime.combine(moment.date(), time()) + timedelta(minutes=minutes)


class EventCalendar(QWidget):
    opened = Signal(object)  # an Item clicked
    new_requested = Signal(object)  # a datetime: a double click on a free time
    changed = Signal()  # an event was moved
    range_changed = Signal()  # another week or month shown

    def __init__(self, parent=None):
        super().__init__(parent)
        self.mode = "week"
        self.anchor = clock.today()
        self.selected_day = self.anchor
        self.kind_filter: str | None = None
        self.items: list[Item] = []
        self.kinds: list[str] = []
        self._hits: list[tuple[QRectF, Item]] = []
        self._more: list[tuple[QRectF, date]] = []
        self._press: tuple[QPointF, Item | None] | None = None
        self._drag: tuple[Item, datetime] | None = None  # the item and where it would start
        self.current: Item | None = None  # the last clicked, outlined; what the page's Delete takes
        self.setMouseTracking(True)
        self.setMinimumSize(640, 420)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # The period shown -------------------------------------------------------------------------

    def first_day(self) -> date:
        if self.mode == "week":
            return monday_of(self.anchor)
        return monday_of(self.anchor.replace(day=1))

    def days(self) -> list[date]:
        return [self.first_day() + timedelta(n) for n in range(7 if self.mode == "week" else 42)]

    def title(self) -> str:
        if self.mode == "month":
            return format_month(self.anchor)
        first = self.first_day()
        return f"{format_date(first)} – {format_date(first + timedelta(6))}"

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.refresh()

    def show_day(self, day: date) -> None:
        self.anchor = self.selected_day = day
        self.refresh()

    def step(self, forward: bool) -> None:
        sign = 1 if forward else -1
        if self.mode == "week":
            self.show_day(self.anchor + timedelta(7 * sign))
        else:
            month = self.anchor.year * 12 + self.anchor.month - 1 + sign
            self.show_day(date(month // 12, month % 12 + 1, 1))

    def set_kind(self, kind: str | None) -> None:
        self.kind_filter = kind
        self.refresh()

    def refresh(self) -> None:
        days = self.days()
        self.kinds = events.kinds()
        names = {room.id: room.name for room in settings.rooms()}
        grouped: dict[tuple, Item] = {}
        # A meeting is named by its kind: a сход and a собрание are different bodies (docs/domain.md).
        kinds = {row.id: meetings.kind_label(row.kind, row.kind_name)
                 for year in {days[0].year, days[-1].year} for row in meetings.list_meetings(year=year)}
        for entry in events.calendar(days[0], days[-1]):
            if self.kind_filter and entry.kind != self.kind_filter:
                continue
            key = (entry.event_id, entry.meeting_id, entry.starts_at, entry.ends_at)
            item = grouped.get(key)
            if item is None:
                title = entry.title if entry.event_id else _meeting_title(kinds.get(entry.meeting_id), entry.title)
                item = grouped[key] = Item(entry.starts_at, entry.ends_at, title, entry.kind, entry.event_id,
                                           entry.meeting_id)
            item.rooms.append(names.get(entry.room_id, ""))
        self.items = sorted(grouped.values(), key=lambda i: (i.starts_at, i.ends_at, i.title))
        self.range_changed.emit()
        self.update()

    def colours(self, item: Item) -> tuple[QColor, QColor]:
        if item.meeting_id is not None:
            fill, edge = MEETING_COLOURS
        elif item.kind in self.kinds:
            fill, edge = PALETTE[self.kinds.index(item.kind) % len(PALETTE)]
        else:
            fill, edge = PALETTE[-1]
        return QColor(fill), QColor(edge)

    # Week geometry ------------------------------------------------------------------------------

    def hours(self) -> tuple[int, int]:
        first, last = FIRST_HOUR, LAST_HOUR
        for item in self.items:
            first = min(first, item.starts_at.hour)
            ends = item.ends_at if item.ends_at.date() == item.starts_at.date() else datetime.combine(
                item.starts_at.date(), time(23, 59))
            last = max(last, ends.hour + (1 if ends.minute else 0))
        return first, min(last, 24)

    def _week_metrics(self) -> tuple[float, float, int, int]:
        first, last = self.hours()
        day_width = (self.width() - GUTTER) / 7
        per_minute = (self.height() - HEADER - 1) / ((last - first) * 60)
        return day_width, per_minute, first, last

    def _y_of(self, moment: datetime, per_minute: float, first: int) -> float:
        return HEADER + ((moment.hour - first) * 60 + moment.minute) * per_minute

    def time_at(self, pos: QPointF) -> datetime:
        """The moment under a point of the week view (not yet snapped)."""
        day_width, per_minute, first, _last = self._week_metrics()
        column = min(6, max(0, int((pos.x() - GUTTER) // day_width)))
        minutes = max(0.0, (pos.y() - HEADER) / per_minute)
        return datetime.combine(self.first_day() + timedelta(column), time(first)) + timedelta(minutes=minutes)

    def _week_layout(self) -> list[tuple[QRectF, Item]]:
        """Each day's bookings side by side where they overlap, full width where they do not."""
        day_width, per_minute, first, _last = self._week_metrics()
        result = []
        for column, day in enumerate(self.days()):
            todays = [i for i in self.items if i.starts_at.date() == day]
            cluster: list[list[Item]] = []  # lanes of the current overlapping group
            cluster_end = None

            def place(lanes):
                for lane_no, lane in enumerate(lanes):
                    for item in lane:
                        width = day_width / len(lanes)
                        top = self._y_of(item.starts_at, per_minute, first)
                        ends = min(item.ends_at, datetime.combine(day, time(23, 59)))
                        bottom = max(top + 14, self._y_of(ends, per_minute, first))
                        result.append((QRectF(GUTTER + column * day_width + lane_no * width + 1, top,
                                              width - 3, bottom - top - 1), item))

            for item in todays:
                if cluster_end is not None and item.starts_at >= cluster_end:
                    place(cluster)
                    cluster, cluster_end = [], None
                for lane in cluster:
                    if lane[-1].ends_at <= item.starts_at:
                        lane.append(item)
                        break
                else:
                    cluster.append([item])
                cluster_end = max(cluster_end or item.ends_at, item.ends_at)
            place(cluster)
        return result

    # Painting -----------------------------------------------------------------------------------

    def paintEvent(self, _event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        self._hits, self._more = [], []
        if self.mode == "week":
            self._paint_week(painter)
        else:
            self._paint_month(painter)
        painter.end()

    def _paint_week(self, painter: QPainter) -> None:
        day_width, per_minute, first, last = self._week_metrics()
        today = clock.today()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
        bold = QFont(self.font())
        bold.setBold(True)
        for column, day in enumerate(self.days()):
            x = GUTTER + column * day_width
            header = QRectF(x, 0, day_width, HEADER)
            if day == self.selected_day:
                painter.fillRect(QRectF(x, 0, day_width, self.height()), QColor("#f3f7fc"))
            if day.weekday() >= 5:
                painter.fillRect(QRectF(x, HEADER, day_width, self.height()), QColor("#fafafa"))
            painter.setFont(bold if day == today else self.font())
            painter.setPen(QColor("#b5452f") if day == today else TEXT)
            painter.drawText(header, Qt.AlignmentFlag.AlignCenter, f"{tr(WEEKDAYS[day.weekday()])}\n{day:%d.%m}")
            painter.setPen(QColor("#d0d4da"))
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.setFont(small)
        for hour in range(first, last + 1):
            y = HEADER + (hour - first) * 60 * per_minute
            painter.setPen(QColor("#e3e6ea"))
            painter.drawLine(QPointF(GUTTER, y), QPointF(self.width(), y))
            if hour < last:
                painter.setPen(QColor("#69707a"))
                painter.drawText(QRectF(0, y, GUTTER - 6, 16), Qt.AlignmentFlag.AlignRight, f"{hour:02d}:00")
        painter.setPen(QColor("#c0c4ca"))
        painter.drawLine(QPointF(0, HEADER), QPointF(self.width(), HEADER))
        for rect, item in self._week_layout():
            self._paint_block(painter, rect, item, small)
            self._hits.append((rect, item))
        if self._drag is not None:
            item, starts = self._drag
            ends = starts + (item.ends_at - item.starts_at)
            column = (starts.date() - self.first_day()).days
            top = self._y_of(starts, per_minute, first)
            ghost = QRectF(GUTTER + column * day_width + 1, top, day_width - 3,
                           max(14.0, (ends - starts).total_seconds() / 60 * per_minute - 1))
            painter.setPen(QPen(QColor("#1d2733"), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(255, 255, 255, 170))
            painter.drawRoundedRect(ghost, 3, 3)
            painter.drawText(ghost.adjusted(4, 2, -2, -2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             f"{starts:%H:%M}–{ends:%H:%M}")

    def _paint_block(self, painter: QPainter, rect: QRectF, item: Item, small: QFont) -> None:
        fill, edge = self.colours(item)
        chosen = self.current is not None and (item.event_id, item.meeting_id, item.starts_at) == (
            self.current.event_id, self.current.meeting_id, self.current.starts_at)
        painter.setPen(QPen(TEXT if chosen else edge, 2.5 if chosen else 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        painter.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), edge)
        painter.setPen(TEXT)
        painter.setFont(small)
        painter.save()
        painter.setClipRect(rect)
        times = f"{item.starts_at:%H:%M}–{item.ends_at:%H:%M}"
        if painter.fontMetrics().horizontalAdvance(times) > rect.width() - 8:  # a narrow lane: the start
            times = f"{item.starts_at:%H:%M}"
        text = f"{times}\n{item.title}\n{', '.join(item.rooms)}"
        painter.drawText(rect.adjusted(6, 1, -2, -1),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, text)
        painter.restore()

    def _paint_month(self, painter: QPainter) -> None:
        cell_w = self.width() / 7
        cell_h = (self.height() - MONTH_HEADER) / 6
        today = clock.today()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
        painter.setPen(TEXT)
        for column in range(7):
            painter.drawText(QRectF(column * cell_w, 0, cell_w, MONTH_HEADER), Qt.AlignmentFlag.AlignCenter,
                             tr(WEEKDAYS[column]))
        by_day: dict[date, list[Item]] = {}
        for item in self.items:
            by_day.setdefault(item.starts_at.date(), []).append(item)
        lines = max(1, int((cell_h - 20) // LINE))
        for n, day in enumerate(self.days()):
            cell = QRectF((n % 7) * cell_w, MONTH_HEADER + (n // 7) * cell_h, cell_w, cell_h)
            if day.month != self.anchor.month:
                painter.fillRect(cell, QColor("#f4f5f7"))
            elif day == self.selected_day:
                painter.fillRect(cell, QColor("#f3f7fc"))
            painter.setPen(QColor("#d0d4da"))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(cell)
            painter.setFont(small)
            painter.setPen(QColor("#b5452f") if day == today else QColor("#69707a"))
            painter.drawText(cell.adjusted(4, 2, -4, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                             str(day.day))
            todays = by_day.get(day, [])
            shown = todays if len(todays) <= lines else todays[:lines - 1]
            for line, item in enumerate(shown):
                rect = QRectF(cell.left() + 2, cell.top() + 18 + line * LINE, cell_w - 4, LINE - 2)
                fill, edge = self.colours(item)
                painter.fillRect(rect, fill)
                painter.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), edge)
                painter.setPen(TEXT)
                text = painter.fontMetrics().elidedText(f"{item.starts_at:%H:%M} {item.title}",
                                                        Qt.TextElideMode.ElideRight, int(rect.width() - 8))
                painter.drawText(rect.adjusted(5, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, text)
                self._hits.append((rect, item))
            if len(shown) < len(todays):
                rect = QRectF(cell.left() + 4, cell.top() + 18 + len(shown) * LINE, cell_w - 8, LINE - 2)
                painter.setPen(QColor("#2f5f9e"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter,
                                 tr("+{count} more", count=len(todays) - len(shown)))
                self._more.append((rect, day))

    # Mouse -------------------------------------------------------------------------------------

    def item_at(self, pos: QPointF) -> Item | None:
        for rect, item in reversed(self._hits):
            if rect.contains(pos):
                return item
        return None

    def day_at(self, pos: QPointF) -> date | None:
        if self.mode == "week":
            return self.time_at(pos).date() if pos.x() >= GUTTER else None
        if pos.y() < MONTH_HEADER:
            return None
        column = min(6, int(pos.x() // (self.width() / 7)))
        row = min(5, int((pos.y() - MONTH_HEADER) // ((self.height() - MONTH_HEADER) / 6)))
        return self.first_day() + timedelta(row * 7 + column)

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = (event.position(), self.item_at(event.position()))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        item = self._press[1] if self._press else None
        if self.mode == "week" and item is not None and item.event_id is not None:
            moved = (event.position() - self._press[0]).manhattanLength()
            if self._drag is not None or moved >= QApplication.startDragDistance():
                offset = self.time_at(self._press[0]) - item.starts_at
                starts = snap(self.time_at(event.position()) - offset)
                self._drag = (item, starts)
                self.update()
        else:
            hovered = self.item_at(event.position())
            self.setToolTip(hovered.caption if hovered else "")
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event):
        press, drag = self._press, self._drag
        self._press = self._drag = None
        if press is None:
            return
        if drag is not None:
            item, starts = drag
            self.update()
            if starts != item.starts_at:
                self.move_event(item.event_id, starts, starts + (item.ends_at - item.starts_at))
            return
        more = next((day for rect, day in self._more if rect.contains(event.position())), None)
        if more is not None:
            self.mode = "week"
            self.show_day(more)
            return
        if press[1] is not None:
            self.current = press[1]
            self.update()
            self.opened.emit(press[1])
            return
        day = self.day_at(event.position())
        if day is not None:
            self.selected_day = day
            self.update()

    def mouseDoubleClickEvent(self, event):
        item = self.item_at(event.position())
        if item is not None and item.meeting_id is not None:
            self._press = None  # the release that follows opens nothing more
            self.current = item
            self.opened.emit(item)
            return
        if item is None and self.day_at(event.position()) is not None:
            if self.mode == "week" and event.position().y() > HEADER:
                self.new_requested.emit(snap(self.time_at(event.position())))
            else:
                self.new_requested.emit(datetime.combine(self.day_at(event.position()), time(10)))

    def move_event(self, event_id: int, starts_at: datetime, ends_at: datetime) -> bool:
        """Moves an event (a drag): its rooms if free, else a free room the user picks; False when
        refused or given up, the event staying where it was."""
        data = events.get(event_id).data

        def attempt(rooms: tuple[int, ...]) -> None:
            if rooms == data.room_ids:
                events.move(event_id, starts_at, ends_at)
            else:
                events.update(event_id, replace(data, starts_at=starts_at, ends_at=ends_at, room_ids=rooms))

        moved = ServiceCall(self, lambda: book_with_free_room(self, data.room_ids, attempt) is None,
                            changes=lambda booked: {Area.EVENTS} if booked else ())
        done = bool(moved.ok and moved.result)
        if done:
            self.changed.emit()
        self.refresh()
        return done
