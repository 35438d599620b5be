"""Text drawn as HTML: admins' Markdown (`{{ text|markdown }}`, sanitised by `common.text`'s allow-list) and free
text with what looks like case data marked (`{{ finding.text|case_data_marked:finding.matches }}`)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from common.text import render_govuk_markdown, render_markdown

register = template.Library()


@register.filter(is_safe=True)
def markdown(text):
    """Markdown to HTML; raw HTML in the source is stripped by the allow-list (nh3), so the result is safe."""
    return mark_safe(render_markdown(text))  # noqa: S308 - cleaned by nh3's allow-list


@register.filter(is_safe=True)
def govuk_markdown(text):
    """`markdown` with GOV.UK typography classes (the Terms of Reference page)."""
    return mark_safe(render_govuk_markdown(text))  # noqa: S308 - cleaned by nh3's allow-list


@register.filter
def case_data_marked(text, matches):
    """`text` escaped for HTML with each match (`common.casedata.find`) in <mark>."""
    pieces, at = [], 0
    for match in matches:
        pieces.append((text[at : match.start], match.text))
        at = match.end
    return format_html_join("", '{}<mark class="app-case-data">{}</mark>', pieces) + format_html("{}", text[at:])
