"""The one way a stored file leaves the app: as an attachment, never sniffed, never cached on the way.

And the two halves of a PDF a worker renders, as every app's pages offer it: ask for it, download it once ready.
"""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .audit import log_access


def _harden(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_download(field_file, *, filename, content_type="application/pdf"):
    """A stored file (a FieldFile) for whoever the caller has already checked may read it."""
    return _harden(
        FileResponse(field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    )


def bytes_download(content, *, filename, content_type="application/pdf"):
    """Bytes made for this request (e.g. a PDF rendered now), as an attachment."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _harden(response)


def rendered_pdf_download(request, pdf, *, back, audit=None):
    """A PDF a worker rendered (a common.rendered.RenderedPdf, or None if never asked for) once it is ready; until
    then, back to the page that shows its state and offers to prepare it. The caller has checked who may read it.
    `audit`: (record, what) for the access entry every download of it makes."""
    if pdf is None or not pdf.is_ready:
        messages.info(request, _("The PDF is not ready yet: prepare it from this page"))
        return redirect(back)
    if audit is not None:
        log_access(request, [audit[0]], audit[1])
    return file_download(pdf.file, filename=pdf.filename)


def rendered_pdf_requested(request, *, back, what="The PDF"):
    """After asking a worker for a PDF: say so, and go back to the page that will show it once ready."""
    messages.success(request, _("%(what)s is being prepared: refresh this page in a minute") % {"what": what})
    return redirect(back)


def rendered_pdf_views(*, access, owner, pdf_of, ask, page, audit):
    """The (download, prepare) views of the PDF a worker renders for a record, both taking the record's `pk`.

    `access` is the decorator saying who may use both; `owner(request, pk)` finds the record (or 404s) for that user;
    `pdf_of(record)` is its RenderedPdf, or None if never asked for; `ask(record)` is the service queuing the render;
    `page` names the URL of the record's page (taking its pk), whose #pdf section shows the state and offers to
    prepare it. Download answers the PDF once ready, else goes back there; prepare (POST only) asks again.
    `audit` is what the access entry of each download says about the record ("downloaded the plan as PDF"):
    every such PDF holds what the public may not read."""

    def back(record):
        return reverse(page, args=[record.pk]) + "#pdf"

    def download(request, pk):
        record = owner(request, pk)
        return rendered_pdf_download(request, pdf_of(record), back=back(record), audit=(record, audit))

    def prepare(request, pk):
        record = owner(request, pk)
        ask(record)
        return rendered_pdf_requested(request, back=back(record))

    return access(download), access(require_POST(prepare))
