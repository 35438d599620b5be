"""What an uploaded paper really is, judged by its content rather than its name.

A PDF starts with `%PDF-`; Office Open XML files (DOCX, XLSX, PPTX) are zip archives holding
`[Content_Types].xml` and their own folder; an ODT is a zip whose `mimetype` entry names it.
Anything else (an executable renamed `.pdf`, a zip of something else) is refused.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from .models import Paper

ALLOWED_EXTENSIONS = {"pdf", "docx", "xlsx", "pptx", "odt"}
CONTENT_TYPES = {
    Paper.Kind.PDF: "application/pdf",
    Paper.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Paper.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Paper.Kind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    Paper.Kind.ODT: "application/vnd.oasis.opendocument.text",
}
_OOXML_FOLDERS = {Paper.Kind.DOCX: "word/", Paper.Kind.XLSX: "xl/", Paper.Kind.PPTX: "ppt/"}


def _zip_kind(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.read("mimetype").strip() == CONTENT_TYPES[Paper.Kind.ODT].encode():
                return Paper.Kind.ODT
            if "[Content_Types].xml" in names:
                for kind, folder in _OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def detect_kind(upload):
    """The Paper.Kind the content shows, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return Paper.Kind.PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def validate_paper(upload):
    """Return the paper's kind, or raise ValidationError with a message saying what to do."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"The file must be smaller than {filesizeformat(limit)}")
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError("The selected file must be a PDF, DOCX, XLSX, PPTX or ODT")
    kind = detect_kind(upload)
    if kind is None or kind != extension:
        raise ValidationError(
            f"The selected file is not a real {extension.upper()} file: its content does not match its name"
        )
    return kind
