"""A real PDF of a few lines, as a scanned receipt or appeal would be attached: the preview reads it."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas


def small_pdf(text: str = "receipt", pages: int = 1) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        canvas.drawString(72, 760, f"{text} {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
