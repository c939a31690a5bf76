"""The sex a Kazakh or Russian name tells, for lists that have no sex column (docs/domain.md, Language).

A patronymic says it plainly (Серікұлы, Серікқызы, Иванович, Ивановна); a surname of the Russian
pattern nearly always (Мұқанов, Мұқанова). Nothing else is read: a given name or a surname of
another pattern (Ким, Әлі) tells nothing here. A guess is only a guess: whoever uses it asks a
person to confirm it.

Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

# Female endings are tried first, so «-ова» is never read as «-ов» nor «-ина» as «-ин».
PATRONYMIC_ENDINGS = {
    "F": ("қызы", "кызы", "овна", "евна"),
    "M": ("ұлы", "улы", "ович", "евич"),
}
SURNAME_ENDINGS = {
    "F": ("ова", "ева", "ина"),
    "M": ("ов", "ев", "ин"),
}


def _ending_sex(word: str, endings: dict[str, tuple[str, ...]]) -> str | None:
    word = word.strip().casefold().replace("ё", "е")
    for sex in ("F", "M"):
        if word.endswith(endings[sex]):
            return sex
    return None


def sex_from_name(surname: str, patronymic: str = "") -> str | None:
    """"M" or "F" as the patronymic's ending tells, else the surname's; None when neither does."""
    return _ending_sex(patronymic, PATRONYMIC_ENDINGS) or _ending_sex(surname, SURNAME_ENDINGS)
