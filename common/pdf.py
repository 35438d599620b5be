"""The one way the app makes PDFs: an HTML template rendered by WeasyPrint as a tagged PDF/UA-1.

Print CSS lives with the PDF templates (templates/pdf/). The output is accessible: tagged
structure, document language en-GB and a title in the metadata (from the template's <title>).
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML

PDF_VARIANT = "pdf/ua-1"


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
