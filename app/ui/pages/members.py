"""The register of the local community: search as you type, filter by village, add and edit people,
export what is shown. Rows are paged in from the service as the list scrolls, so 100,000 people
stay smooth."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from app.areas import Area
from app.i18n import N_, format_date, format_number, local_name, ntr, tr
from app.services import members, settings
from app.ui.combo import refill
from app.ui.member_dialog import MemberDialog
from app.ui.operations import ServiceCall
from app.ui.pages import Page
from app.ui.table_model import Column, RowsModel, fit_columns

PAGE_SIZE = 200
SELECT_PAGES_MOST = 10  # pages read to find a person just added, before searching for them instead
# The service's sort key for each column of the list.
COLUMN_SORTS = ("name", "birth_date", "iin", "village", "address", "phone", "status")
TYPING_PAUSE_MS = 150  # search once the typing pauses, not at every key


class MembersPage(Page):
    areas = Area.REGISTER | Area.SETTINGS
    area = Area.REGISTER
    printed = Signal(str)  # the PDF just written

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.refresh)
        self.counting = QTimer(self)  # owned by the page, so it dies with it
        self.counting.setSingleShot(True)
        self.counting.setInterval(0)
        self.counting.timeout.connect(self._count)
        self.village = QComboBox()
        self.village.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status = QComboBox()
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.age_min, self.age_max = QSpinBox(), QSpinBox()
        for box in (self.age_min, self.age_max):
            box.setRange(0, 120)
        self.age_max.setValue(120)  # before the signals: setting up is not a change of filter
        for box in (self.age_min, self.age_max):
            box.valueChanged.connect(lambda _v: self.typing.start())
        self.category = QComboBox()
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.without_consent = QCheckBox()
        self.without_consent.toggled.connect(lambda _on: self.refresh())
        self.count = QLabel()
        self.add_button, self.edit_button, self.export_button = QPushButton(), QPushButton(), QPushButton()
        self.print_button, self.import_button, self.imports_button = QPushButton(), QPushButton(), QPushButton()
        self.print_button.clicked.connect(self.print_register)
        self.import_button.clicked.connect(self.import_people)
        self.imports_button.clicked.connect(self.show_imports)
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_current)
        self.export_button.clicked.connect(self.export)
        self.guard(self.add_button, self.import_button, self.imports_button, self.export_button)  # an export carries personal data out
        self.villages: dict[int, str] = {}
        self.model = RowsModel([
            Column(N_("Name"), lambda r: r.full_name or tr("(data erased on request)")),
            Column(N_("Birth date"), lambda r: format_date(r.birth_date)),
            Column(N_("IIN"), lambda r: r.iin_masked),
            Column(N_("Village"), lambda r: self.villages.get(r.village_id, "")),
            Column(N_("Address"), lambda r: r.address),
            Column(N_("Phone"), lambda r: r.phone),
            Column(N_("Status"), lambda r: tr(members.STATUSES[r.status])),
        ], self)
        self.model.fetch_more = self._next_page
        self.sort, self.descending = "name", False
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        fit_columns(self.view, 0)  # the full name whole, patronymic too
        self.model.sort_by = self._sort  # only now: setting up the indicator is not a user's sort
        self.view.doubleClicked.connect(lambda _index: self.edit_current())
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.village, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.imports_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        filters = QHBoxLayout()
        self.age_label = QLabel()
        for widget in (self.status, self.category, self.age_label, self.age_min, self.age_max,
                       self.without_consent):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        self.search.setPlaceholderText(tr("Search by name, IIN or phone, in any spelling…"))
        self.add_button.setText(tr("Add a person"))
        self.edit_button.setText(tr("Open"))
        self.export_button.setText(tr("Export…"))
        self.print_button.setText(tr("Print the register…"))
        self.import_button.setText(tr("Import…"))
        self.imports_button.setText(tr("Imports…"))
        self.age_label.setText(tr("Age from–to:"))
        self.without_consent.setText(tr("Without consent"))
        refill(self.status, [(tr("Any status"), None)]
               + [(tr(label), code) for code, label in members.STATUSES.items()])
        self._fill_villages()
        self._fill_categories()
        self.model.retranslate()
        self._show_count()

    def _fill_categories(self) -> None:
        refill(self.category, [(tr("Any category"), None)] + [(name, name) for name in settings.category_list()])

    def _fill_villages(self) -> None:
        self.villages = {v.id: local_name(v.name_kk, v.name_ru) for v in settings.villages()}
        refill(self.village, [(tr("All villages"), None)] + [(name, vid) for vid, name in self.villages.items()])

    def _filter(self) -> dict:
        return dict(text=self.search.text(), village_id=self.village.currentData(),
                    status=self.status.currentData(), without_consent=self.without_consent.isChecked(),
                    category=self.category.currentData(),
                    age_min=self.age_min.value() or None,
                    age_max=self.age_max.value() if self.age_max.value() < 120 else None)

    def _sort(self, column: int, descending: bool) -> None:
        self.sort, self.descending = COLUMN_SORTS[column], descending
        self.refresh()

    def refresh(self) -> None:
        first = members.rows(**self._filter(), sort=self.sort, descending=self.descending,
                             offset=0, limit=PAGE_SIZE)
        self.model.set_rows(first, more=len(first) == PAGE_SIZE)
        self.view.scrollToTop()  # a new search or filter reads from its first match
        # The count scans every match: it follows once the rows are on screen.
        self.counting.start()

    def _count(self) -> None:
        self.total = members.count(**self._filter())
        self._show_count()

    def reload(self) -> None:
        self._fill_villages()
        self._fill_categories()
        super().reload()

    def _show_count(self) -> None:
        if hasattr(self, "total"):
            self.count.setText(tr("People shown: {count}", count=format_number(self.total)))

    def _next_page(self, loaded: list) -> list:
        return members.rows(**self._filter(), sort=self.sort, descending=self.descending,
                            offset=len(loaded), limit=PAGE_SIZE)

    def current_member_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()).id if index.isValid() else None

    def add_member(self) -> None:
        self._open(MemberDialog(parent=self))

    new = add_member  # the window's Ctrl+N

    def edit_current(self) -> None:
        member_id = self.current_member_id()
        if member_id is not None:
            self._open(MemberDialog(member_id, parent=self))

    def _open(self, dialog: MemberDialog) -> None:
        added = dialog.member_id is None
        dialog.exec()  # what it saved it announced itself, and the list is read again
        if added and dialog.saved_id is not None:
            self.show_member(dialog.saved_id)

    def show_member(self, member_id: int) -> None:
        """Selects the person in the list: among the rows the filters show, or, where the filters hide
        them (or they sort far down a big register), with the filters cleared and the person searched for."""
        if self._select(member_id, pages=SELECT_PAGES_MOST):
            return
        person = members.get(member_id)
        self.apply_filter()
        self.search.setText(person.iin or " ".join(part for part in (person.surname, person.given_name) if part))
        self.typing.stop()
        self.refresh()
        self._select(member_id, pages=SELECT_PAGES_MOST)

    def _select(self, member_id: int, pages: int) -> bool:
        for _page in range(pages):
            for number, row in enumerate(self.model.rows):
                if row.id == member_id:
                    self.view.selectRow(number)
                    self.view.scrollTo(self.model.index(number, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
                    return True
            if not self.model.canFetchMore():
                return False
            self.model.fetchMore()
        return False

    def export(self) -> ServiceCall | None:
        """Writes what the list shows to a file, off the UI thread with progress and Cancel: the whole
        register of a big district takes a while."""
        from app.printing.members import export_list  # loaded on first use: the reports are heavy

        path, _filter = QFileDialog.getSaveFileName(self, tr("Export the list"), "",
                                                    "Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return None
        filters = self._filter()

        def written(result) -> None:
            path_written, count = result
            self.window().statusBar().showMessage(
                ntr("{n} person written to {path}", "{n} people written to {path}", count, path=str(path_written)), 8000)

        return ServiceCall(self, lambda progress, cancelled: export_list(
            path, **filters, progress=progress, cancelled=cancelled),
            background=True, title=tr("Exporting the list…"), on_success=written)

    def print_register(self) -> None:
        """The printed register of what the list shows, in the interface language, made off the UI
        thread and then shown in the print preview."""
        from app import i18n
        from app.printing.members import print_register  # loaded on first use: reportlab is heavy
        from app.ui import pdf_preview
        from app.ui.work import run_task

        path, _filter = QFileDialog.getSaveFileName(self, tr("Print the register…"), "register.pdf", "PDF (*.pdf)")
        if not path:
            return
        filters, lang = self._filter(), i18n.current_language()

        def work(progress, cancelled):
            return print_register(lang, path, progress=progress, cancelled=cancelled, **filters)[0]

        def done(result, error):
            if error is None:
                self.printed.emit(str(result))
                pdf_preview.show(self, result)

        run_task(self, work, title=tr("Printing the register…"), on_done=done)

    print = print_register  # the window's Ctrl+P

    def import_people(self) -> None:
        from app.ui.import_dialog import ImportDialog

        path, _filter = QFileDialog.getOpenFileName(self, tr("Import people from a file"), "",
                                                    "Excel, CSV (*.xlsx *.csv)")
        if not path:
            return
        # A file that is not a table we can read is said plainly, nothing changed.
        ServiceCall(self, lambda: ImportDialog(path, self), on_success=lambda dialog: dialog.exec())

    def show_imports(self) -> None:
        """The imports made so far, to undo one."""
        from app.ui.import_batches_dialog import ImportBatchesDialog

        ImportBatchesDialog(self).exec()

    def apply_filter(self, village_id: int | None = None, status: str | None = None) -> None:
        """Shows the people of one village and/or status, every other filter cleared (the start page's
        figures open the register so, and count what it then shows)."""
        self.search.clear()
        for combo in (self.category, self.status):
            combo.setCurrentIndex(0)
        self.without_consent.setChecked(False)
        self.age_min.setValue(0)
        self.age_max.setValue(120)
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self.village.setCurrentIndex(max(0, self.village.findData(village_id)))
        self.typing.stop()  # the age boxes' pause timer: the combos above already read the list
