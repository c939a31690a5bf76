"""The log file in the user's log folder. It never holds personal data: the engine hides SQL
parameters, services log ids rather than names, tracebacks keep where an error happened but not
its message (which may quote a name), and this filter masks anything that looks like an IIN or a
phone number as a last guard."""

from __future__ import annotations

import logging
import os
import re
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.paths import log_dir, private_dir, private_file

_NUMBERS = re.compile(r"(?<!\d)(?:\+?\d[\d ()\-]{8,}\d)(?!\d)")


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _NUMBERS.sub("[number]", message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            # Where it happened and what kind of error, not its message. Set even when another
            # handler formatted the traceback first.
            kind, _error, trace = record.exc_info
            trace_text = _NUMBERS.sub("[number]", "".join(traceback.format_tb(trace)))
            record.exc_text = ("Traceback (most recent call last):\n" + trace_text
                               + f"{kind.__qualname__}: [message withheld: it may quote personal data]")
        elif record.exc_text:
            record.exc_text = _NUMBERS.sub("[number]", record.exc_text)
        return True


class PrivateFileHandler(RotatingFileHandler):
    """Log files readable by their owner only on POSIX: what the log says of the office is nobody
    else's business, even with personal data kept out of it."""

    def _open(self):
        handle = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(handle, self.mode, encoding=self.encoding, errors=self.errors)


def log_file() -> Path:
    return log_dir() / "auyl.log"


def setup(level: int = logging.INFO) -> Path:
    path = log_file()
    private_dir(path.parent)
    private_file(path)  # one an earlier version made readable by all is tightened
    handler = PrivateFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not isinstance(h, RotatingFileHandler)]
    root.addHandler(handler)
    root.setLevel(level)
    return path
