"""The hall screen: a second, full-screen window for the projector at a сход, showing the current
agenda item, present against entitled with the quorum, and the item's vote as the secretary enters
it, in the meeting's language (not the interface's) and large enough to read from the back of the hall.

It holds only the meeting's id and reads the meeting again whenever the editor announces a change."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QVBoxLayout, QWidget

from app.errors import NotFound
from app.i18n import current_language, format_date_long, format_number, local_name, tr, translate
from app.services import meetings
from app.ui.notices import Area, ChangeNotices

GREEN, RED, WHITE, GREY = "#4ade80", "#ff6b6b", "#ffffff", "#c8c8c8"
# Each label's font height as a share of the window's height.
SIZES = {"title": 0.045, "item_number": 0.04, "item": 0.06, "attendance": 0.055, "quorum": 0.065,
         "votes": 0.06, "needed": 0.04, "result": 0.09}


def meeting_caption(kind: str, kind_name: str, number: int, day: date, village_kk: str, village_ru: str,
                    lang: str | None = None) -> str:
    """«Gathering (сход) No. 3, 14 March 2026, Zharlyozek» in ``lang`` (the interface's by default)."""
    lang = lang or current_language()
    kind_text = kind_name if kind == meetings.OTHER and kind_name else translate(meetings.KINDS[kind], lang)
    caption = translate("{kind} No. {number}, {date}", lang, kind=kind_text, number=number,
                        date=format_date_long(day, lang))
    caption = caption[:1].upper() + caption[1:]  # a kind's name is written lowercase mid-sentence
    village = local_name(village_kk, village_ru, lang)
    return f"{caption}, {village}" if village else caption


class HallScreen(QWidget):
    def __init__(self, meeting_id: int, notices: ChangeNotices, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.meeting_id = meeting_id
        self.item_id: int | None = None
        self.view: meetings.MeetingView | None = None
        self.setObjectName("hallScreen")
        self.setStyleSheet(f"QWidget#hallScreen {{ background: black; }} QLabel {{ color: {WHITE}; }}")
        self.setAutoFillBackground(True)
        self.labels = {name: QLabel() for name in SIZES}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        for name, label in self.labels.items():
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
            if name in ("title", "item", "quorum"):
                layout.addStretch(1)
        self.labels["title"].setStyleSheet(f"color: {GREY};")
        self.labels["item_number"].setStyleSheet(f"color: {GREY};")
        self._scale_fonts()
        self.notices = notices
        notices.changed.connect(self._on_changed)
        self.refresh()

    # Showing --------------------------------------------------------------------------------------

    def set_current_item(self, item_id: int | None) -> None:
        """The agenda item the hall is discussing; None shows the whole agenda."""
        self.item_id = item_id
        self._show()

    def _on_changed(self, changed: frozenset[Area]) -> None:
        if Area.MEETINGS in changed:
            self.refresh()

    def refresh(self) -> None:
        try:
            self.view = meetings.get(self.meeting_id)
        except NotFound:
            # The meeting was deleted while on the projector: say so to the secretary, then go.
            self.view = None
            self.notices.changed.disconnect(self._on_changed)  # one message, however many notices follow
            QMessageBox.information(self.parentWidget(), tr("Hall screen"),
                                    tr("The meeting shown on the hall screen was deleted."))
            self.close()
            return
        self._show()

    def _show(self) -> None:
        m = self.view
        if m is None:
            return
        lang = m.language
        n = lambda value: format_number(value, lang)  # noqa: E731
        self.setWindowTitle(translate("Hall screen", lang))
        self.labels["title"].setText(meeting_caption(m.kind, m.kind_name, m.number, m.starts_at.date(),
                                                     m.village_kk, m.village_ru, lang))
        item = next((i for i in m.items if i.id == self.item_id), None)
        if item is None:
            self.labels["item_number"].setText(translate("Agenda", lang))
            self.labels["item"].setText("\n".join(f"{i.position}. {i.title}" for i in m.items))
        else:
            self.labels["item_number"].setText(translate("Item {position} of {count}", lang,
                                                         position=item.position, count=len(m.items)))
            self.labels["item"].setText(item.title)
        q = m.quorum
        self.labels["attendance"].setText(translate("Present: {present} of {entitled}", lang,
                                                    present=n(q.present), entitled=n(q.entitled)))
        if q.applies:
            reached = translate("Quorum reached", lang) if q.reached else translate("No quorum", lang)
            self._colour("quorum", reached, q.reached)
        else:
            self.labels["quorum"].setText("")
        vote = item.vote if item else None
        for name in ("votes", "needed", "result"):
            self.labels[name].setVisible(vote is not None)
        if vote is not None:
            self.labels["votes"].setText(translate("For: {for_}   Against: {against}   Abstained: {abstained}",
                                                   lang, for_=n(vote.for_), against=n(vote.against),
                                                   abstained=n(vote.abstained)))
            self.labels["needed"].setText(translate("Needed to pass: {needed}", lang, needed=n(vote.needed)))
            result = translate("ADOPTED", lang) if vote.adopted else translate("NOT ADOPTED", lang)
            self._colour("result", result, vote.adopted)

    def _colour(self, name: str, text: str, good: bool) -> None:
        self.labels[name].setText(text)
        self.labels[name].setStyleSheet(f"color: {GREEN if good else RED}; font-weight: bold;")

    # Size and keys --------------------------------------------------------------------------------

    def _scale_fonts(self) -> None:
        family = QApplication.font().family()  # the shipped font: every Kazakh letter
        height = max(self.height(), 300)
        for name, label in self.labels.items():
            font = QFont(family)
            font.setPixelSize(max(12, int(height * SIZES[name])))
            font.setBold(name in ("item", "quorum", "result"))
            label.setFont(font)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._scale_fonts()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            if self.isFullScreen():
                self.showMaximized()
            else:
                self.close()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event):
        if self.isFullScreen():
            self.showMaximized()
        else:
            self.showFullScreen()


def open_hall_screen(meeting_id: int, notices: ChangeNotices, parent=None) -> HallScreen:
    """Opens the hall screen full screen on the second screen (the projector) when there is one,
    else as a maximized window on this one."""
    screen = HallScreen(meeting_id, notices, parent)
    screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screens = QGuiApplication.screens()
    here = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not here]
    if others:
        screen.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        screen.setGeometry(others[0].geometry())
        screen.showFullScreen()
    else:
        screen.showMaximized()
    return screen
