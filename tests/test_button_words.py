"""Words that say one thing: a cancel never reads as a refusal, and a person's vote is named in a form
that fits a woman as well as a man."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app import i18n
from app.services import meetings
from app.ui import application, language

Button = QDialogButtonBox.StandardButton


def words(*buttons) -> list[str]:
    box = QDialogButtonBox()
    return [box.addButton(button).text() for button in buttons]


@pytest.fixture
def app():
    application.application()
    yield
    language.apply("en")


@pytest.mark.parametrize(("lang", "cancel", "discard"), [("kk", "Болдырмау", "Сақтамау"),
                                                          ("ru", "Отмена", "Не сохранять"),
                                                          ("en", "Cancel", "Discard")])
def test_qts_cancel_and_discard_are_not_the_word_of_rejecting(app, lang, cancel, discard):
    language.apply(lang)
    assert words(Button.Cancel, Button.Discard) == [cancel, discard]
    assert i18n.ptr("issue action", "Reject") not in (cancel, discard)


def test_qts_own_words_for_other_buttons_stay_after_switching_back_and_forth(app):
    language.apply("ru")
    language.apply("kk")
    assert words(Button.Save, Button.Cancel) == ["Сақтау", "Болдырмау"]


def test_a_persons_vote_reads_the_same_for_a_woman_and_a_man(app):
    language.apply("ru")
    choices = [i18n.tr(label) for label in meetings.CHOICES.values()] + [i18n.tr("did not vote")]
    assert choices == ["за", "против", "воздерж.", "голос не подан"]
