"""The log file in the user's log folder. It never holds personal data: the engine hides SQL
parameters, services log ids rather than names, and this filter masks anything that looks like an
IIN or a phone number as a last guard."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.paths import log_dir

_NUMBERS = re.compile(r"(?<!\d)(?:\+?\d[\d ()\-]{8,}\d)(?!\d)")


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _NUMBERS.sub("[number]", message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info or record.exc_text:
            # Another handler may have formatted the traceback already: mask whatever is there.
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text = _NUMBERS.sub("[number]", text)
        return True


def log_file() -> Path:
    return log_dir() / "auyl.log"


def setup(level: int = logging.INFO) -> Path:
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not isinstance(h, RotatingFileHandler)]
    root.addHandler(handler)
    root.setLevel(level)
    return path
