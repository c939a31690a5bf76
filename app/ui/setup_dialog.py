"""The first start of the window: the district, its centre's names, its villages and the interface
language, typed into empty fields (examples as placeholders: nothing of another district is kept by
clicking through), or a clearly labelled sample district (docs/domain.md's Zharlyozek) to try the office
with; and whether one person works here or several who sign in (then the first administrator)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.errors import Problems, ValidationError
from app.i18n import N_, ptr, tr
from app.services import settings, users
from app.ui import language
from app.ui.editable_table import EditableTable
from app.ui.grant_form import error_label
from app.ui.operations import ServiceCall
from app.ui.pages.settings import VILLAGE_HEADERS, villages_from
from app.ui.sign_in import password_edit, same_twice, show_recovery_code


class SetupDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumWidth(760)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self.language.currentIndexChanged.connect(lambda _i: language.apply(self.chosen_language()))
        self.name_kk, self.name_ru, self.kato = QLineEdit(), QLineEdit(), QLineEdit()
        self.centre_kk, self.centre_ru = QLineEdit(), QLineEdit()
        self.villages = EditableTable(VILLAGE_HEADERS, movable=True)
        # The service's field names: each mistake is shown beside its own field.
        self.district_inputs = {"district_name_kk": self.name_kk, "district_name_ru": self.name_ru,
                                "district_kato": self.kato, "centre_name_kk": self.centre_kk,
                                "centre_name_ru": self.centre_ru, "villages": self.villages}
        self.labels = [QLabel() for _ in range(1 + len(self.district_inputs))]
        form = QFormLayout()
        form.addRow(self.labels[0], self.language)
        self.district_errors = {name: error_label() for name in self.district_inputs}
        for label, (name, widget) in zip(self.labels[1:], self.district_inputs.items()):
            widget.setObjectName(name)
            form.addRow(label, _with_error(widget, self.district_errors[name]))
        # One person without sign-in (today's simple start), or several who sign in: then the first
        # administrator, who is whoever answers these questions.
        self.alone, self.several = QRadioButton(), QRadioButton()
        self.alone.setChecked(True)
        self.administrator = QWidget()
        self.administrator.setVisible(False)
        self.several.toggled.connect(self._show_administrator)
        self.login, self.full_name = QLineEdit(), QLineEdit()
        self.password, self.repeat = password_edit(), password_edit()
        self.inputs = {"login": self.login, "full_name": self.full_name, "password": self.password,
                       "repeat": self.repeat}
        self.errors = {name: error_label() for name in self.inputs}
        self.administrator_labels = [QLabel() for _ in self.inputs]
        administrator = QFormLayout(self.administrator)
        administrator.setContentsMargins(24, 0, 0, 0)
        for label, (name, widget) in zip(self.administrator_labels, self.inputs.items()):
            widget.setObjectName(name)
            administrator.addRow(label, _with_error(widget, self.errors[name]))
        self.who_label = QLabel()
        who = QFormLayout()
        who.addRow(self.who_label, self.alone)
        who.addRow("", self.several)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.sample_note = QLabel()
        self.sample_note.setWordWrap(True)
        self.sample = QPushButton()
        self.sample.setObjectName("sample")
        self.sample.clicked.connect(self.try_sample)
        # The fields scroll, the choices above and the buttons below stay: with every mistake shown the
        # dialog would be taller than a 768-pixel laptop screen.
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(form)
        body.addLayout(who)
        body.addWidget(self.administrator)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.sample_note)
        layout.addWidget(self.sample)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._fit()

    def _show_administrator(self, shown: bool) -> None:
        self.administrator.setVisible(shown)
        self._fit()

    def _fit(self) -> None:
        """Taller as fields and messages appear, rather than the villages' list squeezed (adjustSize
        would stop at two thirds of a laptop's screen)."""
        wanted = self.sizeHint().height() - self.scroll.sizeHint().height() + self.body.sizeHint().height()
        room = self.screen().availableGeometry().height() - 60  # the window's title bar
        self.resize(self.width(), min(max(self.height(), wanted), room))

    def chosen_language(self) -> str:
        return self.language.currentData()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Welcome to Auyl Office"))
        self.intro.setText(tr("Type the district this office serves, its centre's name and its villages: "
                              "they are printed on the centre's papers. All of it can be changed later in "
                              "Settings."))
        self.sample_note.setText(tr("Only looking around? A sample district is filled in for you; "
                                    "do not use it for your own district's papers."))
        self.sample.setText(tr("Try with a sample district (Zharlyozek)"))
        for label, text in zip(self.labels, (N_("Interface language"), N_("District name (Kazakh)"),
                                             N_("District name (Russian)"), N_("District KATO code"),
                                             N_("Centre name (Kazakh)"), N_("Centre name (Russian)"),
                                             N_("Villages"))):
            label.setText(tr(text))
        for widget, example in ((self.name_kk, N_("e.g. Жарлыөзек ауылдық округі")),
                                (self.name_ru, N_("e.g. Жарлыозекский сельский округ")),
                                (self.kato, N_("e.g. 334255000 (9 digits; may stay empty)")),
                                (self.centre_kk, N_("e.g. Жарлыөзек ауылдық округінің Тұрақты даму орталығы")),
                                (self.centre_ru, N_("e.g. Центр устойчивого развития Жарлыозекского сельского "
                                                    "округа"))):
            widget.setPlaceholderText(tr(example))
        self.villages.setToolTip(tr("One row a village: its name in Kazakh, in Russian and its KATO code, "
                                    "e.g. Бозтоған, Бозтоган, 334255200."))
        self.who_label.setText(tr("Who works here"))
        self.alone.setText(tr("Only I work here (no sign-in)"))
        self.several.setText(tr("Several people: each signs in with a name and password"))
        for label, text in zip(self.administrator_labels, (N_("Administrator's sign-in name"), N_("Full name"),
                                                           N_("Password"), N_("Password again"))):
            label.setText(tr(text))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Start work"))
        # Translators: a dialog's Cancel button (Kazakh «Болдырмау»), not the rejecting of an issue.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(ptr("dialog button", "Cancel"))

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def accept(self) -> None:
        self._finish(lambda: settings.complete_first_start(
            {name: widget.text() for name, widget in self.district_inputs.items() if isinstance(widget, QLineEdit)},
            villages_from(self.villages)))

    def try_sample(self) -> None:
        """The sample district the new database starts as is kept, whatever was typed."""
        self._finish(settings.keep_sample_district)

    def _finish(self, save_district) -> None:
        for label in (*self.errors.values(), *self.district_errors.values()):
            label.hide()
        self.error.setText("")
        several = self.several.isChecked()
        recovery: list[tuple[str, str]] = []

        def save() -> None:
            if several:
                same_twice(self.password.text(), self.repeat.text())
            save_district()
            if several:  # refused, the district stays saved; given up, Settings → Users turns sign-in on later
                user_id = users.turn_sign_in_on(self.login.text(), self.full_name.text(), self.password.text())
                recovery.append((users.user(user_id).login, users.new_recovery_code(user_id)))

        # Before the window opens nothing lists the settings: nothing to announce. What was typed stays.
        if ServiceCall(self, save, handlers={ValidationError: self._show_invalid}).ok:
            if recovery:
                show_recovery_code(self, *recovery[0])
            super().accept()

    def _show_invalid(self, error: ValidationError) -> None:
        problems = error.problems if isinstance(error, Problems) else (error,)
        labels = {**self.errors, **self.district_errors}
        widgets = {**self.inputs, **self.district_inputs}
        for problem in problems:
            label = labels.get(problem.field or "", self.error)
            label.setText(problem.message())
            label.show()
        self._fit()
        if problems[0].field in widgets:
            widgets[problems[0].field].setFocus()


def _with_error(widget: QWidget, error: QLabel) -> QWidget:
    """A field with its message right under it, in one row of the form."""
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(error)
    return cell
