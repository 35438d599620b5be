"""`{% plan_sections "action" action %}`: the sections apps built on action plans add here (`actionplans.extend`)."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from actionplans import extend

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_sections(context, page, obj):
    """The page's sections, in order, each drawn in the page's own context with its context on top (the context
    processors have run once for the page)."""
    request = context.get("request")
    html = []
    for section in extend.sections_on(page):
        extra = section.context(request, obj)
        if extra is None:
            continue
        with context.push(extra):
            html.append(get_template(section.template).template.render(context))
    return mark_safe("".join(html))  # noqa: S308 - each part is a rendered template, escaped as it rendered
