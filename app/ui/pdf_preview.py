"""The print preview: a written PDF report shown inside the program, page by page, with printing to a
printer, saving a copy and opening it in the system's PDF program where there is one.

Qt's own PDF module ships only in the large PySide6-Addons wheel, so PDFium (pypdfium2) draws the pages
as images, for the screen and for the printer alike. PDFium is not thread-safe: all of it runs on the UI
thread, a page at a time."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSizeF, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import ptr, tr

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
FIT_WIDTH = 0.0  # the zoom choice that follows the window's width
# Pages go to the printer as images; above 300 dpi text looks no sharper on paper, while an A4 page's
# image grows fourfold with each doubling (about 35 MB at 300 dpi, 140 MB at 600).
PRINT_DPI_MOST = 300
PAGE_GAP = 12


def system_viewer() -> bool:
    """Whether the system has a program that opens PDF files."""
    if sys.platform == "darwin":
        return True  # Preview is part of macOS
    if sys.platform == "win32":
        import ctypes

        size = ctypes.c_ulong(0)
        # ASSOCSTR_EXECUTABLE of .pdf's "open" verb: S_FALSE (1) with the size when there is one.
        found = ctypes.windll.shlwapi.AssocQueryStringW(0, 2, ".pdf", "open", None, ctypes.byref(size))
        return found in (0, 1) and size.value > 0
    if not shutil.which("xdg-mime"):
        return False
    try:
        answer = subprocess.run(["xdg-mime", "query", "default", "application/pdf"], capture_output=True,
                                text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(answer.stdout.strip())


def page_image(page, scale: float) -> QImage:
    """The page drawn at ``scale`` pixels per point, on white."""
    bitmap = page.render(scale=scale, prefer_bgrx=True)
    # BGRx bytes are Qt's RGB32 on the little-endian machines we run on.
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32)
    return image.copy()  # detached from PDFium's buffer, which goes with the bitmap


class PdfPreview(QDialog):
    """A written PDF report, shown."""

    def __init__(self, path: str | Path, parent: QWidget | None = None):
        import pypdfium2

        # Read before the window is made, so a file that cannot be shown leaves no hidden window behind.
        data = Path(path).read_bytes()  # read once: the file stays free to be moved or opened elsewhere
        document = pypdfium2.PdfDocument(data)
        sizes = [document[index].get_size() for index in range(len(document))]
        if not sizes:  # nothing to show or print
            document.close()
            raise pypdfium2.PdfiumError("The document has no pages.")
        super().__init__(parent)
        self.path, self.data, self.document, self.sizes = Path(path), data, document, sizes
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.zoom = FIT_WIDTH
        self.drawn: dict[int, float] = {}  # page index: the scale its label's picture was drawn at

        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_pages)
        self.print_button.setDefault(True)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_as)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_elsewhere)
        self.open_button.setVisible(system_viewer())
        self.zoom_choice = QComboBox()
        self.zoom_choice.currentIndexChanged.connect(self._zoom_chosen)
        self.previous_button, self.next_button = QToolButton(), QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.page_label = QLabel()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)

        self.pages = []
        sheet = QWidget()
        sheet.setObjectName("previewSheet")
        column = QVBoxLayout(sheet)
        column.setSpacing(PAGE_GAP)
        column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        for _size in self.sizes:
            page = QLabel()
            page.setStyleSheet("background: white; border: 1px solid #999;")
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(page)
        self.scroll = QScrollArea()
        self.scroll.setWidget(sheet)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # Always there, so the page width fitted does not change when the bar appears and brings another.
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setStyleSheet("QScrollArea > QWidget > QWidget#previewSheet { background: #808080; }")
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)

        bar = QHBoxLayout()
        for widget in (self.print_button, self.save_button, self.open_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.previous_button, self.page_label, self.next_button, self.zoom_choice):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        QShortcut(QKeySequence.StandardKey.Print, self, self.print_pages)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self._zoom_step(1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self._zoom_step(-1))
        # Drawing waits for the layout to settle: the first resize and scroll come in a burst.
        self.redraw = QTimer(self, singleShot=True, interval=0, timeout=self._draw_visible)
        self.retranslate()
        self.finished.connect(self.document.close)
        screen = self.screen().availableGeometry()
        self.resize(min(1000, screen.width() - 40), screen.height() - 80)

    # --- texts

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Print preview: {name}", name=self.path.name))
        self.print_button.setText(tr("Print…"))
        self.print_button.setToolTip(QKeySequence(QKeySequence.StandardKey.Print).toString(
            QKeySequence.SequenceFormat.NativeText))
        self.save_button.setText(tr("Save as PDF…"))
        self.open_button.setText(tr("Open in another program"))
        self.previous_button.setToolTip(tr("Previous page"))
        self.next_button.setToolTip(tr("Next page"))
        self.close_button.setText(tr("Close"))
        self.zoom_choice.blockSignals(True)
        chosen = self.zoom_choice.currentIndex()
        self.zoom_choice.clear()
        self.zoom_choice.addItem(tr("Page width"), FIT_WIDTH)
        for zoom in ZOOMS:
            self.zoom_choice.addItem(f"{zoom:.0%}", zoom)
        self.zoom_choice.setCurrentIndex(max(chosen, 0))
        self.zoom_choice.blockSignals(False)
        self._show_page_number()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- showing the pages

    def page_count(self) -> int:
        return len(self.sizes)

    def scale(self) -> float:
        """Screen pixels per point at the chosen zoom."""
        if self.zoom == FIT_WIDTH:
            room = self.scroll.viewport().width() - 2 * PAGE_GAP - 2
            return max(room, 100) / max(width for width, _height in self.sizes)
        return self.zoom * self.logicalDpiX() / 72

    def _lay_out_pages(self) -> None:
        scale = self.scale()
        for page, (width, height) in zip(self.pages, self.sizes, strict=True):
            page.setFixedSize(round(width * scale), round(height * scale))
        self.redraw.start()

    def _draw_visible(self) -> None:
        """Draws the pages in sight and their neighbours at the current scale; forgets the far ones'
        pictures, so a long register does not hold every page's image."""
        self.scroll.widget().layout().activate()  # the pages where the new sizes put them
        self._show_page_number()
        scale = self.scale()
        ratio = self.devicePixelRatioF()
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        margin = self.scroll.viewport().height()
        for index, page in enumerate(self.pages):
            near = page.y() + page.height() >= top - margin and page.y() <= bottom + margin
            if not near:
                if index in self.drawn:
                    page.setPixmap(QPixmap())
                    del self.drawn[index]
                continue
            if self.drawn.get(index) == scale:
                continue
            pixmap = QPixmap.fromImage(page_image(self.document[index], scale * ratio))
            pixmap.setDevicePixelRatio(ratio)
            page.setPixmap(pixmap)
            self.drawn[index] = scale

    def _scrolled(self, _value: int) -> None:
        self._show_page_number()
        self.redraw.start()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._lay_out_pages()

    def showEvent(self, event):
        super().showEvent(event)
        self._lay_out_pages()

    def _zoom_chosen(self, _index: int) -> None:
        self.zoom = self.zoom_choice.currentData()
        page = self.current_page()
        self._lay_out_pages()
        QTimer.singleShot(0, lambda: self.go_to(page))

    def _zoom_step(self, step: int) -> None:
        index = self.zoom_choice.currentIndex()
        if index == 0:  # from the page width to the nearest fixed zoom
            scale = self.scale() * 72 / self.logicalDpiX()
            index = 1 + min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - scale))
        self.zoom_choice.setCurrentIndex(min(max(index + step, 1), len(ZOOMS)))

    def current_page(self) -> int:
        """The page at the middle of the view, from 1."""
        middle = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 2
        for number, page in enumerate(self.pages, start=1):
            if middle <= page.y() + page.height() + PAGE_GAP // 2:
                return number
        return self.page_count()

    def go_to(self, number: int) -> None:
        number = min(max(number, 1), self.page_count())
        self.scroll.verticalScrollBar().setValue(self.pages[number - 1].y() - PAGE_GAP)
        self._show_page_number()

    def _show_page_number(self) -> None:
        number = self.current_page()
        self.page_label.setText(tr("Page {page} of {pages}", page=number, pages=self.page_count()))
        self.previous_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < self.page_count())

    # --- printing, saving, opening elsewhere

    def printer(self) -> QPrinter:
        """A printer set to the report's paper and orientation (the print dialog may change both)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        width, height = self.sizes[0]
        # A standard paper when the report's is one (A4), so the driver finds its tray.
        printer.setPageSize(QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point, "",
                                      QPageSize.SizeMatchPolicy.FuzzyMatch))
        orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
        printer.setPageOrientation(orientation)
        printer.setFullPage(True)  # our PDFs carry their own margins
        printer.setDocName(self.path.stem)
        printer.setFromTo(0, 0)
        return printer

    def print_pages(self) -> None:
        printer = self.printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("Print {name}", name=self.path.name))
        dialog.setMinMax(1, self.page_count())
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def pages_to_print(self, printer: QPrinter) -> range:
        """The page numbers (from 1) the printer was asked for: all, or the range chosen."""
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            return range(printer.fromPage(), min(printer.toPage() or self.page_count(), self.page_count()) + 1)
        return range(1, self.page_count() + 1)

    def print_to(self, printer: QPrinter) -> bool:
        """Draws the pages asked for on ``printer``, each at the printer's resolution (at most
        PRINT_DPI_MOST) and fitted to its paper. False when the printer refused or printing was cancelled."""
        numbers = self.pages_to_print(printer)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, tr("Auyl Office"), tr("The printer cannot be used: check that it is on and "
                                                            "connected, or choose another."))
            return False
        progress = QProgressDialog(tr("Printing…"), ptr("dialog button", "Cancel"), 0, len(numbers), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        scale = min(printer.resolution(), PRINT_DPI_MOST) / 72
        paper = QRectF(painter.viewport())
        try:
            for done, number in enumerate(numbers):
                if progress.wasCanceled():
                    printer.abort()
                    return False
                progress.setValue(done)
                if done:
                    printer.newPage()
                image = page_image(self.document[number - 1], scale)
                fitted = image.size().scaled(paper.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRectF(paper.x() + (paper.width() - fitted.width()) / 2, paper.y(),
                                fitted.width(), fitted.height())
                painter.drawImage(target, image)
                QApplication.processEvents()
        finally:
            painter.end()
            progress.close()
        return True

    def save_as(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(self, tr("Save as PDF…"), self.path.name, "PDF (*.pdf)")
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            Path(target).write_bytes(self.data)
        except OSError:
            QMessageBox.warning(self, tr("Auyl Office"), tr("{path} cannot be written: check the folder and that "
                                                            "the file is not open elsewhere.", path=target))

    def open_elsewhere(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))


def show(parent: QWidget | None, path: str | Path) -> PdfPreview | None:
    """Shows the written report ``path`` in a preview beside the window."""
    import pypdfium2

    try:
        preview = PdfPreview(path, parent)
    except (OSError, pypdfium2.PdfiumError):
        QMessageBox.warning(parent, tr("Auyl Office"), tr("{path} cannot be shown: it is not a PDF file this "
                                                          "program can read.", path=str(path)))
        return None
    preview.show()
    return preview


def offer(parent: QWidget, written: str, question: tuple[str, str] | None = None) -> None:
    """After a report is written: a PDF in the preview; a Word or Excel copy opened in the system's
    program, after asking ``question`` (title, text; translated) when given."""
    if written.lower().endswith(".pdf"):
        show(parent, written)
    elif question is None or QMessageBox.question(parent, *question) == QMessageBox.StandardButton.Yes:
        QDesktopServices.openUrl(QUrl.fromLocalFile(written))
