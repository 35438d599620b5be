"""`{% meeting_sections "meeting" meeting %}`: what apps built on meetings add to its pages (`meetings.extend`)."""

from django import template

from meetings import extend

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_sections(context, page, meeting):
    return extend.render_sections(page, context, meeting)
