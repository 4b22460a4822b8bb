"""An activity's documents: where they are kept, and which files are accepted.

They are kept in `PRIVATE_MEDIA_ROOT`, a directory no web server serves: a document is read only through its
download view, which checks who asks. A file is accepted when its name ends in one of the allowed extensions,
its first bytes are what that kind of file starts with, and it is no bigger than
`TREATYWATCH_DOCUMENT_MAX_BYTES`. What the uploader's browser claims the file is (its content type) is never
trusted: the type stored and served is the one its extension and its content agree on.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage rooted at `PRIVATE_MEDIA_ROOT`, read when used (a test may point it elsewhere),
    with no URL: its files are served only by the download view."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("A private document has no public address: link to its download view.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage


def _zip_holds(*names: str) -> Callable[[IO[bytes]], bool]:
    def check(file: IO[bytes]) -> bool:
        try:
            with zipfile.ZipFile(file) as archive:
                present = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return all(name in present for name in names)

    return check


def _odt(file: IO[bytes]) -> bool:
    # An OpenDocument file starts with an uncompressed "mimetype" member naming its type.
    file.seek(0)
    head = file.read(120)
    return head.startswith(b"PK\x03\x04") and head[30:38] == b"mimetype" and b"opendocument.text" in head


def _text(file: IO[bytes]) -> bool:
    data = file.read()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class DocumentType:
    extensions: tuple[str, ...]
    content_type: str
    name: str  # as the error messages list it
    starts_with: bytes = b""
    # A closer look at the content than its first bytes, when they are shared (zip-based formats, text).
    holds: Callable[[IO[bytes]], bool] | None = None


DOCUMENT_TYPES = (
    DocumentType((".pdf",), "application/pdf", "PDF", b"%PDF-"),
    DocumentType(
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
        b"PK\x03\x04",
        _zip_holds("[Content_Types].xml", "word/document.xml"),
    ),
    DocumentType(
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLSX",
        b"PK\x03\x04",
        _zip_holds("[Content_Types].xml", "xl/workbook.xml"),
    ),
    DocumentType((".odt",), "application/vnd.oasis.opendocument.text", "ODT", b"PK\x03\x04", _odt),
    DocumentType((".png",), "image/png", "PNG", b"\x89PNG\r\n\x1a\n"),
    DocumentType((".jpg", ".jpeg"), "image/jpeg", "JPEG", b"\xff\xd8\xff"),
    DocumentType((".txt",), "text/plain", "TXT", b"", _text),
)
ALLOWED_NAMES = ", ".join(t.name for t in DOCUMENT_TYPES)
ACCEPT = ",".join(ext for t in DOCUMENT_TYPES for ext in t.extensions)  # the file input's `accept`


class DocumentRefused(ValueError):
    """A file that is not accepted; the message says which and why."""


def max_bytes() -> int:
    return int(settings.TREATYWATCH_DOCUMENT_MAX_BYTES)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def document_type(file: Any) -> DocumentType:
    """The type of an uploaded file (name, size and content checked), or DocumentRefused saying why not."""
    name = PurePath(file.name or "").name
    if file.size > max_bytes():
        raise DocumentRefused(
            _("%(name)s is %(size)s MB; a document may be at most %(limit)s MB.")
            % {"name": name, "size": _megabytes(file.size), "limit": _megabytes(max_bytes())}
        )
    if file.size == 0:
        raise DocumentRefused(_("%(name)s is empty.") % {"name": name})
    extension = PurePath(name).suffix.lower()
    found = next((t for t in DOCUMENT_TYPES if extension in t.extensions), None)
    if found is None:
        raise DocumentRefused(
            _("%(name)s: only these kinds of file are accepted: %(allowed)s.")
            % {"name": name, "allowed": ALLOWED_NAMES}
        )
    file.seek(0)
    head = file.read(len(found.starts_with))
    file.seek(0)
    matches = head == found.starts_with and (found.holds is None or found.holds(file))
    file.seek(0)
    if not matches:
        raise DocumentRefused(
            _("%(name)s is named as a %(kind)s file but its content is not one. Save it again as %(kind)s.")
            % {"name": name, "kind": found.name}
        )
    return found
