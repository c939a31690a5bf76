"""What the command line prints is text, never terminal commands.

A name imported from a file may hold escape codes; printed raw, they move the cursor, rewrite
earlier lines, retitle the window or worse. While a command parses and runs (``printable`` wraps
``app.cli.parse`` and ``app.cli.run``), standard output and error drop the C0 and C1 control
characters (and DEL) from whatever is written, keeping newline and tab: every print of every
command goes through ``printable_text``.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable_text(text: str) -> str:
    """``text`` without control characters other than newline and tab."""
    return _CONTROL.sub("", text)


class _PrintableStream:
    """A text stream that passes on only printable text; ``unfiltered`` is the stream behind it."""

    def __init__(self, stream):
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(printable_text(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.unfiltered, name)


@contextmanager
def printable():
    """Standard output and error filtered by ``printable_text`` for the time of a command."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PrintableStream(sys.stdout), _PrintableStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def unfiltered_stderr():
    """Standard error itself, for the progress line: its carriage return is the one control wanted."""
    return getattr(sys.stderr, "unfiltered", sys.stderr)
