"""Rich text: Markdown written by admins, rendered to HTML and cleaned with an allow-list (nh3)."""

import threading

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def sanitise_html(html):
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"})


_converters = threading.local()  # a Markdown instance is not thread-safe; building one costs more than a convert


def _converter():
    md = getattr(_converters, "md", None)
    if md is None:
        md = _converters.md = markdown.Markdown(extensions=["tables", "sane_lists"])
    return md


def render_markdown(text):
    """Markdown to safe HTML. Raw HTML in the source is stripped by the allow-list."""
    if not text:
        return ""
    md = _converter()
    try:
        return sanitise_html(md.convert(text))
    finally:
        md.reset()


_GOVUK_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<h2>": '<h2 class="govuk-heading-m">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<h4>": '<h4 class="govuk-heading-s">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<a ": '<a class="govuk-link" ',
    "<table>": '<table class="govuk-table">',
    "<blockquote>": '<blockquote class="govuk-inset-text">',
}


def render_govuk_markdown(text):
    """Sanitised Markdown with GOV.UK typography (the allow-list strips attributes, so bare tags are safe to match)."""
    html = render_markdown(text)
    for tag, styled in _GOVUK_CLASSES.items():
        html = html.replace(tag, styled)
    return html


def count_of(number, singular, plural=None):
    """'1 person', '3 people', '0 organisations': a count with its noun in agreement."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
