"""A document's content as plain blocks: the text of a paper written once, drawn as a PDF by the
kit's writers and as a Word copy by ``docx_kit`` (docs/architecture.md, Reports layer), so both copies say
the same in the same order.

A ``Group`` is a run of blocks; ``keep_together`` keeps it on one page (a keyword with its first
line, the signatures with the text before them). Styles are names each writer knows: heading, body,
line, indented (a hanging number), keyword, item, right, centered, sheet_title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.reports.kit import Column


@dataclass(frozen=True)
class Text:
    text: str
    style: str = "body"
    lead: str = ""      # words in bold before the text, on its line («ДАУЫС БЕРУ:»)
    bold: bool = False  # the whole text in bold


@dataclass(frozen=True)
class Gap:
    points: float


@dataclass(frozen=True)
class Pair:
    """Two texts on one line: one at the left margin, one at the right (the place and the date)."""

    left: str
    right: str


@dataclass(frozen=True)
class Signatures:
    """Who signs, each with a line to sign on and the full name written out."""

    rows: tuple[tuple[str, str], ...]  # (role, full name)


@dataclass(frozen=True)
class Grid:
    """A table with a header row repeated on every page (a registration sheet)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    font_size: float = 10.0
    row_height: float = 22.0  # room to sign or write by hand


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Group:
    blocks: tuple
    keep_together: bool = False


def group(blocks: Sequence, keep_together: bool = False) -> Group:
    return Group(tuple(blocks), keep_together)
