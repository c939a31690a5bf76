"""The one translation mechanism for the window, the command line and the reports.

Messages are written in English in the code, marked with ``tr("...")`` (translated now) or
``N_("...")`` (marked for the catalogue, translated later). Each language has one JSON catalogue in
``resources/i18n``; ``en.json`` is the master list of every message. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import locale
import os
from datetime import date, datetime
from functools import cache

from app.paths import I18N_DIR

LANGUAGES = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "kk"  # Kazakh is the state language (docs/domain.md, Language).

_current = DEFAULT_LANGUAGE
# Messages asked for but absent from a catalogue; tests read it to catch untranslated UI.
missing: set[tuple[str, str]] = set()


@cache
def catalogue(lang: str) -> dict[str, str]:
    path = I18N_DIR / f"{lang}.json"
    with open(path, encoding="utf-8") as f:
        return json.load(f)


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


def translate(msgid: str, lang: str, **params) -> str:
    text = catalogue(lang).get(msgid)
    if text is None:
        missing.add((lang, msgid))
        text = msgid
    return text.format(**params) if params else text


def tr(msgid: str, /, **params) -> str:
    """``msgid`` in the current interface language, with ``{name}`` fields filled from params."""
    return translate(msgid, _current, **params)


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
