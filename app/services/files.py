"""Reading a file a user attaches (a photo of a pothole, a scanned receipt) into the database:
one size limit and one set of clear refusals for every area."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from app.errors import ValidationError

# Larger files belong in a shared folder, not in every backup of the office's database.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def read_attachment(path: str | Path, limit: int | None = None) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of the file; too big, unreadable or empty files are refused."""
    path = Path(path)
    limit = MAX_ATTACHMENT_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise ValidationError("{name} is {size} MB; an attachment can be at most {limit} MB.", field="file",
                                  name=path.name, size=f"{size / 1024 / 1024:.1f}",
                                  limit=f"{limit / 1024 / 1024:g}")
        content = path.read_bytes()
    except OSError:
        raise ValidationError("{name} cannot be read: check that the file exists and is not open elsewhere.",
                              field="file", name=path.name) from None
    if not content:
        raise ValidationError("{name} is empty.", field="file", name=path.name)
    return path.name, mimetypes.guess_type(path.name)[0] or "application/octet-stream", content
