"""The catalogues keep step with the code: every marked message is translated (not just guessed, as
``#, fuzzy`` marks), keeps its fields, has its plural forms and contexts, and the compiled ``.mo``
files the program reads are the ``.po`` files as they are."""

from __future__ import annotations

import gettext
import re
import shutil
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from app import i18n
from app import i18n_extract as tool
from app.errors import ValidationError

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "kk", "ru")
TRANSLATED = ("kk", "ru")
RU_PLURAL_FORMS = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                   "(n%100<10 || n%100>=20) ? 1 : 2);")

# printf-style fields of the argparse messages: %s, %r, %d, %(name)s; %% is a literal percent.
# Flags and widths are left out on purpose, so that prose such as "this % of votes" is not a field.
PERCENT_FIELD = re.compile(r"%(?:\(\w+\))?[sdr]|%%")
WORD = re.compile(r"[^\W\d_]+")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def found():
    """The messages in the code, as Babel's catalogue of them."""
    return tool.extract(ROOT)


@pytest.fixture(scope="module")
def catalogues():
    return {lang: tool.read_catalogue(ROOT, lang) for lang in LANGS}


def messages(catalog) -> list:
    return list(catalog)[1:]  # the first is the header


def forms(message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def ids(message) -> tuple[str, ...]:
    return tuple(message.id) if message.pluralizable else (message.id,)


def shown(message) -> str:
    return (f"[{message.context}] " if message.context else "") + repr(ids(message)[0])


def fields(text: str) -> set[str]:
    """The ``{field}`` and printf-style fields of a message, as written (``{name}``, ``%(name)s``)."""
    result = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            result.add("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    result.update(match for match in PERCENT_FIELD.findall(text) if match != "%%")
    return result


def test_extract_finds_messages_with_their_places(found):
    assert len(found) > 1000
    for message in messages(found):
        assert message.locations, message.id
        for path, line in message.locations:
            assert (ROOT / path).is_file() and line > 0, (path, line)
    # A few known kinds of marking: tr(), N_(), a domain error and InvalidIin, ntr(), ptr().
    assert found.get("show this help message and exit")
    iin = found.get("An IIN has 12 digits.")
    assert any(path == "app/rules/iin.py" for path, _line in iin.locations)
    assert found.get(("{room}, {n} place", "{room}, {n} places"))
    assert found.get("Reject", context="issue action")


def test_extract_reads_every_kind_of_marking(tmp_path):
    source = tmp_path / "app" / "pkg" / "sample.py"
    source.parent.mkdir(parents=True)
    source.write_text(
        'from app import i18n\n'
        'tr("one")\n'
        'N_("two")\n'
        'translate("three", "kk")\n'
        'i18n.tr("four", n=1)\n'
        'raise ValidationError("five", field="x")\n'
        'raise NotFound("six")\n'
        'raise DatabaseError("seven")\n'
        'raise InvalidIin("eight")\n'
        'raise DomainError("nine " "joined")\n'
        'class Special(DomainError):\n'
        '    def __init__(self):\n'
        '        super().__init__("ten")\n'
        'raise Special()\n'
        'tr(name)\n'
        'tr(f"{name}")\n'
        'print("not a message")\n'
        '# Translators: a button of a dialog\n'
        'ptr("dialog button", "Cancel")\n'
        'ntr("{n} vote", "{n} votes", n)\n'
        'nptr("hall", "{n} seat", "{n} seats", n)\n'
        'raise ValidationError(Counted("{count} person", "{count} people", "count"), count=2)\n'
        'raise NotFound(msgid="by keyword")\n',
        encoding="utf-8")
    result = {(m.context, m.id): m for m in messages(tool.extract(tmp_path))}
    assert set(result) == {(None, msgid) for msgid in (
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine joined", "ten", "by keyword",
        ("{n} vote", "{n} votes"), ("{count} person", "{count} people"))} | {
        ("dialog button", "Cancel"), ("hall", ("{n} seat", "{n} seats"))}
    assert result[None, "one"].locations == [("app/pkg/sample.py", 2)]
    assert result[None, "ten"].locations == [("app/pkg/sample.py", 13)]
    assert result["dialog button", "Cancel"].auto_comments == ["Translators: a button of a dialog"]
    assert result[None, ("{n} vote", "{n} votes")].auto_comments == []


def test_plural_forms_headers(catalogues):
    assert catalogues["ru"].plural_forms == RU_PLURAL_FORMS
    assert catalogues["kk"].plural_forms == get_plural("kk").plural_forms
    assert catalogues["en"].num_plurals == 2
    for lang in LANGS:  # what the program reads, not only what the .po says
        with open(i18n.mo_path(lang), "rb") as f:
            assert gettext.GNUTranslations(f).info()["plural-forms"] == catalogues[lang].plural_forms


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated(found, catalogues, lang):
    """Fails while any message lacks a translation, or has only a guess kept from an older wording."""
    present = {(m.context, m.id): m for m in messages(catalogues[lang])}
    lacking = []
    for message in messages(found):
        entry = present.get((message.context, message.id))
        if entry is None or entry.fuzzy or not all(text.strip() for text in forms(entry)):
            state = "missing" if entry is None else "fuzzy" if entry.fuzzy else "untranslated"
            lacking.append(f"  {shown(message)} {state} ({tool._places(message)})")
    assert not lacking, (f"{lang}/auyl.po lacks {len(lacking)} translation(s) (run python -m app.i18n_extract, "
                         "translate, then python -m app.i18n_extract compile):\n" + "\n".join(lacking))


@pytest.mark.parametrize("lang", LANGS)
def test_no_unused_messages(found, catalogues, lang):
    wanted = {(m.context, m.id) for m in messages(found)}
    unused = sorted(shown(m) for m in messages(catalogues[lang]) if (m.context, m.id) not in wanted)
    assert not unused, (f"{lang}/auyl.po holds {len(unused)} message(s) the code no longer uses "
                        "(run python -m app.i18n_extract):\n" + "\n".join(f"  {m}" for m in unused))


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_fields(catalogues, lang):
    wrong = []
    for message in messages(catalogues[lang]):
        try:
            expected = [fields(msgid) for msgid in ids(message)]
            actual = [fields(text) for text in forms(message)]
        except ValueError as error:  # an unbalanced brace
            wrong.append(f"  {shown(message)}: {error}")
            continue
        if any(fields_ != expected[-1] for fields_ in expected + actual):
            wrong.append(f"  {shown(message)}: expected {sorted(expected[-1])}, {lang} has {actual}")
    assert not wrong, f"{lang}/auyl.po changes the fields of {len(wrong)} message(s):\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_are_written_out(catalogues, lang):
    """One menu accelerator where the English has one; no Latin letters inside a Cyrillic word (a
    Latin «i» typed for «і» would break search and look wrong in print)."""
    wrong = []
    for message in messages(catalogues[lang]):
        for text in forms(message):
            if ("&" in ids(message)[0]) != ("&" in text) or text.count("&") > 1:
                wrong.append(f"  {shown(message)}: accelerator «&» in {text!r}")
            for word in WORD.findall(text):
                if CYRILLIC.search(word) and LATIN.search(word):
                    wrong.append(f"  {shown(message)}: mixed letters in {word!r}")
    assert not wrong, f"{lang}/auyl.po:\n" + "\n".join(wrong)


def test_kazakh_uses_kazakh_letters(catalogues):
    text = " ".join(text for message in messages(catalogues["kk"]) for text in forms(message))
    assert set("әғқңөұүі") <= set(text.lower())


def test_translations_format_with_their_fields(catalogues):
    """Every ``{field}`` message formats in every language with the values its msgid takes."""
    for lang in LANGS:
        for message in messages(catalogues[lang]):
            names = {name for _l, name, _s, _c in string.Formatter().parse(ids(message)[0]) if name}
            if not names:
                continue
            params = {name: f"<{name}>" for name in names}
            for n in (1, 2, 5):
                if message.pluralizable and message.context:
                    text = i18n.nptranslate(message.context, *message.id, n, lang, **params)
                elif message.pluralizable:
                    text = i18n.ntranslate(*message.id, n, lang, **params)
                elif message.context:
                    text = i18n.ptranslate(message.context, message.id, lang, **params)
                else:
                    text = i18n.translate(message.id, lang, **params)
                assert all(value in text for value in params.values()), (lang, message.id, text)


# The tally's refusal when more votes are recorded than people present (app/services/meetings/tally.py).
TOO_MANY_VOTES = i18n.Counted(
    "Item {n} has {votes} vote recorded, more than the {present} people who would be present: correct its vote first.",
    "Item {n} has {votes} votes recorded, more than the {present} people who would be present: correct its vote "
    "first.", "votes")


def test_russian_counts_take_their_plural_form(found):
    message = found.get((TOO_MANY_VOTES.singular, TOO_MANY_VOTES.plural))
    assert ("app/services/meetings/tally.py", message.locations[0][1]) in message.locations
    shown = {n: ValidationError(TOO_MANY_VOTES, n=4, votes=n, present=0).message("ru") for n in (1, 2, 5, 11, 21)}
    assert shown[1].startswith("В пункте 4 записан 1 голос — ")
    assert shown[2].startswith("В пункте 4 записано 2 голоса — ")
    assert shown[5].startswith("В пункте 4 записано 5 голосов — ")
    assert shown[11].startswith("В пункте 4 записано 11 голосов — ")
    assert shown[21].startswith("В пункте 4 записан 21 голос — ")
    assert str(ValidationError(TOO_MANY_VOTES, n=4, votes=1, present=0)).startswith("Item 4 has 1 vote recorded")
    assert str(ValidationError(TOO_MANY_VOTES, n=4, votes=2, present=0)).startswith("Item 4 has 2 votes recorded")
    i18n.set_language("ru")
    try:
        rooms = [i18n.ntr("{room}, {n} place", "{room}, {n} places", n, room="Зал") for n in (21, 3, 12)]
    finally:
        i18n.set_language("en")
    assert rooms == ["Зал, 21 место", "Зал, 3 места", "Зал, 12 мест"]


def test_contexts_tell_apart_words_that_are_one_in_kazakh():
    """A dialog's Cancel and an issue's Reject were both «Бас тарту»: each has its own word now."""
    i18n.missing.clear()
    assert i18n.ptranslate("dialog button", "Cancel", "kk") == "Болдырмау"
    assert i18n.ptranslate("issue action", "Reject", "kk") == "Бас тарту"
    assert i18n.ptranslate("dialog button", "Cancel", "ru") == "Отмена"
    assert i18n.ptranslate("issue action", "Reject", "en") == "Reject"
    assert not i18n.missing
    assert i18n.ptranslate("no such context", "Reject", "kk") == "Reject"
    assert i18n.missing == {("kk", "no such context\x04Reject")}
    i18n.missing.clear()


def test_committed_mo_files_are_the_po_files_compiled(catalogues):
    for lang in LANGS:
        with open(i18n.mo_path(lang), "rb") as f:
            committed = gettext.GNUTranslations(f)._catalog
        compiled = tool.compiled_messages(tool.po_path(ROOT, lang).read_bytes(), lang)
        assert committed == compiled, f"{lang}/auyl.mo is out of date: run python -m app.i18n_extract compile"
        assert len(compiled) > len(catalogues[lang])  # the header and every plural form too


def test_a_reworded_message_keeps_its_old_translation_as_fuzzy(tmp_path):
    """pybabel update, over a copy: the old translation stays as a guess the program does not use."""
    shutil.copytree(ROOT / "resources" / "i18n", tmp_path / "resources" / "i18n")
    (tmp_path / "app" / "rules").mkdir(parents=True)
    (tmp_path / "app" / "rules" / "iin.py").write_text(
        'raise InvalidIin("An IIN has twelve digits.")\n', encoding="utf-8")
    tool.extract_template(tmp_path)
    tool.update_catalogues(tmp_path)
    russian = tool.read_catalogue(tmp_path, "ru")
    reworded = russian.get("An IIN has twelve digits.")
    old = tool.read_catalogue(ROOT, "ru").get("An IIN has 12 digits.")
    assert reworded.fuzzy and reworded.string == old.string
    assert russian.get("An IIN has 12 digits.") is None  # the code no longer uses it
    english = tool.read_catalogue(tmp_path, "en").get("An IIN has twelve digits.")
    assert not english.fuzzy and english.string == "An IIN has twelve digits."
    tool.compile_catalogues(tmp_path)
    with open(tmp_path / "resources/i18n/ru/LC_MESSAGES/auyl.mo", "rb") as f:
        assert "An IIN has twelve digits." not in gettext.GNUTranslations(f)._catalog  # a guess is not shown


def test_format_date_long():
    day = date(2026, 3, 14)
    assert i18n.format_date_long(day, "kk") == "2026 жылғы 14 наурыз"
    assert i18n.format_date_long(day, "ru") == "14 марта 2026 года"
    assert i18n.format_date_long(day, "en") == "14 March 2026"


def test_extract_check_is_clean():
    result = subprocess.run([sys.executable, "-m", "app.i18n_extract", "check"], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
