"""Search folding: one key for every spelling staff type of a name (docs/domain.md, Language).

Staff write the same person as «Мұқанов», «Муканов», «Mukanov», «Muqanov» or «MUKANOV». A record
stores ``search_key(...)`` of its names in a column; a search folds what was typed with ``fold`` and
looks for it as a substring of that column. The key is for matching only and is never shown, so it
may drop distinctions a reader would keep: what matters is that every spelling reaches it.

How a key is made:

* Case is dropped (``casefold``) and the Kazakh letters fold as docs/domain.md says: ә→а, ғ→г, қ→к,
  ң→н, ө→о, ұ→у, ү→у, һ→х, і→и; Russian ё→е, й→и.
* ы folds to и as well. The Latin alphabets disagree about these sounds (y is ы in passports and
  in the 2018 and 2021 alphabets, й in «Aybek», ı is і in 2021 and и in 2018, i is і or и) and
  people write «Nurlybek» and «Nurlibek» for one name; only a key that merges ы, і, и and й lets
  all of them meet. The price is that «Быков» and «Биков» share a key, which a search can bear.
* ь and ъ are dropped (Latin has nothing for them: «Tatyana», «Vasilev», «Ilin»); э→е
  («Elmira»); я→иа and ю→иу, so «Мария», «Maria», «Mariya» and «Mariia» meet while «Diana» stays
  «диана»; ц→тс and щ→шч, so «Tsoy» and «Shcherbakov» need no extra rule and «Akhmetsafin» is
  not misread as «ц».
* A run of one letter becomes one letter: «Kassymov» (double s is common in Kazakh
  transliteration), «Asset», and the «ии» left by «Mariya», «Dmitriy» or «Жайық».
* Latin is read as the transliterations people meet: passports (ICAO: zh, kh, ts, sh, shch, ch,
  ya/ia, yu/iu, ye), the 2017 apostrophe alphabet (a' g' n' o' u' i' y', s'→ш, c'→ч), the 2018
  accents (á ǵ ń ó ú ı, ý→у), the 2021 letters (ä ğ ñ ö ū ü ş ı İ, q→к, j→ж) and English habits
  (c→к as in «Victor», «Oscar»; x→кс as in «Maxim»; w→у; h→х). Only the 2017 «y = у» is not
  followed: y is read as in the passports.
* In a word that mixes Cyrillic and Latin letters, the Latin ones are look-alikes typed on the
  wrong keyboard layout (a Latin «i» for «і», «c» for «с», «H» for «Н»), read as those Cyrillic
  letters.
* Punctuation and symbols become spaces, apostrophes inside a word are dropped («Il'in»),
  runs of spaces become one and the ends are trimmed. Letters and digits of other scripts are
  kept (digits as ASCII).

A Latin digraph only folds once both letters are typed: «Sh» is still «сх» until the «y» of
«Shynar» follows, so an incremental search finds nothing for one keystroke.

Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Cyrillic letters that fold (lowercase; input is casefolded first). Letters not listed stay.
_CYRILLIC = {
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ё": "е", "й": "и", "ы": "и", "э": "е", "ь": "", "ъ": "", "я": "иа", "ю": "иу",
    "ц": "тс", "щ": "шч",
    # Ukrainian and Belarusian letters met in names of people from there.
    "є": "е", "ї": "и", "ґ": "г", "ў": "у",
}

# Latin letters after casefolding; accented ones not listed lose their accent first (é→e, ñ→n).
_LATIN = {
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "у", "x": "кс", "y": "и", "z": "з",
    # Letters whose accent changes the sound (so they may not lose it) or that have no base letter.
    "ş": "ш", "ç": "ч", "ý": "у", "ı": "и", "ə": "а", "ŋ": "н", "ß": "с", "æ": "а", "ø": "о",
}

# Latin pairs read as one Cyrillic letter (checked before single letters, left to right).
_DIGRAPHS = {
    "sh": "ш", "ch": "ч", "zh": "ж", "kh": "х", "gh": "г", "ye": "е", "yo": "е",
}

# In a word that also has Cyrillic letters, a Latin letter is a look-alike of a Cyrillic one.
_LOOKALIKES = {
    "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "i": "і", "k": "к", "m": "м", "o": "о",
    "p": "р", "t": "т", "x": "х", "y": "у", "ə": "ә",
}

# Apostrophes (and what keyboards give instead of them) inside a word.
_APOSTROPHES = "'’ʼ`´‘ʻ"
# 2017 alphabet: s' is ш and c' is ч; they become the 2021 letters before apostrophes are dropped.
_APOSTROPHE_LETTERS = re.compile(f"([sc])[{_APOSTROPHES}](?=[^\\W_])")
_INNER_APOSTROPHES = re.compile(f"(?<=[^\\W_])[{_APOSTROPHES}]+(?=[^\\W_])")
_OUTER_APOSTROPHES = re.compile(f"[{_APOSTROPHES}]+")
_WORD = re.compile(r"[^\W_]+")
# One letter for each run of the same letter («касссым» → «касым»); digits are kept as they are.
_RUN = re.compile(r"([^\W\d_])\1+")
_DIGRAPH = re.compile("|".join(_DIGRAPHS))
_TABLE = str.maketrans({**_CYRILLIC, **_LATIN})
# What the table leaves needing no further look: the letters of a key, ASCII digits, punctuation.
_PLAIN = re.compile(r"[а-яё0-9\s!-/:-@\[-`{-~«»№—–…]*")
_CYRILLIC_LETTER = re.compile("[\u0400-\u052f]")
_LATIN_LETTER = re.compile("[a-z" + "".join(ch for ch in _LATIN if not ch.isascii()) + "\u00c0-\u024f]")


@functools.lru_cache(maxsize=65536)  # names repeat: an import folds the same few thousand again and again
def fold(text: str) -> str:
    """The search key of ``text``: lowercase, Kazakh letters folded, Latin read as Cyrillic.

    Different spellings of a name give the same key, and ``fold(fold(x)) == fold(x)``, so a key
    may be folded again (a search for a stored key finds it).
    """
    if text.isascii() and text.isdigit():
        return text  # a number (an IIN): its own key, and an import or the demo folds thousands
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    if not text.isascii():
        # Combining marks left over (the dot of a casefolded «İ», an accent typed separately)
        # would split a word.
        if any(map(unicodedata.combining, text)):
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
        if _LATIN_LETTER.search(text) and _CYRILLIC_LETTER.search(text):
            text = _WORD.sub(_read_lookalikes, text)
    text = _APOSTROPHE_LETTERS.sub(lambda m: "ş" if m.group(1) == "s" else "ç", text)
    text = _INNER_APOSTROPHES.sub("", text)
    text = _OUTER_APOSTROPHES.sub(" ", text)  # «ʼ» counts as a letter for \w; here it is not one
    text = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group()], text)
    text = text.translate(_TABLE)
    if not _PLAIN.fullmatch(text):
        text = "".join(map(_fold_letter, text))
    return " ".join(_RUN.sub(r"\1", word) for word in _WORD.findall(text))


def search_key(*parts: str | None) -> str:
    """What a record stores in its folded search column: each part folded, joined by one space.

    Empty and missing parts (a member without a patronymic) are left out.
    """
    return " ".join(key for key in (fold(part) for part in parts if part) if key)


def _read_lookalikes(match: re.Match) -> str:
    """A word with Cyrillic and Latin letters, with the Latin look-alikes made Cyrillic."""
    word = match.group()
    if not (_LATIN_LETTER.search(word) and _CYRILLIC_LETTER.search(word)):
        return word
    return "".join(_LOOKALIKES.get(ch, ch) for ch in word)


def _fold_letter(ch: str) -> str:
    if ch in _CYRILLIC:
        return _CYRILLIC[ch]
    if ch in _LATIN:
        return _LATIN[ch]
    if ch.isdecimal():
        return str(unicodedata.decimal(ch))
    plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if plain == ch:
        return ch
    # é→e→е, ñ→n→н, ӣ→и; a compatibility form such as «ﬁ» gives several letters.
    return "".join(_fold_letter(c) if c != ch else c for c in plain.casefold())


# Alphabetical order on papers follows each language's alphabet (docs/domain.md, Language), not the
# search key, which files «Ысқақов» among the И names.
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RUSSIAN_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# In a Russian list a Kazakh letter sorts as the Russian letter it is read as, just after it.
_RUSSIAN_READING = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
_RANKS = {"kk": {ch: index for index, ch in enumerate(KAZAKH_ALPHABET)},
          "ru": {ch: index for index, ch in enumerate(RUSSIAN_ALPHABET)}}


def sort_key(text: str, lang: str) -> tuple:
    """A key that orders names by ``lang``'s alphabet: Kazakh «… Ш Щ Ъ Ы І Ь Э Ю Я» (so «Ысқақов»
    after «Шәріпов»), Russian for ru (and en). Case is ignored; spaces and punctuation come before any
    letter, digits before letters, other scripts (Latin) after Cyrillic in code-point order."""
    ranks = _RANKS["kk" if lang == "kk" else "ru"]
    primary, secondary = [], []
    for ch in unicodedata.normalize("NFC", text).casefold():
        if ch in ranks:
            primary.append(ranks[ch] + 2)
            secondary.append(0)
        elif ch in _RUSSIAN_READING and lang != "kk":
            primary.append(ranks[_RUSSIAN_READING[ch]] + 2)
            secondary.append(1)
        elif ch.isalpha():
            primary.append(len(ranks) + 2 + ord(ch))
            secondary.append(0)
        else:
            primary.append(1 if ch.isdigit() else 0)
            secondary.append(ord(ch))
    return tuple(primary), tuple(secondary), text
