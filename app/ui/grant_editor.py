"""One grant: its details (the MCI and size class of a state grant in tenge shown as they are typed),
budget lines with what is spent and left on each, tranches, expenses, deadlines
(app.ui.grant_money_panels) and the local issues it pays for; every warning of the checks on top.

Details, lines and linked issues are saved together by Save (a refusal beside its field, nothing typed
lost); tranches, expenses and deadlines are saved one by one in their own forms."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock, i18n
from app.areas import Area
from app.errors import ValidationError
from app.i18n import N_, format_date, tr
from app.rules import money
from app.services import drafts, grants, local_issues, settings
from app.ui import conflict
from app.ui.dates import date_edit, date_of
from app.ui.drafts import DraftKeeper, retype, typed_values
from app.ui.grant_form import AMBER_PANEL, RED, WARNING_SIGN, AmountEdit, amount_text, error_label, typed_amount
from app.ui.grant_money_panels import DeadlinesPanel, ExpensesPanel, TranchesPanel
from app.ui.notices import ChangeNotices
from app.ui.operations import Fields, Reconcile, ServiceCall
from app.ui.unsaved import may_close
from app.ui.watcher import ChangedElsewhere

LABELS = {
    "donor_id": N_("Donor"), "programme": N_("Programme"), "agreement_number": N_("Agreement No."),
    "agreement_date": N_("Agreement date"), "purpose": N_("Purpose"), "starts_on": N_("Starts on"),
    "ends_on": N_("Ends on"), "currency": N_("Currency"), "total": N_("Total amount"), "notes": N_("Notes"),
}
FIELD_OF = {"donor": "donor_id"}  # the service's field names where they differ from the form's
TABS = (N_("Details"), N_("Budget lines"), N_("Tranches"), N_("Expenses"), N_("Deadlines"), N_("Local issues"))
ID_ROLE = Qt.ItemDataRole.UserRole
SPENT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE, NAME, PLANNED, SPENT, REMAINING = range(5)


def _number(value: Decimal) -> str:
    """A count of MCI as the reader's language writes numbers: 2 000,5 (kk, ru), 2,000.5 (en)."""
    text = f"{value:,}"
    return text if i18n.current_language() == "en" else text.replace(",", "\u00a0").replace(".", ",")


def _read_only(text: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class LinesTable(QWidget):
    """Budget lines typed in a table (code, name, planned), with what is spent and left on each read
    only (left below zero in red) and a totals row that stays last."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.currency = "KZT"
        self.total: Decimal | None = None
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("lines")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)
        self.set_lines((), "KZT", None)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr(h) for h in (N_("Code"), N_("Line"), N_("Planned"), N_("Spent"),
                                                              N_("Remaining"))])
        self.add_button.setText(tr("Add line"))
        self.remove_button.setText(tr("Remove line"))
        self.hint.setText(tr("Amounts are typed as 1 250 000 or 1 250 000,50. A line that has expenses "
                             "cannot be removed."))
        self._recount()

    def count(self) -> int:
        return self.table.rowCount() - 1  # the last row is the totals

    def set_lines(self, lines, currency: str, total: Decimal | None) -> None:
        self.currency, self.total = currency, total
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.insertRow(0)
        for column in range(5):
            self.table.setItem(0, column, _read_only())
        for line in lines:
            self._insert(line.id, line.code, line.name, amount_text(line.planned), line.spent)
        self.table.blockSignals(False)
        self._recount()

    def set_spent(self, lines, currency: str, total: Decimal | None) -> None:
        """After an expense changed: new spent amounts, the lines as typed."""
        self.currency, self.total = currency, total
        spent = {line.id: line.spent for line in lines}
        self.table.blockSignals(True)
        for row in range(self.count()):
            line_id = self.table.item(row, CODE).data(ID_ROLE)
            self.table.item(row, SPENT).setData(SPENT_ROLE, spent.get(line_id, grants.ZERO))
        self.table.blockSignals(False)
        self._recount()

    def _insert(self, line_id: int | None, code: str, name: str, planned: str, spent: Decimal) -> int:
        row = self.count()
        self.table.insertRow(row)
        code_item = QTableWidgetItem(code)
        code_item.setData(ID_ROLE, line_id)
        planned_item = QTableWidgetItem(planned)
        planned_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        spent_item = _read_only()
        spent_item.setData(SPENT_ROLE, spent)
        for column, item in enumerate((code_item, QTableWidgetItem(name), planned_item, spent_item, _read_only())):
            self.table.setItem(row, column, item)
        return row

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in (CODE, NAME, PLANNED):
            self._recount()
            self.edited.emit()

    def _recount(self) -> None:
        """Fills spent, remaining and the totals row from what is typed."""
        self.table.blockSignals(True)
        planned_sum = spent_sum = grants.ZERO
        for row in range(self.count()):
            planned_item = self.table.item(row, PLANNED)
            spent = self.table.item(row, SPENT).data(SPENT_ROLE)
            planned, reason = typed_amount(planned_item.text())
            planned_item.setForeground(QBrush(RED) if reason else QBrush())
            planned_item.setToolTip(reason)
            self.table.item(row, SPENT).setText(amount_text(spent))
            remaining = self.table.item(row, REMAINING)
            remaining.setText(amount_text(planned - spent) if planned is not None else "")
            remaining.setForeground(QBrush(RED) if planned is not None and planned < spent else QBrush())
            planned_sum += planned or grants.ZERO
            spent_sum += spent
        last = self.count()
        font = QFont()
        font.setBold(True)
        texts = ("", tr("Total"), amount_text(planned_sum, self.currency), amount_text(spent_sum, self.currency),
                 amount_text(planned_sum - spent_sum, self.currency))
        for column, text in enumerate(texts):
            item = self.table.item(last, column)
            item.setText(text)
            item.setFont(font)
        off = self.total is not None and self.count() > 0 and planned_sum != self.total
        self.table.item(last, PLANNED).setForeground(QBrush(RED) if off else QBrush())
        self.table.item(last, PLANNED).setToolTip(
            tr("The grant's total is {total}.", total=amount_text(self.total, self.currency)) if off else "")
        self.table.item(last, REMAINING).setForeground(QBrush(RED) if planned_sum < spent_sum else QBrush())
        self.table.blockSignals(False)

    def add_line(self) -> None:
        self.table.blockSignals(True)
        row = self._insert(None, "", "", "", grants.ZERO)
        self.table.blockSignals(False)
        self._recount()
        self.table.setCurrentCell(row, CODE)
        self.table.editItem(self.table.item(row, CODE))
        self.edited.emit()

    def retype(self, lines: list[grants.LineData]) -> None:
        """Lines typed earlier (a draft a crash left behind) in place of those shown, each with what is
        spent on it as recorded."""
        spent = {self.table.item(row, CODE).data(ID_ROLE): self.table.item(row, SPENT).data(SPENT_ROLE)
                 for row in range(self.count())}
        self.set_lines((), self.currency, self.total)
        self.table.blockSignals(True)
        for line in lines:
            self._insert(line.id, line.code, line.name, line.planned, spent.get(line.id, grants.ZERO))
        self.table.blockSignals(False)
        self._recount()

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < self.count():
            self.table.removeRow(row)
            self._recount()
            self.edited.emit()

    def lines(self) -> list[grants.LineData]:
        """The lines as typed; a row left wholly empty is no line."""
        result = []
        for row in range(self.count()):
            code, name, planned = (self.table.item(row, c).text().strip() for c in (CODE, NAME, PLANNED))
            if code or name or planned:
                result.append(grants.LineData(code, name, planned, self.table.item(row, CODE).data(ID_ROLE)))
        return result


class GrantEditor(QDialog):
    """A new grant (``grant_id`` None) or one to work on. Saving keeps the editor open, so tranches and
    expenses can be entered for a grant just created. ``draft``: details, lines and linked issues typed
    before a crash (app/ui/drafts.py), put back over the grant."""

    def __init__(self, grant_id: int | None = None, notices: ChangeNotices | None = None, parent=None,
                 draft: drafts.Draft | None = None):
        super().__init__(parent)
        self.grant_id = grant_id
        self.notices = notices
        self.view: grants.GrantView | None = None
        self.version: int | None = None  # of the details the form holds (app/services/versions.py)
        self.dirty = {"details": False, "lines": False, "issues": False}
        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(AMBER_PANEL)
        self.warnings.hide()
        # Details.
        self.inputs: dict = {name: QLineEdit() for name in ("programme", "agreement_number")}
        self.inputs["donor_id"], self.inputs["currency"] = QComboBox(), QComboBox()
        for code in money.CURRENCIES:
            self.inputs["currency"].addItem(code, code)
        for name in ("agreement_date", "starts_on", "ends_on"):
            self.inputs[name] = date_edit()
        self.inputs["purpose"], self.inputs["notes"] = QPlainTextEdit(), QPlainTextEdit()
        self.inputs["purpose"].setMaximumHeight(80)
        self.inputs["notes"].setMaximumHeight(60)
        self.errors = {name: error_label() for name in LABELS}
        self.inputs["total"] = AmountEdit(self.errors["total"])
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
        self.donors_button = QPushButton()
        self.donors_button.clicked.connect(self.edit_donors)
        self.size = QLabel()  # size class and, for a state grant in tenge, the amount in MCI
        self.size.setObjectName("size")
        self.size.setWordWrap(True)
        self.labels = {name: QLabel() for name in LABELS}
        form = QFormLayout()
        for name in LABELS:
            if name == "donor_id":
                line = QHBoxLayout()
                line.addWidget(self.inputs[name], 1)
                line.addWidget(self.donors_button)
                form.addRow(self.labels[name], line)
            else:
                form.addRow(self.labels[name], self.inputs[name])
            form.addRow("", self.errors[name])
            if name == "total":
                form.addRow("", self.size)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(form)
        details_layout.addStretch(1)
        for name in ("agreement_date", "starts_on", "ends_on", "currency"):
            self.inputs[name].setMaximumWidth(160)
        self.inputs["total"].setMaximumWidth(260)
        self.lines = LinesTable()
        self.lines.edited.connect(lambda: self._edited("lines"))
        self.tranches = TranchesPanel(self._changed)
        self.expenses = ExpensesPanel(self._changed)
        self.deadlines = DeadlinesPanel(self._changed)
        self.issues = QListWidget()
        self.issues.setObjectName("issues")
        self.issues.itemChanged.connect(lambda _item: self._edited("issues"))
        self.issues_hint = QLabel()
        self.issues_hint.setWordWrap(True)
        issues = QWidget()
        issues_layout = QVBoxLayout(issues)
        issues_layout.addWidget(self.issues_hint)
        issues_layout.addWidget(self.issues, 1)
        self.tabs = QTabWidget()
        for widget in (details, self.lines, self.tranches, self.expenses, self.deadlines, issues):
            self.tabs.addTab(widget, "")
        self.saved_hint = QLabel()
        self.saved_hint.setWordWrap(True)
        self.error = error_label()  # a refusal that names no field of the form
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.close)
        self.elsewhere = ChangedElsewhere("grants", clean=lambda: not self.has_unsaved_changes())
        self.elsewhere.reload.connect(self.reload_theirs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.elsewhere)
        layout.addWidget(self.warnings)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.saved_hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(1060, 680)
        self._fill_donors()
        self._fill_issues(())
        if grant_id is not None:
            self._load(grants.get(grant_id))
        else:
            today = QDate(clock.today())
            self.inputs["agreement_date"].setDate(today)
            self.inputs["starts_on"].setDate(today)
            self.inputs["ends_on"].setDate(QDate(today.year(), 12, 31))
        self.retranslate()
        self._show_saved()
        for widget in self.inputs.values():
            self._watch(widget)
        for name in ("donor_id", "currency", "agreement_date", "starts_on", "ends_on", "total"):
            self._watch(self.inputs[name], self.show_size)
        for name in ("currency", "total"):
            self._watch(self.inputs[name], self._money_typed)
        if draft is not None:
            self._retype(draft.values)
        self.keeper = DraftKeeper(self, "grant", lambda: self.grant_id, self._typed, self._draft_title, draft)

    # Filling ------------------------------------------------------------------------------------

    def _watch(self, widget, slot=None) -> None:
        """Anything typed or chosen makes the details unsaved (or calls ``slot``)."""
        slot = slot or (lambda *_args: self._edited("details"))
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(slot)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(slot)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(slot)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(slot)

    def _edited(self, part: str) -> None:
        self.dirty[part] = True

    def retranslate(self) -> None:
        self.setWindowTitle(tr("New grant") if self.view is None else tr("Grant: {label}", label=self.view.label))
        for name, label in self.labels.items():
            label.setText(tr(LABELS[name]))
        self.donors_button.setText(tr("Donors…"))
        self.inputs["agreement_number"].setPlaceholderText(tr("as written on the agreement"))
        self.issues_hint.setText(tr("Tick the local issues this grant pays to fix."))
        self.saved_hint.setText(tr("Once the grant is saved, its tranches, expenses and deadlines can be entered."))
        for index, text in enumerate(TABS):
            self.tabs.setTabText(index, tr(text))
        self.lines.retranslate()
        for panel in (self.tranches, self.expenses, self.deadlines):
            panel.retranslate()
        self.show_size()
        if self.view is not None:
            self._show_counts(self.view)
            self._show_warnings(self.view)
        self.elsewhere.retranslate()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_donors(self) -> None:
        combo = self.inputs["donor_id"]
        current = combo.currentData()
        self.donor_kinds = {}
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        for donor in grants.donors():
            combo.addItem(f"{donor.name} ({tr(grants.DONOR_KINDS[donor.kind])})", donor.id)
            self.donor_kinds[donor.id] = donor.kind
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _fill_issues(self, linked) -> None:
        self.issues.blockSignals(True)
        self.issues.clear()
        for issue in local_issues.rows(sort="number", descending=True):
            item = QListWidgetItem(f"{issue.label} — {issue.title}")
            item.setData(ID_ROLE, issue.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if issue.id in linked else Qt.CheckState.Unchecked)
            self.issues.addItem(item)
        self.issues.blockSignals(False)

    def _load(self, view: grants.GrantView, details: bool = True) -> None:
        """Shows the grant; ``details`` False leaves what is typed in the details, lines and issues (details
        with nothing typed are shown again)."""
        self.view = view
        if details or not self.dirty["details"]:
            data = view.data
            self.version = data.version
            self.elsewhere.follow(view.id, data.version)
            for widget in self.inputs.values():
                widget.blockSignals(True)
            self.inputs["donor_id"].setCurrentIndex(max(0, self.inputs["donor_id"].findData(data.donor_id)))
            self.inputs["currency"].setCurrentIndex(self.inputs["currency"].findData(data.currency))
            for name in ("programme", "agreement_number"):
                self.inputs[name].setText(getattr(data, name))
            for name in ("purpose", "notes"):
                self.inputs[name].setPlainText(getattr(data, name))
            for name in ("agreement_date", "starts_on", "ends_on"):
                self.inputs[name].setDate(QDate(getattr(data, name)))
            self.inputs["total"].setText(amount_text(view.total))
            for widget in self.inputs.values():
                widget.blockSignals(False)
            self.dirty["details"] = False
        if details or not self.dirty["lines"]:
            self.lines.set_lines(view.lines, view.data.currency, view.total)
            self.dirty["lines"] = False
        else:
            self.lines.set_spent(view.lines, view.data.currency, view.total)
        if details or not self.dirty["issues"]:
            self._fill_issues(set(view.issue_ids))
            self.dirty["issues"] = False
        for panel in (self.tranches, self.expenses, self.deadlines):
            panel.show_grant(view)
        self.setWindowTitle(tr("Grant: {label}", label=view.label))
        self._show_counts(view)
        self._show_warnings(view)
        self.show_size()
        self._show_saved()

    def _money_typed(self, *_args) -> None:
        """The lines' totals follow the currency and total as typed."""
        self.lines.set_spent(self.view.lines if self.view else (), self.inputs["currency"].currentData(),
                             self.inputs["total"].amount())

    def _show_counts(self, view: grants.GrantView) -> None:
        overdue = sum(1 for d in view.deadlines if d.status == "overdue")
        counts = (None, len(view.lines), len(view.tranches), len(view.expenses), len(view.deadlines),
                  len(view.issue_ids))
        for index, count in enumerate(counts):
            if count is not None:
                text = f"{tr(TABS[index])} ({count})"
                self.tabs.setTabText(index, f"{WARNING_SIGN} {text}" if index == 4 and overdue else text)

    def _show_warnings(self, view: grants.GrantView) -> None:
        lang = i18n.current_language()
        self.warnings.setText("\n".join(f"{WARNING_SIGN} {warning.text(lang)}" for warning in view.warnings))
        self.warnings.setVisible(bool(view.warnings))

    def _show_saved(self) -> None:
        saved = self.grant_id is not None
        for index in (2, 3, 4):
            self.tabs.setTabEnabled(index, saved)
        self.saved_hint.setVisible(not saved)

    def show_size(self, *_args) -> None:
        """The size class by the period and, for a state grant in tenge, the total in MCI of the
        agreement's day, as typed."""
        starts_on, ends_on = date_of(self.inputs["starts_on"]), date_of(self.inputs["ends_on"])
        kind = self.donor_kinds.get(self.inputs["donor_id"].currentData())
        if kind != "state" or starts_on is None or ends_on is None or ends_on < starts_on:
            self.size.hide()
            return
        size = grants.size_class(starts_on, ends_on)
        text = tr("Size: {size}", size=tr(grants.SIZE_CLASSES[size]))
        outside = False
        total = self.inputs["total"].amount()
        agreement_date = date_of(self.inputs["agreement_date"]) or starts_on
        rate = settings.mci_on(agreement_date)
        if self.inputs["currency"].currentData() == "KZT" and total is not None and rate:
            mci = money.in_mci(total, rate)
            low, high = grants.MCI_RANGES[size]
            outside = mci < low or (high is not None and mci > high)
            text += " · " + tr("{mci} MCI (the MCI on {date}: {rate})", mci=_number(mci),
                               date=format_date(agreement_date), rate=amount_text(rate, "KZT"))
            if outside:
                text += " · " + tr("outside {low}–{high} MCI", low=_number(low), high=_number(high) if high else "…")
        self.size.setText(text)
        self.size.setStyleSheet(AMBER_PANEL if outside else "")
        self.size.show()

    # Saving -------------------------------------------------------------------------------------

    def data(self) -> grants.GrantData:
        days = {name: date_of(self.inputs[name]) for name in ("agreement_date", "starts_on", "ends_on")}
        for name, day in days.items():
            if day is None:
                raise ValidationError("Enter the date.", field=name)
        return grants.GrantData(
            donor_id=self.inputs["donor_id"].currentData() or 0,
            agreement_number=self.inputs["agreement_number"].text(), currency=self.inputs["currency"].currentData(),
            total=self.inputs["total"].text(), programme=self.inputs["programme"].text(),
            purpose=self.inputs["purpose"].toPlainText(), notes=self.inputs["notes"].toPlainText(),
            version=self.version, **days)

    def linked_issues(self) -> list[int]:
        return [self.issues.item(row).data(ID_ROLE) for row in range(self.issues.count())
                if self.issues.item(row).checkState() == Qt.CheckState.Checked]

    def fields(self) -> Fields:
        """A refusal shows beside its field, on its tab (the lines' under the lines)."""
        return Fields({**self.inputs, "lines": self.lines}, {**self.errors, "lines": self.lines.error}, self.error,
                      FIELD_OF)

    def _clear_errors(self) -> None:
        self.fields().clear()

    def has_unsaved_changes(self) -> bool:
        return any(self.dirty.values())

    def save(self) -> bool:
        """Saves the details, lines and linked issues; False, with the reason beside its field, when
        they cannot be saved (what was saved before the refusal stays saved)."""
        def save() -> None:
            if self.grant_id is None:
                self.grant_id = grants.create_grant(self.data(), self.lines.lines())
                self.dirty["details"] = self.dirty["lines"] = False
            else:
                if self.dirty["details"]:
                    grants.update_grant(self.grant_id, self.data())
                    self.dirty["details"] = False
                if self.dirty["lines"]:
                    grants.save_lines(self.grant_id, self.lines.lines())
                    self.dirty["lines"] = False
            if self.dirty["issues"]:
                grants.set_issues(self.grant_id, self.linked_issues())
                self.dirty["issues"] = False

        def reload(fresh) -> None:
            self.dirty["details"] = False  # the lines and issues typed are not part of the record
            self._load(fresh, details=False)

        def keep(fresh) -> None:
            self.version = fresh.data.version
            self.elsewhere.follow(self.grant_id, self.version)

        def refused(error: BaseException) -> None:
            if isinstance(error, ValidationError) and self.grant_id is not None:
                self._changed()  # what was saved before the refusal shows as saved

        return ServiceCall(
            self, save, changes=Area.GRANTS, partial=True, on_success=lambda _r: self._saved(),
            on_failure=refused, fields=self.fields(),
            conflict=Reconcile(lambda: grants.get(self.grant_id), reload, keep, LABELS,
                               lambda fresh: {**self.inputs, "total": lambda value: amount_text(
                                   Decimal(value), fresh.data.currency)})).ok

    # Drafts -------------------------------------------------------------------------------------

    def _typed(self) -> dict | None:
        """The details, lines and linked issues typed (each only if typed), with the version typed over;
        None if nothing."""
        if not self.has_unsaved_changes():
            return None
        return {"version": self.version,
                "details": typed_values(self.inputs) if self.dirty["details"] else None,
                "lines": [[line.code, line.name, line.planned, line.id] for line in self.lines.lines()]
                if self.dirty["lines"] else None,
                "issues": self.linked_issues() if self.dirty["issues"] else None}

    def _retype(self, values: dict) -> None:
        if values["details"] is not None:
            retype(self.inputs, values["details"])
            self.dirty["details"] = True
        if values["lines"] is not None:
            self.lines.retype([grants.LineData(*line) for line in values["lines"]])
            self.dirty["lines"] = True
        if values["issues"] is not None:
            self._fill_issues(set(values["issues"]))
            self.dirty["issues"] = True
        if self.grant_id is not None:
            # Typed over that version: a save over a newer one shows what changed, nothing silently lost.
            self.version = values["version"]
            self.elsewhere.follow(self.grant_id, self.version)

    def _draft_title(self) -> str:
        number = self.inputs["agreement_number"].text().strip()
        return tr("the grant «{number}»", number=number) if number else tr("a new grant")

    def _saved(self) -> None:
        self.keeper.discard()
        self._changed()

    def reload_theirs(self) -> None:
        """The grant's details as they are now; what was typed in them is dropped (after asking)."""
        if self.dirty["details"] and not conflict.drop_typing(self):
            return
        self.dirty["details"] = False
        self._clear_errors()
        self._load(grants.get(self.grant_id), details=False)

    def _changed(self) -> None:
        """After a change the service accepted (and announced): show the grant again, keeping whatever
        is still unsaved as typed."""
        self._load(grants.get(self.grant_id), details=not self.has_unsaved_changes())

    def edit_donors(self) -> None:
        from app.ui.donors_dialog import DonorsDialog

        DonorsDialog(self.notices, parent=self).exec()
        before = self.inputs["donor_id"].currentData()
        self._fill_donors()
        if before is None and self.inputs["donor_id"].count() == 2:  # the first donor just added
            self.inputs["donor_id"].setCurrentIndex(1)
        self.show_size()

    def closeEvent(self, event):
        if self.has_unsaved_changes() and may_close(self, tr("The grant has changes that are not saved. Save them?"), self.save) is False:
            event.ignore()
            return
        self.dirty = dict.fromkeys(self.dirty, False)
        self.keeper.discard()
        event.accept()
        self.done(QDialog.DialogCode.Accepted if self.grant_id is not None else QDialog.DialogCode.Rejected)

    def reject(self):
        self.close()  # Escape asks about unsaved changes too
