"""The window fits the screen, and no text is cut on a 1366×768 laptop (the one most offices have): every page of the window and every
dialog opened from them, in Kazakh, Russian and English, on a demo district.

Each label, button, check box, tab and column header is measured with its font against the room the
style leaves it; a list's cell may be elided only on purpose, with its whole text as tooltip (those are
listed, not failed)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QScreen, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QTabWidget,
    QWidget,
)
from sqlalchemy import func, select

from app import paths
from app.db import unit_of_work
from app.i18n import N_
from app.models.appeals import Appeal
from app.models.events import Event
from app.models.grants import Grant
from app.models.local_issues import LocalIssue
from app.models.meetings import Meeting
from app.models.members import Member
from app.ui import application
from app.ui.main_window import PAGES, MainWindow
from tests.conftest import demo_copy
from tests.small_pdf import small_pdf

# Maximised on a 1366×768 screen: the taskbar and the title bar take about 70 pixels of the height.
WINDOW = (1366, 698)
# A dialog opens at its size hint, at most two thirds of the screen (Qt's rule for a new window),
# and never smaller than its layout's minimum.
DIALOG_MOST = (1366 * 2 // 3, 768 * 2 // 3)
LANGUAGES = ("kk", "ru", "en")
SLACK = 1  # pixels of rounding between the font's measure and the layout's


DEMO = {"members": 120, "seed": 3}  # the demo district every page is shown on (made once per session)


@pytest.fixture
def district(template_db, made_once, tmp_path):
    with demo_copy(made_once, template_db, tmp_path / "db", **DEMO) as database:
        yield database


def _plain(text: str) -> str:
    if "<" in text and ">" in text:  # a label's rich text: measured as the words it shows
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def _mnemonic_free(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _needed_width(metrics, text: str) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _label_cut(label: QLabel) -> str | None:
    text = _plain(label.text())
    if not text.strip():
        return None
    if label.wordWrap():
        if label.height() + SLACK < label.heightForWidth(label.width()):
            return f"wraps to {label.heightForWidth(label.width())} px high in {label.height()}"
        return None
    metrics = label.fontMetrics()
    room = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    lines = text.split("\n")
    width, height = _needed_width(metrics, text), metrics.height() + (len(lines) - 1) * metrics.lineSpacing()
    if room.width() + SLACK < width:
        return f"needs {width} px wide, has {room.width()}"
    if room.height() + SLACK < height:
        return f"needs {height} px high, has {room.height()}"
    return None


def _button_cut(button: QAbstractButton) -> str | None:
    text = _mnemonic_free(button.text())
    if not text.strip():
        return None
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = text
    option.icon = button.icon()
    option.iconSize = button.iconSize()
    if isinstance(button, (QCheckBox, QRadioButton)):
        element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(button, QCheckBox)
                   else QStyle.SubElement.SE_RadioButtonContents)
        room = button.style().subElementRect(element, option, button)
    elif isinstance(button, QPushButton):
        room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    else:
        room = button.contentsRect()
    metrics = button.fontMetrics()
    width = _needed_width(metrics, text) + (button.iconSize().width() + 4 if not button.icon().isNull() else 0)
    if room.width() + SLACK < width:
        return f"needs {width} px wide, has {room.width()}"
    if button.height() + SLACK < metrics.height():
        return f"needs {metrics.height()} px high, has {button.height()}"
    return None


def _tab_cuts(bar: QTabBar) -> list[tuple[str, str]]:
    found = []
    space = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar) // 2
    for tab in range(bar.count()):
        text = _mnemonic_free(bar.tabText(tab))
        width = _needed_width(bar.fontMetrics(), text) + space
        if bar.isTabVisible(tab) and text and bar.tabRect(tab).width() + SLACK < width:
            found.append((text, f"needs {width} px wide, has {bar.tabRect(tab).width()}"))
    return found


def _header_cuts(header: QHeaderView) -> list[tuple[str, str]]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    found = []
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    metrics = header.fontMetrics()
    wraps = bool(header.defaultAlignment().value & Qt.TextFlag.TextWordWrap.value)
    for section in range(header.count()):
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        if header.isSectionHidden(section) or not text:
            continue
        room = header.sectionSize(section) - 2 * margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            room -= header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
        if wraps:  # a header set to wrap: its words on the lines its height holds
            words = max(metrics.horizontalAdvance(word) for word in text.split())
            height = metrics.boundingRect(QRect(0, 0, max(room, 1), 10_000), int(Qt.TextFlag.TextWordWrap), text).height()
            if words > room + SLACK or height > header.height() - 2 * SLACK:
                found.append((text, f"needs {max(words, room)}×{height} px, has {room}×{header.height()}"))
        elif _needed_width(metrics, text) > room + SLACK:
            found.append((text, f"needs {_needed_width(metrics, text)} px wide, has {room}"))
    return found


def _cell_cuts(view: QAbstractItemView, elided: list[str]) -> list[tuple[str, str]]:
    """The cells of the first rows: one cut must carry its whole text as tooltip (then it is listed in
    ``elided``); in a list that wraps, a cell is cut when its words need more lines than its row has."""
    model = view.model()
    if model is None:
        return []
    found = []
    metrics = view.fontMetrics()
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    root = view.rootIndex()
    for row in range(min(model.rowCount(root), 12)):
        for column in range(1 if isinstance(view, QListView) else model.columnCount(root)):
            index = model.index(row, column, root)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            cell = view.visualRect(index)
            if not text or not isinstance(text, str) or cell.isEmpty():
                continue
            room = cell.width() - margin
            if index.data(Qt.ItemDataRole.DecorationRole) is not None or index.data(Qt.ItemDataRole.CheckStateRole) is not None:
                room -= view.iconSize().width() if view.iconSize().width() > 0 else metrics.height()
            if getattr(view, "wordWrap", lambda: False)():
                words = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
                lines = metrics.boundingRect(QRect(0, 0, max(room, 1), 100_000), int(Qt.TextFlag.TextWordWrap),
                                             text).height()
                fits = words <= room + SLACK and lines <= cell.height() + SLACK
                why = f"needs {max(words, room)}×{lines} px, has {room}×{cell.height()}"
            else:
                fits = _needed_width(metrics, text) <= room + SLACK
                why = f"needs {_needed_width(metrics, text)} px wide, has {room}"
            if fits:
                continue
            if index.data(Qt.ItemDataRole.ToolTipRole):
                elided.append(text)
            else:
                found.append((text, why))
    return found


def _path(widget: QWidget, top: QWidget) -> str:
    names = []
    while widget is not None and widget is not top:
        names.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "/".join(reversed(names))


def cuts(top: QWidget, elided: list[str]) -> list[str]:
    """Every cut text in sight under ``top``: its widget's class, path and text, and by how much."""
    found = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top):
            continue
        if isinstance(widget, QLabel):
            texts = [(widget.text(), why) for why in [_label_cut(widget)] if why]
            if texts and widget.text() in (widget.toolTip() + (widget.parentWidget().toolTip() or "")):
                elided.append(widget.text())  # elided on purpose, whole in the tooltip
                continue
        elif isinstance(widget, QAbstractButton):
            texts = [(widget.text(), why) for why in [_button_cut(widget)] if why]
        elif isinstance(widget, QTabBar):
            texts = _tab_cuts(widget)
        elif isinstance(widget, QHeaderView):
            texts = _header_cuts(widget)
        elif isinstance(widget, QAbstractItemView):
            texts = _cell_cuts(widget, elided)
        else:
            continue
        found += [f"{type(widget).__name__} {_path(widget, top)} «{text}»: {why}" for text, why in texts]
    return found


def tour(top: QWidget, elided: list[str]) -> list[str]:
    """``cuts`` as ``top`` shows, then on each other tab of its tab widgets, chosen in turn."""
    found = cuts(top, elided)
    for tabs in [tabs for tabs in top.findChildren(QTabWidget) if tabs.isVisibleTo(top)]:
        shown = tabs.currentIndex()
        for index in range(tabs.count()):
            if index == shown or not tabs.isTabEnabled(index) or not tabs.isTabVisible(index):
                continue
            tabs.setCurrentIndex(index)
            _settle()
            found += [f"(tab «{tabs.tabText(index)}») {cut}" for cut in tour(tabs.widget(index), elided)]
        tabs.setCurrentIndex(shown)
    return found


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def open_dialog(dialog: QDialog) -> QDialog:
    """Shows a dialog as Qt would on the laptop's screen (not modal: the test goes on)."""
    if not dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):
        hint = dialog.sizeHint()
        dialog.resize(min(hint.width(), DIALOG_MOST[0]), min(hint.height(), DIALOG_MOST[1]))
    dialog.show()
    _settle()
    return dialog


def full_screen(screen: QWidget) -> QWidget:
    """The hall screen fills the whole laptop screen when no projector is plugged in."""
    screen.resize(1366, 768)
    return screen


def preview_on_a_laptop(window: QWidget) -> QWidget:
    """The print preview of a short real PDF, at the size it takes on the laptop's screen."""
    from app.ui.pdf_preview import PdfPreview

    path = paths.cache_dir() / "preview.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(small_pdf("Auyl Office", pages=2))
    preview = PdfPreview(path, window)
    preview.open_button.setVisible(True)  # as where the system has a PDF program: the fullest bar
    preview.resize(min(1000, 1366 - 40), 768 - 80)
    return preview


def first_id(model) -> int:
    with unit_of_work() as session:
        return session.scalar(select(func.min(model.id)))


def dialogs(window: MainWindow):
    """Every dialog the pages open, on a demo record where it needs one: (name, a maker)."""
    from app.ui.activity_dialog import ActivityReportDialog
    from app.ui.appeal_dialog import AppealDialog, OpenIssueDialog
    from app.ui.assembly_dialog import AssemblyDialog
    from app.ui.decision_dialog import DecisionDialog
    from app.ui.deleted_records import DeletedRecordsDialog
    from app.ui.donors_dialog import DonorForm, DonorsDialog
    from app.ui.event_dialog import EventDialog
    from app.ui.grant_editor import GrantEditor
    from app.ui.hall_screen import HallScreen
    from app.ui.import_batches_dialog import ImportBatchesDialog
    from app.ui.local_issue_dialog import LocalIssueDialog
    from app.ui.meeting_editor import DateTextDialog, MeetingEditor
    from app.ui.member_dialog import ConsentDialog, MemberDialog
    from app.ui.package_dialog import PackageDialog
    from app.ui.pages import district as district_page
    from app.ui.pages import grants as grants_page
    from app.ui.pages import local_issues as issues_page
    from app.ui.pages.decisions import DecisionsPage
    from app.ui.pages.events import EventsPage
    from app.ui.period_report import PeriodReportDialog
    from app.ui.setup_dialog import SetupDialog
    from app.ui.sign_in import ChangePasswordDialog, SignInDialog
    from app.ui.users_panel import SignInOnDialog, UserDialog

    decisions = window.show_page(DecisionsPage).model
    decision = decisions.row(0)
    return [
        ("first start", lambda: SetupDialog(parent=window)),
        ("sign in", lambda: SignInDialog(parent=window)),
        ("new member", lambda: MemberDialog(parent=window)),
        ("member", lambda: MemberDialog(first_id(Member), parent=window)),
        ("consent", lambda: ConsentDialog(window)),
        ("import batches", lambda: ImportBatchesDialog(window)),
        ("new meeting", lambda: MeetingEditor(notices=window.notices, parent=window)),
        ("meeting", lambda: MeetingEditor(first_id(Meeting), notices=window.notices, parent=window)),
        ("sign the protocol", lambda: DateTextDialog(N_("Sign the protocol…"), N_("Signed on"), False, window)),
        ("amendment", lambda: DateTextDialog(N_("Add an amendment…"), N_("Dated"), True, window)),
        ("hall screen", lambda: full_screen(HallScreen(first_id(Meeting), window.notices, window))),
        ("assembly", lambda: AssemblyDialog(window)),
        ("decision", lambda: DecisionDialog(decision.id, decision.label, window)),
        ("new local issue", lambda: LocalIssueDialog(None, window.notices, parent=window)),
        ("local issue", lambda: LocalIssueDialog(first_id(LocalIssue), window.notices, parent=window)),
        ("local issues report", lambda: issues_page.report_dialog(window)),
        ("new appeal", lambda: AppealDialog(parent=window)),
        ("appeal", lambda: AppealDialog(first_id(Appeal), parent=window)),
        ("appeal to a local issue", lambda: OpenIssueDialog(first_id(Appeal), parent=window)),
        ("new grant", lambda: GrantEditor(None, window.notices, parent=window)),
        ("grant", lambda: GrantEditor(first_id(Grant), window.notices, parent=window)),
        ("grants report", lambda: grants_page.report_dialog(window)),
        ("donors", lambda: DonorsDialog(window.notices, parent=window)),
        ("new donor", lambda: DonorForm(parent=window)),
        ("new event", lambda: EventDialog(parent=window)),
        ("events report", lambda: PeriodReportDialog(N_("Events report"), "events", print, months=True,
                                                     parent=window.show_page(EventsPage))),
        ("event", lambda: EventDialog(first_id(Event), parent=window)),
        ("deleted records", lambda: DeletedRecordsDialog(window)),
        ("new user", lambda: UserDialog(parent=window)),
        ("sign-in on", lambda: SignInOnDialog(parent=window)),
        ("change password", lambda: ChangePasswordDialog(parent=window)),
        ("activity report", lambda: ActivityReportDialog(parent=window)),
        ("package for the district", lambda: PackageDialog(parent=window)),
        ("district report", lambda: district_page.report_dialog(window)),
        ("print preview", lambda: preview_on_a_laptop(window)),
    ]


@pytest.fixture
def window(district, monkeypatch):
    application.application()
    main = MainWindow(application.preferences())
    main.setWindowState(Qt.WindowState.WindowNoState)
    main.resize(*WINDOW)
    main.show()
    _settle()
    yield main
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_text_is_cut_on_any_page_or_dialog(window, code, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.set_language(code)
    _settle()
    found, elided = [], []
    for row in range(len(PAGES)):
        window.navigation.setCurrentRow(row)
        _settle()
        found += [f"[{PAGES[row][2]}] {cut}" for cut in tour(window, elided)]
    for name, make in dialogs(window):
        dialog = open_dialog(make())
        if dialog.width() > 1366 or dialog.height() > (768 if name == "hall screen" else WINDOW[1]):
            found.append(f"[{name}] is {dialog.width()}×{dialog.height()}: larger than the screen")
        found += [f"[{name}] {cut}" for cut in tour(dialog, elided)]
        if isinstance(dialog, QDialog):
            dialog.done(QDialog.DialogCode.Rejected)
        else:
            dialog.close()
        dialog.deleteLater()
    print(f"{len(elided)} cells elided on purpose (their tooltip holds the text):", *sorted(set(elided)), sep="\n  ")
    found = list(dict.fromkeys(found))  # a cell repeated on many rows is said once
    assert not found, "\n".join([f"{len(found)} texts cut in {code}:", *found])


def test_the_window_opens_maximised_on_a_laptop_and_so_again(database, qtbot, monkeypatch):
    application.application()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1366, 728))
    first = MainWindow(application.preferences())
    first.show()
    assert first.isMaximized()
    first.close()  # remembered in the preferences: maximised again, even where it would not be at first
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1920, 1040))
    again = MainWindow(application.preferences())
    again.show()
    assert again.isMaximized()
    again.close()


def test_on_a_large_screen_the_window_takes_most_of_it_centred(database, qtbot, monkeypatch):
    application.application()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1920, 1040))
    window = MainWindow(application.preferences())
    assert not window.windowState() & Qt.WindowState.WindowMaximized
    assert window.size() == QSize(1500, 936)
    assert window.geometry().center().x() in range(955, 965)
    window.close()
