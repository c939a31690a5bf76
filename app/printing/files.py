"""What every printed document checks the same way: its language, and the print of a period report
(issues, events, grants, activity) to a PDF or an .xlsx workbook, chosen by the file's extension.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from app.errors import ValidationError
from app.i18n import LANGUAGES

PERIOD_FORMATS = (".pdf", ".xlsx")


def report_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValidationError("Choose the language of the document: kk, ru or en.", field="lang")
    return lang


def print_period_report(report, data: Callable[[], object], path: str | os.PathLike) -> Path:
    """Writes ``data()`` with the report module's ``render_xlsx`` for an .xlsx file, else its
    ``render_pdf``; a file of another kind is refused before anything is gathered."""
    suffix = Path(path).suffix.lower()
    if suffix not in PERIOD_FORMATS:
        raise ValidationError("Write the report to a .pdf or .xlsx file, not {name}.", field="file",
                              name=Path(path).name)
    return (report.render_xlsx if suffix == ".xlsx" else report.render_pdf)(data(), path)
