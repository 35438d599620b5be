"""Markdown that a form says is allowed, shown as it was meant: rendered and sanitised (common.text)."""

from django import template
from django.utils.safestring import mark_safe

from common.text import render_govuk_markdown, render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """For pages: sanitised HTML with GOV.UK typography."""
    return mark_safe(render_govuk_markdown(text))  # noqa: S308 - cleaned by the allow-list in common.text


@register.filter
def markdown_print(text):
    """For PDFs: sanitised HTML styled by the print CSS."""
    return mark_safe(render_markdown(text))  # noqa: S308 - cleaned by the allow-list in common.text
