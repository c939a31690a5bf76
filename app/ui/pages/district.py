"""The district office's page (docs/domain.md, Reporting up): the centres' packages for a period side
by side, a column per centre and the district's total, the centres that sent nothing and what is
overdue marked in red and in words; packages taken in from files, a folder or a USB stick, with what
became of each; a centre's new key trusted after comparing fingerprints; the consolidated report
printed. A centre's office reads how its figures reach the district and sends its package from here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from app import clock
from app.areas import Area
from app.i18n import N_, format_date, format_number, local_name, tr
from app.services import district, settings
from app.ui.dates import date_of
from app.ui.operations import ServiceCall
from app.ui.package_dialog import SUFFIX, PackageDialog
from app.ui.pages import Page
from app.ui.period_report import PeriodFields
from app.ui.table_model import Column, RowsModel, list_view

ALERT_COLOUR = QColor("#b00020")
FIGURE_WIDTH = 420  # pixels: «Meetings held: public hearing» and the like read whole
CENTRE_WIDTH = 160  # pixels: a centre's column holds its name in most cases and any amount
ALERT_STYLE = "color: #b00020; font-weight: bold;"
RESULTS = {"stored": N_("Stored"), "replaced": N_("Replaced the earlier one"), "refused": N_("Refused")}


class FiguresModel(RowsModel):
    """A section's heading row is bold; a figure's row reads its values as the paper prints them. A
    centre's name too long for its column is whole in its header's tooltip."""

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.FontRole and self.rows[index.row()].heading:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class MarkedModel(RowsModel):
    """A row to notice (overdue, refused, a key waiting) is red and bold."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and getattr(self.rows[index.row()], "alert", False):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(ALERT_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class _Line:
    """A row of the figures' table: a section's heading, or a figure with its texts."""

    def __init__(self, label: str, texts: tuple[str, ...] = (), heading: bool = False):
        self.label, self.texts, self.heading = label, texts, heading


class _Marked:
    def __init__(self, values: tuple, alert: bool, key=None):
        self.values, self.alert, self.key = values, alert, key


class DistrictPage(Page):
    areas = frozenset({Area.SETTINGS})
    area = Area.SETTINGS  # taking packages in and trusting keys are the administrator's

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.report = None  # the consolidated report's data as shown
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_package)
        self.fields = PeriodFields(clock.today(), changed=self.refresh)
        self.period, self.date_from, self.date_to = self.fields.choice, self.fields.date_from, self.fields.date_to
        self.import_button, self.import_menu = QPushButton(), QMenu(self)
        self.import_button.setMenu(self.import_menu)
        self.files_action = self.import_menu.addAction("", self.import_files)
        self.folder_action = self.import_menu.addAction("", self.import_folder)
        self.trust_button = QPushButton()
        self.trust_button.clicked.connect(self.trust_key)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_report)
        self.guard(self.import_button, self.trust_button)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(ALERT_STYLE)
        self.overdue = QLabel()
        self.overdue.setWordWrap(True)
        self.overdue.setStyleSheet(ALERT_STYLE)
        self.figures = FiguresModel([], self)
        self.figures_view = figures_view(self.figures)
        self.overdue_model = MarkedModel([
            Column(N_("Centre"), lambda r: r.values[0]), Column(N_("Decision or appeal"), lambda r: r.values[1]),
            Column(N_("Due"), lambda r: r.values[2]), Column(N_("Days overdue"), lambda r: r.values[3], True),
        ], self)
        self.overdue_view = list_view(self.overdue_model, stretch=1)
        self.centres_model = MarkedModel([
            Column(N_("Centre"), lambda r: r.values[0]), Column(N_("KATO"), lambda r: r.values[1]),
            Column(N_("Last period received"), lambda r: r.values[2]),
            Column(N_("Residents"), lambda r: r.values[3], True), Column(N_("Key fingerprint"), lambda r: r.values[4]),
            Column(N_("New key waiting"), lambda r: r.values[5]),
        ], self)
        self.centres_view = list_view(self.centres_model, stretch=0)
        self.centres_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_trust())
        self.results_model = MarkedModel([
            Column(N_("File"), lambda r: r.values[0]), Column(N_("Centre"), lambda r: r.values[1]),
            Column(N_("Period"), lambda r: r.values[2]), Column(N_("Result"), lambda r: r.values[3]),
        ], self)
        self.results_view = list_view(self.results_model, stretch=3)
        self.tabs = QTabWidget()
        for view in (self.figures_view, self.overdue_view, self.centres_view, self.results_view):
            self.tabs.addTab(view, "")
        choice = QHBoxLayout()
        choice.addWidget(self.period, 1)
        choice.addWidget(self.date_from)
        self.dash = QLabel("–")
        choice.addWidget(self.dash)
        choice.addWidget(self.date_to)
        choice.addStretch(1)
        choice.addWidget(self.import_button)
        choice.addWidget(self.trust_button)
        choice.addWidget(self.print_button)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.hint, 1)
        hint_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(hint_row)
        layout.addLayout(choice)
        layout.addWidget(self.missing)
        layout.addWidget(self.overdue)
        layout.addWidget(self.tabs, 1)
        self.retranslate()
        self.period.setCurrentIndex(1)  # the last quarter: the one the akimat asks about

    # Texts ---------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        centre = settings.load().office_kind != "district"
        self.hint.setVisible(centre)
        self.export_button.setVisible(centre)
        for button in (self.import_button, self.trust_button):  # a centre takes in no packages
            button.setVisible(not centre)
        self.hint.setText(tr("This office is a centre. A district office takes in the centres' packages and shows "
                             "their figures here side by side; this centre sends its own package from here or "
                             "from the Reports menu."))
        self.export_button.setText(tr("Package for the district…"))
        self.import_button.setText(tr("Import packages"))
        self.files_action.setText(tr("Package files…"))
        self.folder_action.setText(tr("A folder or a USB stick…"))
        self.trust_button.setText(tr("Trust the new key…"))
        self.print_button.setText(tr("Print…"))
        for index, text in enumerate((N_("Figures"), N_("Overdue"), N_("Centres"), N_("Last import"))):
            self.tabs.setTabText(index, tr(text))
        self.fields.fill()
        for model in (self.overdue_model, self.centres_model, self.results_model):
            model.retranslate()
        if self.report is not None:
            self.refresh()

    # The period ----------------------------------------------------------------------------------

    def chosen(self) -> tuple[date, date] | None:
        first, last = date_of(self.date_from), date_of(self.date_to)
        return (first, last) if first and last and first <= last else None

    # Reading -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        from app.i18n import current_language
        from app.printing.district import report_data  # loaded on first use: reportlab is heavy

        span = self.chosen()
        if span is None:
            return
        self.report = data = report_data(*span, current_language())
        self.figures.columns = [Column(N_("Figure"), lambda r: r.label)] + [
            Column(name, lambda r, i=i: r.texts[i] if r.texts else "", True)
            for i, name in enumerate([N_("District total"), *(centre.name for centre in data.centres)])]
        lines = []
        for section in data.sections:
            lines.append(_Line(section.title, heading=True))
            lines += [_Line(row.label, tuple(_text(v, row.currency) for v in (row.total, *row.values)))
                      for row in section.rows]
        self.figures.set_rows(lines)
        self.missing.setVisible(bool(data.missing))
        self.missing.setText(tr("No package for this period from: {centres}",
                                centres="; ".join(row.name for row in data.missing)))
        self.overdue.setVisible(bool(data.overdue))
        self.overdue.setText(tr("Overdue at the end of the period: {count} (the Overdue tab names them)",
                                count=format_number(len(data.overdue))))
        self.overdue_model.set_rows([_Marked((row.centre, row.what, format_date(row.due), format_number(row.days)),
                                             True) for row in data.overdue])
        self.centres_model.set_rows([
            _Marked((local_name(row.name_kk, row.name_ru), row.kato, _period(row.last_from, row.last_to),
                     format_number(row.residents) if row.residents is not None else "", row.fingerprint,
                     row.pending_fingerprint), bool(row.pending_fingerprint), row.centre_id)
            for row in district.centres()])
        self._show_trust()

    def _show_trust(self) -> None:
        self.trust_button.setEnabled(self.may_change and self._waiting() is not None)

    def _waiting(self):
        """The centre chosen in the Centres tab with a new key waiting; the only such one when none is chosen."""
        index = self.centres_view.currentIndex()
        if index.isValid():
            row = self.centres_model.row(index.row())
            return row if row.alert else None
        waiting = [row for row in self.centres_model.rows if row.alert]
        return waiting[0] if len(waiting) == 1 else None

    # Actions -------------------------------------------------------------------------------------

    def import_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, tr("Import packages"), "",
                                                      tr("Packages (*{suffix});;All files (*)", suffix=SUFFIX))
        if paths:
            self._import(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Import packages from a folder or a USB stick"))
        if folder:
            self._import([folder])

    def _import(self, paths: list[str]) -> None:
        ServiceCall(self, lambda progress, cancelled: district.import_packages(paths), changes=Area.SETTINGS,
                    background=True, title=tr("Importing packages…"), on_success=self.show_results)

    def show_results(self, results) -> None:
        """What became of each file: stored, replaced or refused with the reason."""
        rows = []
        for result in results:
            what = tr(RESULTS[result.outcome])
            if result.reason:
                what = f"{what}: {result.reason}"
            period = f"{format_date(result.date_from)} – {format_date(result.date_to)}" if result.date_from else ""
            rows.append(_Marked((Path(result.path).name, local_name(result.centre_kk, result.centre_ru), period, what),
                                result.outcome == district.REFUSED))
        self.results_model.set_rows(rows)
        self.tabs.setCurrentWidget(self.results_view)
        self.refresh()

    def trust_key(self) -> None:
        row = self._waiting()
        if row is None:
            return
        name, fingerprint, waiting = row.values[0], row.values[4], row.values[5]
        answer = QMessageBox.question(
            self, tr("Trust the new key"),
            tr("{centre} now signs its packages with another key.\n\nKey trusted until now:\n{old}\n\nNew key:\n{new}"
               "\n\nTrust the new key only if the centre's Settings show this new fingerprint (ask them by phone). "
               "Trust it?", centre=name, old=fingerprint, new=waiting))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: district.trust(row.key), changes=Area.SETTINGS,
                    on_success=lambda _result: self.refresh())

    def print_report(self) -> None:
        report_dialog(self, self.chosen()).exec()

    print = print_report  # the window's Ctrl+P

    def export_package(self) -> None:
        PackageDialog(parent=self).exec()


class FrozenColumnView(QTableView):
    """A table whose first column (the figures' names) stays in view when the centres' columns scroll
    sideways: a second view over it, sharing the model and the selection, as Qt's frozen column example
    does."""

    def __init__(self, model: FiguresModel):
        super().__init__()
        self.setModel(model)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenNames")
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for view in (self, self.frozen):
            view.verticalHeader().hide()
            view.setAlternatingRowColors(True)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            view.setVerticalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(lambda row, _old, size: self.frozen.setRowHeight(row, size))
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        model.modelReset.connect(self._columns_changed)
        self._columns_changed()

    def _columns_changed(self) -> None:
        for column in range(1, self.model().columnCount()):
            self.frozen.setColumnHidden(column, True)
        self.setColumnWidth(0, FIGURE_WIDTH)
        self.frozen.setColumnWidth(0, FIGURE_WIDTH)
        self._place_frozen()

    def _column_resized(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            self.frozen.setColumnWidth(0, size)
            self._place_frozen()

    def _place_frozen(self) -> None:
        self.frozen.setGeometry(self.frameWidth(), self.frameWidth(), self.columnWidth(0),
                                self.viewport().height() + self.horizontalHeader().height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._place_frozen()

    def moveCursor(self, action, modifiers):
        # Moving left onto a column hidden under the names brings it out from under them.
        current = super().moveCursor(action, modifiers)
        if (action == QTableView.CursorAction.MoveLeft and current.column() > 0
                and self.visualRect(current).left() < self.frozen.columnWidth(0)):
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + self.visualRect(current).left() - self.frozen.columnWidth(0))
        return current

    def scrollTo(self, index, hint=QTableView.ScrollHint.EnsureVisible):
        if index.column() > 0:  # the names' column is always in view
            super().scrollTo(index, hint)


def figures_view(model: FiguresModel) -> FrozenColumnView:
    """The figures' table: the names' column wide and kept in view, every centre's the same width. Not
    fitted to each column's content as the office's lists are: with hundreds of centres that measuring
    takes seconds."""
    view = FrozenColumnView(model)
    view.horizontalHeader().setDefaultSectionSize(CENTRE_WIDTH)
    return view


def _period(date_from: date | None, date_to: date | None) -> str:
    return f"{format_date(date_from)} – {format_date(date_to)}" if date_from and date_to else ""


def _text(value, currency: str) -> str:
    from app.i18n import current_language
    from app.reports.district_report import value_text

    return value_text(value, currency, current_language())


def report_dialog(parent, span: tuple[date, date] | None = None, today: date | None = None):
    from app.ui.period_report import PeriodReportDialog

    def write(*args):
        from app.printing.district import print_district

        return print_district(*args)

    dialog = PeriodReportDialog(N_("Consolidated report of the district"), "district", write,
                                languages=("kk", "ru"), today=today, parent=parent)
    if span is not None:
        dialog.date_from.setDate(QDate(span[0]))
        dialog.date_to.setDate(QDate(span[1]))
    return dialog
