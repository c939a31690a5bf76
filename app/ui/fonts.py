"""The shipped font (Noto Sans: every Kazakh letter), so the window never depends on the system's."""

from PySide6.QtGui import QFont, QFontDatabase

from app.paths import FONTS_DIR

FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")


def load() -> QFont:
    family = "Noto Sans"
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(FONTS_DIR / name))
        if font_id >= 0:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    return QFont(family, 10)
