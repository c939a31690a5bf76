"""Plain tables to files staff open in Excel: .csv (UTF-8 with BOM, so Excel reads the Kazakh
letters right) or .xlsx, chosen by the file's extension. Text a spreadsheet would run as a formula
is written behind a single quote in a .csv (app/rules/formulas.py) and as text in a .xlsx."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.reports.workbook import text_kept
from app.rules.formulas import neutral

FORMATS = (".csv", ".xlsx")


def write_table(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Writes one header line and a line per row; returns the number of rows written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(suffix)
    count = 0
    if suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([neutral(header) for header in headers])
            for row in rows:
                writer.writerow(["" if value is None else neutral(value) if isinstance(value, str) else value
                                 for value in row])
                count += 1
        return count
    from openpyxl import Workbook  # loaded on first use: it costs start-up time

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(text_kept(sheet, headers))
    for row in rows:
        sheet.append(text_kept(sheet, row))
        count += 1
    book.save(path)
    return count
