"""The protective marking tags printed beside an item or paper, worked out by `meetings.policy`."""

from django import template
from django.utils.html import format_html

from meetings import policy

register = template.Library()


@register.simple_tag
def marking_tags(obj):
    tags = policy.flags(obj)
    html = (
        format_html('<strong class="govuk-tag govuk-tag--orange">OFFICIAL-SENSITIVE</strong>')
        if tags["sensitive"]
        else format_html('<strong class="govuk-tag govuk-tag--grey">OFFICIAL</strong>')
    )
    if tags["confidential"]:
        html += format_html(' <strong class="govuk-tag govuk-tag--red">Confidential</strong>')
    return html


@register.simple_tag
def marking_words(obj):
    """The same, as words for a PDF: " (OFFICIAL-SENSITIVE)", " (confidential)"."""
    return policy.marking_words(obj)
