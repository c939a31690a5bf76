"""The workbooks' print set-up, read back with openpyxl: A4 fitted to the page's width, landscape when
wide, the header row repeated on every page, and the program as the author."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from app.i18n import translate
from app.reports.workbook import Book


def test_every_sheet_prints_fitted_to_width_with_its_header_repeated(tmp_path):
    book = Book("ru")
    summary = book.summary("Summary", "Отчёт", "Жарлыозекский сельский округ", "Период", date(2026, 1, 1),
                           date(2026, 3, 31), widths=(40, 14))
    summary.append([])
    book.header(summary, ("Kind", "Received"), (40, 14))
    for n in range(80):
        book.put(summary, [f"вид {n}", n])
    wide = book.sheet("Grants", ("Donor", "Title", "Amount", "Received", "Spent", "Balance", "Currency"),
                      (30, 40, 16, 16, 16, 16, 10))
    for n in range(200):
        book.put(wide, ["Донор", f"Грант {n}", 1000, 500, 400, 100, "KZT"], money=(3, 4, 5, 6))
    path = book.save(tmp_path / "report.xlsx")

    read = load_workbook(path)
    assert read.properties.creator == "Auyl Office"
    first, second = read.worksheets
    for ws in (first, second):
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.print_options.horizontalCentered
    assert first.page_setup.orientation == "portrait"
    assert second.page_setup.orientation == "landscape"
    # The summary's table header is its 8th row, after the title, district, period and dates.
    assert first.print_title_rows == "$8:$8"
    assert first.cell(row=8, column=1).value == translate("Kind", "ru")
    assert second.print_title_rows == "$1:$1"
