"""Partners' PDFs, cleaned of anything that runs: JavaScript, open and page actions, launch actions, embedded files.

Papers are cleaned once, before they are stored (`paper_upload`) and again as they are merged into an agenda
pack (`documents.agenda_pack_build`), so a file stored before this module existed is cleaned too.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

# Keys that make a viewer do something on its own: document and page actions, scripts, attachments.
_CATALOG_KEYS = ("/OpenAction", "/AA", "/JavaScript", "/EmbeddedFiles", "/XFA")
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/Rendition", "/Sound", "/Movie"}


def _strip_annotations(page):
    annots = page.get("/Annots")
    if annots is None:
        return
    kept = []
    for ref in annots.get_object():
        annot = ref.get_object()
        if annot.get("/Subtype") == "/FileAttachment":
            continue
        action = annot.get("/A")
        if action is not None and action.get_object().get("/S") in _ACTIVE_ACTIONS:
            del annot[NameObject("/A")]
        if "/AA" in annot:
            del annot[NameObject("/AA")]
        kept.append(ref)
    annots.get_object().clear()
    annots.get_object().extend(kept)


def clean_reader(reader):
    """A writer with the reader's pages, and none of its scripts, actions or attachments."""
    writer = PdfWriter(clone_from=reader)
    root = writer._root_object
    for key in _CATALOG_KEYS:
        if key in root:
            del root[NameObject(key)]
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[NameObject(key)]
    acroform = root.get("/AcroForm")
    if acroform is not None and "/XFA" in acroform.get_object():
        del acroform.get_object()[NameObject("/XFA")]
    for page in writer.pages:
        if "/AA" in page:
            del page[NameObject("/AA")]
        _strip_annotations(page)
    # What was cut off stays in a cloned file as unreferenced objects: copy only the pages across.
    fresh = PdfWriter()
    for page in writer.pages:
        fresh.add_page(page)
    return fresh


class Unreadable(Exception):
    """The file is not a PDF we can read, so we cannot vouch that it runs nothing."""


def clean_bytes(content):
    """The cleaned PDF's bytes; `Unreadable` if it cannot be parsed."""
    try:
        writer = clean_reader(PdfReader(io.BytesIO(content), strict=False))
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise Unreadable(str(error)) from error
    return out.getvalue()


def clean_pdf(content):
    """A `PdfReader` of the cleaned PDF, for merging."""
    return PdfReader(io.BytesIO(clean_bytes(content)))
