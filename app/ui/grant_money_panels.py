"""The grant editor's money tabs: tranches, expenses (with the line's remaining shown before saving
and a warning, not a refusal, when it would overspend; the scanned receipt attached and opened) and
deadlines (reports; tax notices follow their receipt, only their submitted day is edited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app import clock
from app.areas import Area
from app.errors import NotFound, ValidationError
from app.i18n import N_, format_date, tr
from app.services import drafts, grants
from app.ui.attachments import open_or_save
from app.ui.dates import date_edit, date_of
from app.ui.grant_form import AMBER, RED, AmountEdit, FormDialog, amount_text, ask
from app.ui.operations import ServiceCall
from app.ui.table_model import Column, RowsModel, list_view


def _day_within(view: grants.GrantView) -> QDate:
    """Today, or the grant's nearest day when today is outside its period."""
    return QDate(min(max(clock.today(), view.data.starts_on), view.data.ends_on))


def _required(day: date | None, field: str) -> date:
    if day is None:
        raise ValidationError("Enter the date.", field=field)
    return day


def deadline_kind(deadline: grants.DeadlineView) -> str:
    kind = tr(grants.DEADLINE_KINDS[deadline.kind])
    return f"{kind}: {deadline.title}" if deadline.title else kind


class DeadlinesModel(RowsModel):
    """Deadline rows: overdue red and bold, due soon amber."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid():
            status = self.rows[index.row()].status
            if role == Qt.ItemDataRole.ForegroundRole and status in ("overdue", "due_soon"):
                return QBrush(RED if status == "overdue" else AMBER)
            if role == Qt.ItemDataRole.FontRole and status == "overdue":
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


# Forms -------------------------------------------------------------------------------------------

class GrantRecordForm(FormDialog):
    """A form of one grant's tranche, expense or deadline. Its draft is keyed by the grant and names the
    record it edits, so the next start reopens the form for that grant and saves through the same call."""

    draft_title = ""  # its title in the start's offer, with {grant}
    not_found = ""  # the refusal when the record edited is gone meanwhile, with {id}

    def keep_grant_drafts(self, view: grants.GrantView, record, draft: drafts.Draft | None) -> None:
        self.record_id = record.id if record is not None else None
        self.keep_drafts(lambda: view.id, lambda: tr(self.draft_title, grant=view.label), draft)

    def draft_values(self) -> dict:
        return {"record": self.record_id}

    @staticmethod
    def records(view: grants.GrantView) -> tuple:
        raise NotImplementedError

    @classmethod
    def found(cls, draft: drafts.Draft) -> tuple[grants.GrantView, object]:
        """A draft's grant and the record it edits (None for a new one)."""
        view, record_id = grants.get(draft.key), draft.values.get("record")
        if record_id is None:
            return view, None
        record = next((row for row in cls.records(view) if row.id == record_id), None)
        if record is None:
            raise NotFound(cls.not_found, id=record_id)
        return view, record

    @classmethod
    def reopen(cls, draft: drafts.Draft, parent=None) -> GrantRecordForm:
        """The form of a draft's grant and record, with the draft's typing."""
        view, record = cls.found(draft)
        return cls(view, record, parent=parent, draft=draft)


class TrancheForm(GrantRecordForm):
    changes = frozenset({Area.GRANTS})
    draft_kind = "tranche"
    draft_title = N_("a tranche of the grant «{grant}»")
    not_found = N_("No tranche with number {id}.")
    records = staticmethod(lambda view: view.tranches)

    def __init__(self, view: grants.GrantView, tranche: grants.TrancheView | None = None, parent=None,
                 draft: drafts.Draft | None = None):
        super().__init__(tr("Tranche"), [
            ("planned_on", N_("Planned date"), date_edit()),
            ("planned_amount", N_("Planned amount"), AmountEdit()),
            ("received_on", N_("Received on"), date_edit()),
            ("received_amount", N_("Received amount"), AmountEdit())], parent)
        self.view, self.tranche = view, tranche
        self.inputs["planned_on"].setDate(_day_within(view))
        if tranche is not None:
            self.inputs["planned_on"].setDate(QDate(tranche.planned_on))
            self.inputs["planned_amount"].setText(amount_text(tranche.planned_amount))
            if tranche.received_on:
                self.inputs["received_on"].setDate(QDate(tranche.received_on))
            self.inputs["received_amount"].setText(amount_text(tranche.received_amount))
        if view.donor_kind == "foreign":
            hint = QLabel(tr("Money from a foreign source: the notice to the tax authority is due 10 working "
                             "days after it is received; it is added to the deadlines by itself."))
            hint.setWordWrap(True)
            self.form.addRow(hint)
        self.keep_grant_drafts(view, tranche, draft)

    def save(self) -> None:
        data = grants.TrancheData(_required(date_of(self.inputs["planned_on"]), "planned_on"),
                                  self.inputs["planned_amount"].text(), date_of(self.inputs["received_on"]),
                                  self.inputs["received_amount"].text() or None)
        if self.tranche is None:
            grants.add_tranche(self.view.id, data)
        else:
            grants.update_tranche(self.tranche.id, data)


class ExpenseForm(GrantRecordForm):
    field_of = {"file": "scan"}
    changes = frozenset({Area.GRANTS})
    draft_kind = "expense"
    draft_title = N_("an expense of the grant «{grant}»")
    not_found = N_("No expense with number {id}.")
    not_typed = frozenset({"scan"})  # a scan is picked again, not kept in a draft
    records = staticmethod(lambda view: view.expenses)

    def __init__(self, view: grants.GrantView, expense: grants.ExpenseView | None = None, parent=None,
                 draft: drafts.Draft | None = None):
        line = QComboBox()
        for item in view.lines:
            line.addItem(f"{item.code} — {item.name}", item.id)
        scan_name, attach, scan = QLabel(), QPushButton(tr("Attach scan…")), QWidget()
        scan_layout = QHBoxLayout(scan)
        scan_layout.setContentsMargins(0, 0, 0, 0)
        scan_layout.addWidget(scan_name, 1)
        scan_layout.addWidget(attach)
        super().__init__(tr("Expense"), [
            ("line", N_("Budget line"), line), ("spent_on", N_("Date"), date_edit()),
            ("amount", N_("Amount"), AmountEdit()), ("payee", N_("Payee"), QLineEdit()),
            ("document_number", N_("Document No."), QLineEdit()), ("note", N_("Note"), QLineEdit()),
            ("scan", N_("Scan"), scan)], parent)
        self.view, self.expense = view, expense
        self.scan_name, self.scan_path = scan_name, None
        attach.clicked.connect(self.choose_scan)
        # What is left on the line, and whether this amount would overspend it: a warning, not a refusal.
        self.remaining = QLabel()
        self.overspend = QLabel()
        self.overspend.setObjectName("overspend")
        self.overspend.setWordWrap(True)
        self.overspend.setStyleSheet(f"color: {AMBER.name()}; font-weight: bold;")
        self.form.insertRow(6, "", self.remaining)
        self.form.insertRow(7, "", self.overspend)
        self.inputs["spent_on"].setDate(_day_within(view))
        if expense is not None:
            line.setCurrentIndex(line.findData(expense.line_id))
            self.inputs["spent_on"].setDate(QDate(expense.spent_on))
            self.inputs["amount"].setText(amount_text(expense.amount))
            for name in ("payee", "document_number", "note"):
                self.inputs[name].setText(getattr(expense, name))
        self.scan_name.setText(expense.scan_name if expense and expense.scan_name else tr("No scan attached"))
        line.currentIndexChanged.connect(self.show_remaining)
        self.inputs["amount"].textChanged.connect(self.show_remaining)
        self.show_remaining()
        self.keep_grant_drafts(view, expense, draft)

    def choose_scan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, tr("Attach scan…"), "",
                                                    tr("Scans (*.pdf *.jpg *.jpeg *.png);;All files (*)"))
        if path:
            self.scan_path = path
            self.scan_name.setText(Path(path).name)

    def line_left(self) -> tuple[grants.LineView, object] | None:
        line_id = self.inputs["line"].currentData()
        line = next((item for item in self.view.lines if item.id == line_id), None)
        if line is None:
            return None
        return line, grants.line_remaining(line.id, leaving_out=self.expense.id if self.expense else None)

    def over_by(self):
        """How far over its planned amount the line would be with the typed amount, or None."""
        found, amount = self.line_left(), self.inputs["amount"].amount()
        if found is None or amount is None or amount <= found[1]:
            return None
        return amount - found[1]

    def show_remaining(self, *_args) -> None:
        found = self.line_left()
        currency = self.view.data.currency
        self.remaining.setText(tr("Left on this line: {amount}", amount=amount_text(found[1], currency))
                               if found else "")
        over = self.over_by()
        self.overspend.setText(tr("⚠ This expense would overspend line {code} by {amount}.", code=found[0].code,
                                  amount=amount_text(over, currency)) if over is not None else "")
        self.overspend.setVisible(over is not None)

    def try_save(self) -> bool:
        over = self.over_by()
        if over is not None:
            answer = QMessageBox.question(
                self, tr("Expense"), tr("This expense is {amount} more than what is left on its line. "
                                        "Save it anyway?", amount=amount_text(over, self.view.data.currency)))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return super().try_save()

    def save(self) -> None:
        if self.inputs["line"].currentData() is None:
            raise ValidationError("Choose a budget line of this grant.", field="line")
        data = grants.ExpenseData(self.inputs["line"].currentData(),
                                  _required(date_of(self.inputs["spent_on"]), "spent_on"),
                                  self.inputs["amount"].text(), self.inputs["payee"].text(),
                                  self.inputs["document_number"].text(), self.inputs["note"].text(),
                                  scan_path=self.scan_path)
        if self.expense is None:
            grants.add_expense(self.view.id, data)
        else:
            grants.update_expense(self.expense.id, data)


class DeadlineForm(GrantRecordForm):
    """A report's deadline; of a tax notice (which follows its receipt) only the submitted day."""

    changes = frozenset({Area.GRANTS})
    draft_kind = "deadline"
    draft_title = N_("a deadline of the grant «{grant}»")
    not_found = N_("No deadline with number {id}.")
    records = staticmethod(lambda view: view.deadlines)

    def __init__(self, grant_id: int, deadline: grants.DeadlineView | None = None, parent=None,
                 draft: drafts.Draft | None = None):
        kind = QComboBox()
        for code, label in grants.DEADLINE_KINDS.items():
            if code != "tax" or (deadline and deadline.kind == "tax"):
                kind.addItem(tr(label), code)
        super().__init__(tr("Deadline"), [
            ("kind", N_("Kind"), kind), ("title", N_("Title"), QLineEdit()), ("due_on", N_("Due"), date_edit()),
            ("submitted_on", N_("Submitted on"), date_edit())], parent)
        self.grant_id, self.deadline = grant_id, deadline
        self.inputs["due_on"].setDate(QDate(clock.today()))
        if deadline is not None:
            kind.setCurrentIndex(kind.findData(deadline.kind))
            self.inputs["title"].setText(deadline.title)
            self.inputs["due_on"].setDate(QDate(deadline.due_on))
            if deadline.submitted_on:
                self.inputs["submitted_on"].setDate(QDate(deadline.submitted_on))
            if deadline.kind == "tax":
                for name in ("kind", "title", "due_on"):
                    self.inputs[name].setEnabled(False)
        if self.draft_kind:  # marking one submitted is one day, today unless changed: nothing to keep
            self.keep_grant_drafts(grants.get(grant_id), deadline, draft)

    @classmethod
    def reopen(cls, draft: drafts.Draft, parent=None) -> DeadlineForm:
        view, record = cls.found(draft)
        return cls(view.id, record, parent=parent, draft=draft)

    def save(self) -> None:
        data = grants.DeadlineData(self.inputs["kind"].currentData(),
                                   _required(date_of(self.inputs["due_on"]), "due_on"),
                                   self.inputs["title"].text(), date_of(self.inputs["submitted_on"]))
        if self.deadline is None:
            grants.add_deadline(self.grant_id, data)
        else:
            grants.update_deadline(self.deadline.id, data)


class SubmittedForm(DeadlineForm):
    """Marks a deadline submitted: only the day is asked, today unless changed."""

    draft_kind = ""

    def __init__(self, grant_id: int, deadline: grants.DeadlineView, parent=None):
        super().__init__(grant_id, deadline, parent)
        self.setWindowTitle(tr("Mark as submitted"))
        for name in ("kind", "title", "due_on"):
            self.inputs[name].setEnabled(False)
        self.inputs["submitted_on"].setDate(QDate(clock.today()))


# Panels ------------------------------------------------------------------------------------------

class MoneyPanel(QWidget):
    """A table of the grant's records with Add, Edit and Delete; ``on_changed`` after the service
    accepted a change."""

    def __init__(self, model: RowsModel, stretch: int, on_changed: Callable[[], None], parent=None):
        super().__init__(parent)
        self.model, self.on_changed = model, on_changed
        self.grant: grants.GrantView | None = None
        self.view = list_view(model, stretch)
        self.view.doubleClicked.connect(lambda _index: self.edit_current())
        self.add_button, self.edit_button, self.delete_button = QPushButton(), QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            self.bar.addWidget(button)
        self.bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

    def retranslate(self) -> None:
        self.add_button.setText(tr("Add…"))
        self.edit_button.setText(tr("Edit…"))
        self.delete_button.setText(tr("Delete…"))
        self.model.retranslate()
        if self.grant is not None:
            self.show_grant(self.grant)

    def current(self):
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def show_grant(self, view: grants.GrantView) -> None:
        self.grant = view
        self.model.set_rows(self.records(view))

    def records(self, view: grants.GrantView) -> list:
        raise NotImplementedError

    def form(self, record) -> bool:
        """Opens the form for a new record (None) or one; True when it saved."""
        raise NotImplementedError

    def add(self) -> None:
        if self.grant is not None and self.form(None):
            self.on_changed()

    def edit_current(self) -> None:
        record = self.current()
        if record is not None and self.form(record):
            self.on_changed()

    def confirm_delete(self, record) -> str:
        raise NotImplementedError

    def delete_record(self, record) -> None:
        raise NotImplementedError

    def delete_current(self) -> None:
        record = self.current()
        if record is None:
            return
        if QMessageBox.question(self, tr("Delete…"), self.confirm_delete(record)) != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: self.delete_record(record), changes=Area.GRANTS,
                    on_success=lambda _r: self.on_changed())

    def _currency(self) -> str | None:
        return self.grant.data.currency if self.grant else None


class TranchesPanel(MoneyPanel):
    def __init__(self, on_changed, parent=None):
        model = RowsModel([
            Column(N_("Planned date"), lambda t: format_date(t.planned_on)),
            Column(N_("Planned amount"), lambda t: amount_text(t.planned_amount, self._currency()), True),
            Column(N_("Received on"), lambda t: format_date(t.received_on)),
            Column(N_("Received amount"), lambda t: amount_text(t.received_amount, self._currency()), True),
            Column(N_("Tax notice due"), self._tax_notice),
        ])
        super().__init__(model, 4, on_changed, parent)

    def _tax_notice(self, tranche: grants.TrancheView) -> str:
        notice = next((d for d in self.grant.deadlines if d.tranche_id == tranche.id), None) if self.grant else None
        if notice is None:
            return ""
        return f"{format_date(notice.due_on)} ({tr(grants.DEADLINE_STATUSES[notice.status])})"

    def records(self, view):
        planned = sum((t.planned_amount for t in view.tranches), grants.ZERO)
        self.summary.setText(tr("Planned: {planned} · received: {received} · grant total: {total}",
                                planned=amount_text(planned, view.data.currency),
                                received=amount_text(view.received, view.data.currency),
                                total=amount_text(view.total, view.data.currency)))
        return list(view.tranches)

    def form(self, record) -> bool:
        return ask(self, TrancheForm, self.grant, record)

    def confirm_delete(self, record) -> str:
        return tr("Delete the tranche planned for {date}?", date=format_date(record.planned_on))

    def delete_record(self, record) -> None:
        grants.delete_tranche(record.id)


class ExpensesPanel(MoneyPanel):
    def __init__(self, on_changed, parent=None):
        model = RowsModel([
            Column(N_("Date"), lambda e: format_date(e.spent_on)),
            Column(N_("Line"), lambda e: e.line_code),
            Column(N_("Amount"), lambda e: amount_text(e.amount, self._currency()), True),
            Column(N_("Payee"), lambda e: e.payee),
            Column(N_("Document No."), lambda e: e.document_number),
            Column(N_("Note"), lambda e: e.note),
            Column(N_("Scan"), lambda e: e.scan_name),
        ])
        super().__init__(model, 5, on_changed, parent)
        self.scan_button = QPushButton()
        self.scan_button.clicked.connect(self.open_scan)
        self.bar.insertWidget(3, self.scan_button)

    def retranslate(self) -> None:
        self.scan_button.setText(tr("Open scan"))
        super().retranslate()

    def records(self, view):
        self.summary.setText(tr("Spent: {spent} of {total}; received and not spent: {balance}",
                                spent=amount_text(view.spent, view.data.currency),
                                total=amount_text(view.total, view.data.currency),
                                balance=amount_text(view.balance, view.data.currency)))
        self.add_button.setEnabled(bool(view.lines))
        self.add_button.setToolTip("" if view.lines else tr("Add the budget lines first."))
        return list(view.expenses)

    def form(self, record) -> bool:
        return ask(self, ExpenseForm, self.grant, record)

    def confirm_delete(self, record) -> str:
        return tr("Delete the expense of {date} for {amount}?", date=format_date(record.spent_on),
                  amount=amount_text(record.amount, self._currency()))

    def delete_record(self, record) -> None:
        grants.delete_expense(record.id)

    def open_scan(self) -> None:
        """Opens the scan with the system's viewer (a document or a picture), or offers to save it."""
        record = self.current()
        if record is None:
            return
        call = ServiceCall(self, lambda: grants.expense_scan(record.id))
        if not call.ok:
            return
        if call.result is None:
            QMessageBox.information(self, tr("Expense"), tr("This expense has no scan attached."))
            return
        name, _type, content = call.result
        open_or_save(self, name, content, f"expense-scan-{record.id}")


class DeadlinesPanel(MoneyPanel):
    def __init__(self, on_changed, parent=None):
        model = DeadlinesModel([
            Column(N_("Due"), lambda d: format_date(d.due_on)),
            Column(N_("Kind"), deadline_kind),
            Column(N_("Submitted on"), lambda d: format_date(d.submitted_on)),
            Column(N_("Status"), lambda d: tr(grants.DEADLINE_STATUSES[d.status])),
        ])
        super().__init__(model, 1, on_changed, parent)

    def records(self, view):
        self.summary.setText(tr("Notices to the tax authority follow the receipts of money from a foreign "
                                "source: only their submitted day is edited here."))
        self.summary.setVisible(view.donor_kind == "foreign")
        return list(view.deadlines)

    def form(self, record) -> bool:
        return ask(self, DeadlineForm, self.grant.id, record)

    def confirm_delete(self, record) -> str:
        return tr("Delete the deadline «{kind}» due {date}?", kind=deadline_kind(record),
                  date=format_date(record.due_on))

    def delete_record(self, record) -> None:
        grants.delete_deadline(record.id)
