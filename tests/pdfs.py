"""Small real PDFs for tests: a blank page, and one that runs JavaScript when opened."""

import io

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject


def blank_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scripted_pdf(script="app.alert('pwned')"):
    """A PDF with a document-level script, an open action, a page-open action and an embedded file."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(script)}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(action)})
    writer.add_attachment("payload.exe", b"MZ not really")
    names = writer._root_object["/Names"].get_object()
    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("run"), writer._add_object(action)])}
    )
    names[NameObject("/JavaScript")] = writer._add_object(scripts)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_subject(subject):
    """A blank page whose document information says `subject`: content an email must never carry."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Subject": subject})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
