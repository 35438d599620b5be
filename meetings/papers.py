"""What an uploaded paper really is, judged by its content rather than its name.

A PDF starts with `%PDF-`; Office Open XML files (DOCX, XLSX, PPTX) are zip archives holding
`[Content_Types].xml` and their own folder; an ODT is a zip whose `mimetype` entry names it.
Anything else (an executable renamed `.pdf`, a zip of something else) is refused.

Archives are judged from their central directory (entry count, declared sizes, compression ratio) and at
most a few bytes of one entry are ever unpacked, so a zip bomb costs nothing to refuse.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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

# Generous for real documents, refusing for bombs: office files hold tens to a few thousand entries
# and compress XML about 10:1; zeros compress over 1000:1.
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_UNPACKED_BYTES = 500 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_RATIO_FLOOR = 1024 * 1024  # small entries may compress as well as they like
MIMETYPE_MAX_BYTES = 100


def _plausible_archive(infos):
    """False when the directory describes a zip bomb: too many entries, too much unpacked, or too inflated."""
    if len(infos) > ZIP_MAX_ENTRIES:
        return False
    if sum(info.file_size for info in infos) > ZIP_MAX_UNPACKED_BYTES:
        return False
    return all(
        info.file_size <= ZIP_RATIO_FLOOR or info.file_size <= ZIP_MAX_RATIO * max(info.compress_size, 1)
        for info in infos
    )


def _read_small(archive, info, limit):
    """At most `limit` bytes of one entry, and None if the entry says or turns out to be bigger."""
    if info.file_size > limit:
        return None
    with archive.open(info) as entry:
        data = entry.read(limit + 1)
    return data if len(data) <= limit else None


def _zip_kind(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if not _plausible_archive(infos):
                return None
            names = [info.filename for info in infos]
            mimetype = next((info for info in infos if info.filename == "mimetype"), None)
            if mimetype is not None:
                content = _read_small(archive, mimetype, MIMETYPE_MAX_BYTES)
                if content is not None and content.strip() == CONTENT_TYPES[Paper.Kind.ODT].encode():
                    return Paper.Kind.ODT
            if "[Content_Types].xml" in names:
                for kind, folder in _OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, RuntimeError):
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
        raise ValidationError(
            _("The file must be smaller than %(filesizeformat)s") % {"filesizeformat": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("The selected file is empty"))
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("The selected file must be a PDF, DOCX, XLSX, PPTX or ODT"))
    kind = detect_kind(upload)
    if kind is None or kind != extension:
        raise ValidationError(
            _("The selected file is not a real %(upper)s file: its content does not match its name")
            % {"upper": extension.upper()}
        )
    return kind
