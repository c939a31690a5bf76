"""Files a user attaches (a photo of a pothole, a scanned receipt), kept in the database: one size
limit and one set of clear refusals for every area, and the one way such a file comes back out.

A stored file name is only a label: it may have come from another computer, an older program or a
hand-edited database. So it is reduced to a bare name (no folder, no drive, no ``..``) when a file is
read in and again whenever one is written out, and a copy for the system's viewer is written only
inside the attachments folder. Only documents and pictures are handed to the viewer; anything else (a
program, a script, a shortcut) is saved where the user chooses, never opened by the program.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import undefer

from app import paths
from app.db import unit_of_work
from app.errors import NotFound, ValidationError

# Larger files belong in a shared folder, not in every backup of the office's database.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Documents and pictures: what staff attach, and what the system's viewer is trusted with.
VIEWABLE_SUFFIXES = frozenset((".pdf", ".txt", ".rtf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods",
                               ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"))

# What no file name may hold on Windows (also the folder separators), and the device names it reserves.
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_FOLDERS = re.compile(r"[/\\]")
_RESERVED = frozenset(("CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                       *(f"LPT{n}" for n in range(1, 10))))
# In characters: a Kazakh or Russian name takes two bytes a letter, and a file system allows 255 bytes.
_NAME_LIMIT = 120
_UNNAMED = "attachment"


def bare_name(name: str) -> str:
    """``name`` as the name of a file in a folder of the program's choosing: its last part after any
    ``/`` or ``\\``, without what Windows forbids in a name, dots and spaces at its ends, or a device
    name (``CON``, ``NUL`` …) of its own; long names are cut keeping the extension. Never empty."""
    name = _FORBIDDEN.sub("_", _FOLDERS.split(name)[-1]).strip(" .")
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    if len(name) > _NAME_LIMIT:
        suffix = Path(name).suffix[:16]
        name = name[:_NAME_LIMIT - len(suffix)] + suffix
    return name or _UNNAMED


def viewable(name: str) -> bool:
    """Whether a file so named is a document or a picture, for the system's viewer."""
    return Path(bare_name(name)).suffix.lower() in VIEWABLE_SUFFIXES


def read_attachment(path: str | Path, limit: int | None = None) -> tuple[str, str, bytes]:
    """(bare file name, media type, bytes) of the file; too big, unreadable or empty files are refused."""
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
    name = bare_name(path.name)
    return name, mimetypes.guess_type(name)[0] or "application/octet-stream", content


def stored(table, attachment_id: int) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of one attachment in ``table`` (a local issue's, an appeal's), its
    bytes read only now."""
    with unit_of_work() as session:
        attachment = session.scalar(select(table).options(undefer(table.content)).where(table.id == attachment_id))
        if attachment is None:
            raise NotFound("No attachment with number {id}.", id=attachment_id)
        return attachment.file_name, attachment.media_type, attachment.content


def write_into(folder: str | Path, name: str, content: bytes) -> Path:
    """Writes an attachment into ``folder`` under its bare name (never outside it, whatever is stored)."""
    target = Path(folder) / bare_name(name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except OSError as error:
        raise ValidationError("The file could not be written: {reason}", field="file",
                              reason=error.strerror or str(error)) from None
    return target


def attachments_folder() -> Path:
    """Where copies of attachments are written to be opened: thrown away with the cache."""
    return paths.cache_dir() / "attachments"


def copy_for_viewer(name: str, content: bytes, key: str) -> Path:
    """Writes an attachment under its bare name into the folder ``key`` (one per record) inside the
    attachments folder and returns the copy's path, for the system's viewer. A file that is not a
    document or a picture is refused: the user saves it instead."""
    name = bare_name(name)
    if not viewable(name):
        raise ValidationError("{name} is not a document or a picture, so the program does not open it: save "
                              "it and open it yourself if you trust it.", field="file", name=name)
    folder = attachments_folder() / bare_name(key)
    target = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A bare name stays in its folder; a link planted there in the name's place must not lead out.
        if target.resolve().parent != folder.resolve():
            raise ValidationError("{name} cannot be written to the attachments folder {folder}.", field="file",
                                  name=name, folder=str(folder))
        target.write_bytes(content)
    except OSError as error:
        raise ValidationError("The file could not be written: {reason}", field="file",
                              reason=error.strerror or str(error)) from None
    return target
