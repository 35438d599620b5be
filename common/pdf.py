"""The one way the app makes PDFs: an HTML template rendered by WeasyPrint as a tagged PDF/UA-1.

Print CSS lives with the PDF templates (templates/pdf/). The output is accessible: tagged
structure, document language en-GB and a title in the metadata (from the template's <title>).
"""

import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML

PDF_VARIANT = "pdf/ua-1"
logger = logging.getLogger(__name__)


def render_html(template_name, context):
    return render_to_string(
        template_name,
        {"partnership_name": settings.PARTNERSHIP_NAME, "council_name": settings.COUNCIL_NAME, **context},
    )


def _fetch_static_only(url):
    # PDFs are rendered from our own templates; never let a template reach out to the network.
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://") or url.startswith("data:"):
        return default_url_fetcher(url)
    raise ValueError(f"PDF rendering refuses to fetch {url}")


def _html(html):
    base_url = finders.find("pdf") or str(settings.BASE_DIR / "static")
    return HTML(string=html, base_url=base_url, url_fetcher=_fetch_static_only)


def html_to_pdf(html):
    return _html(html).write_pdf(pdf_variant=PDF_VARIANT)


def html_to_pdf_with_pages(html):
    """(PDF bytes, number of pages): one layout pass, for callers that record or place page numbers."""
    document = _html(html).render(pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)


def render_pdf(template_name, context):
    """Render a template under templates/pdf/ to PDF bytes."""
    return html_to_pdf(render_html(template_name, context))


def store_rendered(pdf, *, generation, content, filename, **fields):
    """Keep a rendered file on its row (a common.rendered.RenderedPdf) unless a newer request came while rendering.

    The row is marked ready only if its generation is still the one rendered; otherwise the new file is
    thrown away. A kept file replaces the previous one, which is deleted. Returns whether it was kept.
    """
    from django.core.files.base import ContentFile
    from django.utils import timezone

    model = type(pdf)
    old_name = pdf.file.name if pdf.file else None
    pdf.file.save(filename, ContentFile(content), save=False)
    kept = (
        model.objects.filter(pk=pdf.pk, generation=generation).update(
            file=pdf.file.name,
            filename=filename,
            size=len(content),
            state="ready",
            error="",
            finished_at=timezone.now(),
            **fields,
        )
        == 1
    )
    storage, new_name = pdf.file.storage, pdf.file.name
    if not kept:
        storage.delete(new_name)
    elif old_name and old_name != new_name:
        storage.delete(old_name)
    return kept


def render_requested(rows, pdf_id, build):
    """A worker's render of one requested PDF (a row of `rows`, a RenderedPdf queryset): if it is still being
    prepared, `build(pdf)` gives (content, filename), kept with `store_rendered`; a failure is recorded on the row.
    Returns whether a file was stored."""
    pdf = rows.filter(pk=pdf_id, state="preparing").first()
    if pdf is None:
        return False
    try:
        content, filename = build(pdf)
    except Exception as error:
        logger.exception("Rendering %s failed", pdf)
        pdf.record_failure(error)
        return False
    return store_rendered(pdf, generation=pdf.generation, content=content, filename=filename)
