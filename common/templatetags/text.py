"""Admins' Markdown on pages, PDFs and emails: `{{ text|markdown }}` (sanitised by `common.text`'s allow-list)."""

from django import template
from django.utils.safestring import mark_safe

from common.text import render_markdown, render_markdown_govuk

register = template.Library()


@register.filter(is_safe=True)
def markdown(text):
    """Markdown to HTML; raw HTML in the source is stripped by the allow-list (nh3), so the result is safe."""
    return mark_safe(render_markdown(text))  # noqa: S308 - cleaned by nh3's allow-list


@register.filter(is_safe=True)
def govuk_markdown(text):
    """`markdown` with GOV.UK typography classes (the Terms of Reference page)."""
    return mark_safe(render_markdown_govuk(text))  # noqa: S308 - cleaned by nh3's allow-list
