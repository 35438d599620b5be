"""The protective marking tags printed beside an item or paper, worked out by `meetings.policy`."""

from django import template
from django.utils.safestring import mark_safe

from common import need_to_know

register = template.Library()

# Fixed markup, nothing from the record: safe as it stands.
SENSITIVE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--orange">OFFICIAL-SENSITIVE</strong>')
OFFICIAL_TAG = mark_safe('<strong class="govuk-tag govuk-tag--grey">OFFICIAL</strong>')
CONFIDENTIAL_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--red">Confidential</strong>')


def tags_html(tags):
    """The tags for `policy.flags`' answer: pages that have the flags already (`selectors.agenda_items`) call this."""
    html = SENSITIVE_TAG if tags["sensitive"] else OFFICIAL_TAG
    if tags["confidential"]:
        html += CONFIDENTIAL_TAG
    return html


@register.simple_tag
def marking_tags(obj):
    return tags_html(need_to_know.flags(obj))


@register.simple_tag
def marking_words(obj):
    """The same, as words for a PDF: " (OFFICIAL-SENSITIVE)", " (confidential)"."""
    return need_to_know.marking_words(obj)
