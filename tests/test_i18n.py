"""The catalogues keep step with the code: every marked message is translated, keeps its fields, and
no catalogue holds messages the code no longer uses."""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app import i18n
from app.i18n_extract import extract

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "kk", "ru")
TRANSLATED = ("kk", "ru")

# printf-style fields of the argparse messages: %s, %r, %d, %(name)s; %% is a literal percent.
# Flags and widths are left out on purpose, so that prose such as "this % of votes" is not a field.
PERCENT_FIELD = re.compile(r"%(?:\(\w+\))?[sdr]|%%")
WORD = re.compile(r"[^\W\d_]+")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def found() -> dict[str, list[str]]:
    return extract(ROOT)


@pytest.fixture(scope="module")
def catalogues() -> dict[str, dict[str, str]]:
    result = {}
    for lang in LANGS:
        with open(ROOT / "resources" / "i18n" / f"{lang}.json", encoding="utf-8") as f:
            result[lang] = json.load(f)
    return result


def fields(text: str) -> set[str]:
    """The ``{field}`` and printf-style fields of a message, as written (``{name}``, ``%(name)s``)."""
    result = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            result.add("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    result.update(match for match in PERCENT_FIELD.findall(text) if match != "%%")
    return result


def test_extract_finds_messages_with_their_places(found):
    assert found, "no messages found in app/"
    for msgid, places in found.items():
        assert places, msgid
        for place in places:
            path, _, line = place.rpartition(":")
            assert (ROOT / path).is_file() and int(line) > 0, place
    # A few known kinds of marking: tr(), N_(), a domain error and InvalidIin.
    assert "show this help message and exit" in found
    assert "An IIN has 12 digits." in found
    assert any(place.startswith("app/rules/iin.py:") for place in found["An IIN has 12 digits."])


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
        'print("not a message")\n',
        encoding="utf-8")
    result = extract(tmp_path)
    assert set(result) == {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine joined", "ten"}
    assert result["one"] == ["app/pkg/sample.py:2"]
    assert result["ten"] == ["app/pkg/sample.py:13"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_in_the_catalogue(found, catalogues, lang):
    missing = {msgid: places for msgid, places in found.items() if msgid not in catalogues[lang]}
    assert not missing, f"{lang}.json lacks {len(missing)} message(s) (run python -m app.i18n_extract):\n" + "\n".join(
        f"  {json.dumps(msgid, ensure_ascii=False)}  ({', '.join(places)})" for msgid, places in missing.items())


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_fields(catalogues, lang):
    wrong = []
    for msgid, text in catalogues[lang].items():
        try:
            expected, actual = fields(msgid), fields(text)
        except ValueError as error:  # an unbalanced brace
            wrong.append(f"  {json.dumps(msgid, ensure_ascii=False)}: {error}")
            continue
        if expected != actual:
            wrong.append(f"  {json.dumps(msgid, ensure_ascii=False)}: expected {sorted(expected)}, "
                         f"{lang} has {sorted(actual)}")
    assert not wrong, f"{lang}.json changes the fields of {len(wrong)} message(s):\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGS)
def test_no_unused_messages(found, catalogues, lang):
    unused = sorted(set(catalogues[lang]) - set(found))
    assert not unused, (f"{lang}.json holds {len(unused)} message(s) the code no longer uses "
                        "(run python -m app.i18n_extract):\n"
                        + "\n".join(f"  {json.dumps(m, ensure_ascii=False)}" for m in unused))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_are_written_out(catalogues, lang):
    """Not empty; one menu accelerator where the English has one; no Latin letters inside a
    Cyrillic word (a Latin «i» typed for «і» would break search and look wrong in print)."""
    wrong = []
    for msgid, text in catalogues[lang].items():
        if not text.strip():
            wrong.append(f"  {msgid!r}: empty")
        if ("&" in msgid) != ("&" in text) or text.count("&") > 1:
            wrong.append(f"  {msgid!r}: accelerator «&» in {text!r}")
        for word in WORD.findall(text):
            if CYRILLIC.search(word) and LATIN.search(word):
                wrong.append(f"  {msgid!r}: mixed letters in {word!r}")
    assert not wrong, f"{lang}.json:\n" + "\n".join(wrong)


def test_kazakh_uses_kazakh_letters(catalogues):
    text = " ".join(catalogues["kk"].values())
    assert set("әғқңөұүі") <= set(text.lower())


def test_format_date_long():
    day = date(2026, 3, 14)
    assert i18n.format_date_long(day, "kk") == "2026 жылғы 14 наурыз"
    assert i18n.format_date_long(day, "ru") == "14 марта 2026 года"
    assert i18n.format_date_long(day, "en") == "14 March 2026"


def test_translations_format_with_their_fields(catalogues):
    """Every ``{field}`` message formats in every language with the values its msgid takes."""
    for lang in LANGS:
        for msgid in catalogues[lang]:
            names = {name for _l, name, _s, _c in string.Formatter().parse(msgid) if name}
            if not names:
                continue
            params = {name: f"<{name}>" for name in names}
            text = i18n.translate(msgid, lang, **params)
            assert all(value in text for value in params.values()), (lang, msgid, text)


def test_extract_check_is_clean():
    result = subprocess.run([sys.executable, "-m", "app.i18n_extract", "--check"], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
