"""`{% plan_sections "action" action %}`: the sections apps built on action plans add here (`actionplans.extend`)."""

from django import template

from actionplans import extend

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_sections(context, page, obj):
    return extend.render_sections(page, context, obj)
