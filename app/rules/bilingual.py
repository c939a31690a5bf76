"""Names from the district's lists written in both languages at once: «Кеңес (совет)» is «Кеңес» in
Kazakh and «совет» in Russian (and English, which the lists have no words for). Meeting kinds, event
kinds and issue categories are written this way (docs/domain.md)."""

from __future__ import annotations

import re

_BOTH = re.compile(r"\s*(.+?)\s*\(\s*(.+?)\s*\)\s*")


def name_in(name: str, lang: str) -> str:
    """The part of ``name`` in ``lang``; a name without a bracketed translation stays as it is."""
    match = _BOTH.fullmatch(name or "")
    if not match:
        return (name or "").strip()
    return match.group(1) if lang == "kk" else match.group(2)


def title_in(name: str, lang: str) -> str:
    """The part in ``lang`` with a capital letter, as a report's row names it: «Дороги» for «Жолдар (дороги)»."""
    part = name_in(name, lang)
    return part[:1].upper() + part[1:]
