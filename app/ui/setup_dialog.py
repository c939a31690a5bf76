"""The first start of the window: the district, its villages and the interface language,
prefilled with Zharlyozek (docs/domain.md), and whether one person works here or several who sign in
(then the first administrator), asked before the office is shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from app import i18n
from app.errors import ValidationError
from app.i18n import N_, ptr, tr
from app.services import settings, users
from app.ui import language
from app.ui.editable_table import EditableTable
from app.ui.grant_form import error_label
from app.ui.operations import ServiceCall
from app.ui.pages.settings import VILLAGE_HEADERS, village_values, villages_from
from app.ui.sign_in import password_edit, same_twice


class SetupDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumWidth(620)
        current = settings.load()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self.language.currentIndexChanged.connect(lambda _i: language.apply(self.chosen_language()))
        self.name_kk = QLineEdit(current.district_name_kk)
        self.name_ru = QLineEdit(current.district_name_ru)
        self.kato = QLineEdit(current.district_kato)
        self.villages = EditableTable(VILLAGE_HEADERS, movable=True)
        self.villages.set_rows(village_values(settings.villages()))
        self.labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for label, widget in zip(self.labels, (self.language, self.name_kk, self.name_ru, self.kato, self.villages)):
            form.addRow(label, widget)
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
            administrator.addRow(label, widget)
            administrator.addRow("", self.errors[name])
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(who)
        layout.addWidget(self.administrator)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def _show_administrator(self, shown: bool) -> None:
        self.administrator.setVisible(shown)
        self._fit()

    def _fit(self) -> None:
        """Taller as fields and messages appear, rather than the villages' list squeezed (adjustSize
        would stop at two thirds of a laptop's screen)."""
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def chosen_language(self) -> str:
        return self.language.currentData()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Welcome to Auyl Office"))
        self.intro.setText(tr("Check the district this office serves and its villages. "
                              "All of it can be changed later in Settings."))
        for label, text in zip(self.labels, (N_("Interface language"), N_("District name (Kazakh)"),
                                             N_("District name (Russian)"), N_("District KATO code"),
                                             N_("Villages"))):
            label.setText(tr(text))
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
        for label in self.errors.values():
            label.hide()
        self.error.setText("")
        several = self.several.isChecked()

        def save() -> None:
            if several:
                same_twice(self.password.text(), self.repeat.text())
            settings.save_district(
                {"district_name_kk": self.name_kk.text(), "district_name_ru": self.name_ru.text(),
                 "district_kato": self.kato.text(), "setup_completed": True},
                villages=villages_from(self.villages))
            if several:  # refused, the district stays saved; given up, Settings → Users turns sign-in on later
                users.turn_sign_in_on(self.login.text(), self.full_name.text(), self.password.text())

        # Before the window opens nothing lists the settings: nothing to announce. What was typed stays.
        if ServiceCall(self, save, handlers={ValidationError: self._show_invalid}).ok:
            super().accept()

    def _show_invalid(self, error: ValidationError) -> None:
        label = self.errors.get(error.field or "", self.error)
        label.setText(error.message())
        label.show()
        self._fit()
        if error.field in self.inputs:
            self.inputs[error.field].setFocus()
