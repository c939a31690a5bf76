"""The one translation mechanism for the window, the command line and the reports.

Messages are written in English in the code and marked where they are written: ``tr("...")``
(translated now), ``ntr(singular, plural, n)`` (a counted message: the form follows the number),
``ptr(context, msgid)`` (one English word with two meanings, each with its own translation),
``nptr`` (both), ``N_("...")`` and ``Counted(...)`` (kept for later, translated where shown).

Each language has a gettext catalogue, ``resources/i18n/<lang>/LC_MESSAGES/auyl.po``, compiled to the
``auyl.mo`` beside it; the program reads only the ``.mo`` files, with the standard library's gettext.
``python -m app.i18n_extract`` keeps them in step with the code (docs/translations.md). Nothing here
imports Qt or Babel.
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache

from app.paths import I18N_DIR

LANGUAGES = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "kk"  # Kazakh is the state language (docs/domain.md, Language).
DOMAIN = "auyl"

_current = DEFAULT_LANGUAGE
# Messages asked for but absent from a catalogue (a message with a context as gettext keys it,
# "context\x04msgid"); tests read it to catch untranslated UI.
missing: set[tuple[str, str]] = set()


def mo_path(lang: str):
    return I18N_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


class _Untranslated(gettext.NullTranslations):
    """Behind every catalogue: answers with the English msgid and notes what was missing."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def gettext(self, message):
        missing.add((self.lang, message))
        return message

    def ngettext(self, msgid1, msgid2, n):
        missing.add((self.lang, msgid1))
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context, message):
        missing.add((self.lang, f"{context}\x04{message}"))
        return message

    def npgettext(self, context, msgid1, msgid2, n):
        missing.add((self.lang, f"{context}\x04{msgid1}"))
        return msgid1 if n == 1 else msgid2


class Catalogue(gettext.GNUTranslations):
    def messages(self) -> dict[str, str]:
        """The plain messages (no plural, no context) with their translations."""
        return {msgid: text for msgid, text in self._catalog.items()
                if isinstance(msgid, str) and msgid and "\x04" not in msgid}


@cache
def translations(lang: str) -> gettext.NullTranslations:
    fallback = _Untranslated(lang)
    try:
        with open(mo_path(lang), "rb") as f:
            found = Catalogue(f)
    except FileNotFoundError:
        return fallback
    found.add_fallback(fallback)
    return found


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Plain msgid -> translation, for code that asks whether a text is a catalogue message."""
    found = translations(lang)
    return found.messages() if isinstance(found, Catalogue) else {}


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def current_language() -> str:
    return _current


def system_language() -> str:
    """The language the user's system asks for, when it is one of ours; else Kazakh."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return _language_of(value)
    try:
        return _language_of(locale.getlocale()[0] or "")
    except ValueError:
        return DEFAULT_LANGUAGE


def _language_of(locale_name: str) -> str:
    code = locale_name.split(":")[0].split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


class Counted(str):
    """A counted message kept for later, as ``N_`` keeps a plain one (an error's message): the
    singular and plural msgids and the name of the parameter that holds the number. As a str it is
    the English plural."""

    def __new__(cls, singular: str, plural: str, count: str = "n"):
        message = super().__new__(cls, plural)
        message.singular, message.plural, message.count = singular, plural, count
        return message


def _filled(text: str, params: dict) -> str:
    return text.format(**params) if params else text


def translate(msgid: str, lang: str, /, **params) -> str:
    if isinstance(msgid, Counted):
        return ntranslate(msgid.singular, msgid.plural, params[msgid.count], lang, **params)
    return _filled(translations(lang).gettext(msgid), params)


def ntranslate(singular: str, plural: str, n: int, lang: str, /, **params) -> str:
    """The form of a counted message that ``n`` takes in ``lang``; ``{n}`` is filled with n
    unless params say otherwise."""
    return translations(lang).ngettext(singular, plural, n).format(**{"n": n, **params})


def ptranslate(context: str, msgid: str, lang: str, /, **params) -> str:
    return _filled(translations(lang).pgettext(context, msgid), params)


def nptranslate(context: str, singular: str, plural: str, n: int, lang: str, /, **params) -> str:
    return translations(lang).npgettext(context, singular, plural, n).format(**{"n": n, **params})


# While a form is built, what it translates is kept (text: how to say it again), so a language switch can
# put its texts in the new language (app/ui/language.py, FollowsLanguage).
_recording: list[dict] = []


def _kept(text: str, again) -> str:
    if _recording:
        _recording[-1][text] = again
    return text


def tr(msgid: str, /, **params) -> str:
    """``msgid`` in the current interface language, with ``{name}`` fields filled from params."""
    return _kept(translate(msgid, _current, **params), lambda: translate(msgid, _current, **params))


def ntr(singular: str, plural: str, n: int, /, **params) -> str:
    """A counted message in the current language: ``ntr("{n} vote", "{n} votes", n)`` gives
    «1 голос», «2 голоса», «5 голосов» in Russian."""
    return _kept(ntranslate(singular, plural, n, _current, **params),
                 lambda: ntranslate(singular, plural, n, _current, **params))


def ptr(context: str, msgid: str, /, **params) -> str:
    """A message whose English has more than one meaning, told apart by ``context``:
    ``ptr("issue action", "Reject")`` and a dialog's Cancel are different words in Kazakh."""
    return _kept(ptranslate(context, msgid, _current, **params),
                 lambda: ptranslate(context, msgid, _current, **params))


def nptr(context: str, singular: str, plural: str, n: int, /, **params) -> str:
    return _kept(nptranslate(context, singular, plural, n, _current, **params),
                 lambda: nptranslate(context, singular, plural, n, _current, **params))


@contextmanager
def recording() -> Iterator[dict]:
    """Keeps what is translated inside: {text: a function that says it in the language current then}."""
    kept: dict = {}
    _recording.append(kept)
    try:
        yield kept
    finally:
        _recording.remove(kept)


def N_(msgid: str) -> str:
    """Marks a message for the catalogue where it is defined; ``tr`` translates it where shown."""
    return msgid


# Month names are grammar, not vocabulary: Kazakh uses the nominative, lowercase
# («2026 жылғы 14 наурыз»), Russian the genitive («14 марта 2026 года») (docs/domain.md, Minutes).
_MONTHS = {
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
           "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня",
           "июля", "августа", "сентября", "октября", "ноября", "декабря"),
    "en": ("January", "February", "March", "April", "May", "June",
           "July", "August", "September", "October", "November", "December"),
}


def format_date_long(d: date, lang: str | None = None) -> str:
    lang = lang or _current
    month = _MONTHS[lang][d.month - 1]
    if lang == "kk":
        return f"{d.year} жылғы {d.day} {month}"
    if lang == "ru":
        return f"{d.day} {month} {d.year} года"
    return f"{d.day} {month} {d.year}"


# Month names standing alone (a calendar's or a report's heading: «Наурыз 2026», «Март 2026»), as
# catalogue messages: the nominative, which differs from the dates' genitive in Russian.
MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
               N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def format_month(d: date, lang: str | None = None) -> str:
    return f"{translate(MONTH_NAMES[d.month - 1], lang or _current)} {d.year}"


def format_number(n: int, lang: str | None = None) -> str:
    """Whole numbers grouped as each language writes them: 12 500 (kk, ru), 12,500 (en)."""
    grouped = f"{n:,}"
    return grouped if (lang or _current) == "en" else grouped.replace(",", "\u00a0")


def format_date(d: date | None) -> str:
    """The short form staff read in lists: 14.03.2026."""
    return d.strftime("%d.%m.%Y") if d else ""


def format_datetime(moment: datetime | None) -> str:
    return moment.strftime("%d.%m.%Y %H:%M") if moment else ""


def local_name(name_kk: str, name_ru: str, lang: str | None = None) -> str:
    """Of a name kept in Kazakh and Russian, the one for this language (English readers get Russian)."""
    return name_kk if (lang or _current) == "kk" else name_ru
