"""Every file a person uploads (a meeting paper, assurance evidence) is checked and cleaned here, one way.

What an uploaded file really is, judged by its content rather than its name.

A PDF starts with `%PDF-`; Office Open XML files (DOCX, XLSX, PPTX) are zip archives holding
`[Content_Types].xml` and their own folder; an ODT is a zip whose `mimetype` entry names it.
Anything else (an executable renamed `.pdf`, a zip of something else) is refused.

Archives are judged from their central directory (entry count, declared sizes, compression ratio) and at
most a few bytes of one entry are ever unpacked, so a zip bomb costs nothing to refuse. An archive holding
macros (a `.docm` renamed `.docx`, an ODT with Basic) is refused too.

A PDF is stored only as `common.pdfclean` rewrote it: `accepted_upload` is the one way in for every upload path.
"""

import logging
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import pdfclean

logger = logging.getLogger(__name__)

PDF, DOCX, XLSX, PPTX, ODT = "pdf", "docx", "xlsx", "pptx", "odt"
ALLOWED_EXTENSIONS = {PDF, DOCX, XLSX, PPTX, ODT}
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ODT: "application/vnd.oasis.opendocument.text",
}
_OOXML_FOLDERS = {DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}
# Entries that hold code a word processor or spreadsheet may run: VBA projects, ActiveX controls, Basic macros.
_MACRO_ENTRY = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/|Basic/|Scripts/)", re.IGNORECASE)

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


class HasMacros(Exception):
    """An office file carrying code to run."""


def _zip_kind(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if not _plausible_archive(infos):
                return None
            names = [info.filename for info in infos]
            if any(_MACRO_ENTRY.search(name) for name in names):
                raise HasMacros
            mimetype = next((info for info in infos if info.filename == "mimetype"), None)
            if mimetype is not None:
                content = _read_small(archive, mimetype, MIMETYPE_MAX_BYTES)
                if content is not None and content.strip() == CONTENT_TYPES[ODT].encode():
                    return ODT
            if "[Content_Types].xml" in names:
                for kind, folder in _OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, RuntimeError):
        return None
    return None


def detect_kind(upload):
    """The kind of file the content shows ("pdf", "docx", …), or None. `HasMacros` for an office file with code."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def validate_upload(upload):
    """Return the file's kind, or raise ValidationError with a message saying what to do."""
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
    try:
        kind = detect_kind(upload)
    except HasMacros:
        raise ValidationError(
            _("The selected file contains macros or controls that can run: save it again without them")
        ) from None
    if kind is None or kind != extension:
        raise ValidationError(
            _("The selected file is not a real %(upper)s file: its content does not match its name")
            % {"upper": extension.upper()}
        )
    return kind


def accepted_upload(upload, *, field):
    """(kind, file to store) for an upload: checked by its content, and a PDF rewritten by `common.pdfclean`.

    Raises ValidationError on `field` saying what to do. Every path that stores an uploaded file comes here."""
    try:
        kind = validate_upload(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    upload.seek(0)
    if kind != PDF:
        return kind, upload
    try:
        cleaned = pdfclean.clean_bytes(upload.read())
    except pdfclean.Unreadable as error:
        raise ValidationError(
            {field: _("The selected PDF could not be read: save it again as a PDF, without a password")}
        ) from error
    return kind, ContentFile(cleaned, name=upload.name)


def reclean_stored(field_file):
    """Clean a PDF stored before this cleaner was (a data migration calls it): (name, size) of the cleaned copy now
    in its place, or None when the file is not a PDF or cannot be read (left as it is, and logged)."""
    with field_file.open("rb") as handle:
        content = handle.read()
    if not content.startswith(b"%PDF-"):
        return None
    try:
        cleaned = pdfclean.clean_bytes(content)
    except pdfclean.Unreadable as error:
        logger.warning("Stored PDF %s could not be cleaned: %s", field_file.name, error)
        return None
    storage, name = field_file.storage, field_file.name
    storage.delete(name)
    return storage.save(name, ContentFile(cleaned)), len(cleaned)
