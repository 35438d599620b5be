"""The protective marking tags printed beside an item or paper, worked out by `common.need_to_know`."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common import need_to_know

register = template.Library()

SENSITIVE_TAG = '<strong class="govuk-tag govuk-tag--orange">{}</strong>'
OFFICIAL_TAG = '<strong class="govuk-tag govuk-tag--grey">{}</strong>'
CONFIDENTIAL_TAG = ' <strong class="govuk-tag govuk-tag--red">{}</strong>'


@register.simple_tag
def marking_tags(obj_or_flags):
    """The tags for a record, or for the flags `need_to_know.flags` gave already (`policy.present_items` sets
    them on a page's items and papers as `.tags`, so a long agenda works them out once)."""
    tags = obj_or_flags if isinstance(obj_or_flags, dict) else need_to_know.flags(obj_or_flags)
    html = (
        format_html(SENSITIVE_TAG, _("OFFICIAL-SENSITIVE"))
        if tags["sensitive"]
        else format_html(OFFICIAL_TAG, _("OFFICIAL"))
    )
    if tags["confidential"]:
        html += format_html(CONFIDENTIAL_TAG, _("Confidential"))
    return html


@register.simple_tag
def marking_words(obj):
    """The same, as words for a PDF: " (OFFICIAL-SENSITIVE)", " (confidential)"."""
    return need_to_know.marking_words(obj)
