"""The first start of the window: the district, its villages and the interface language,
prefilled with Zharlyozek (DOMAIN.md), asked before the office is shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from app import i18n
from app.errors import ValidationError
from app.i18n import N_, tr
from app.services import settings
from app.ui import language
from app.ui.editable_table import EditableTable
from app.ui.pages.settings import VILLAGE_HEADERS, village_values, villages_from


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
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

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
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Start work"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def accept(self) -> None:
        try:
            settings.save_district(
                {"district_name_kk": self.name_kk.text(), "district_name_ru": self.name_ru.text(),
                 "district_kato": self.kato.text(), "setup_completed": True},
                villages=villages_from(self.villages))
        except ValidationError as error:
            self.error.setText(error.message())  # what was typed stays in the form
            return
        super().accept()
