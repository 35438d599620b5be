"""Panels on the role home pages.

Each app registers its own panels (in its AppConfig.ready), so the home page shows meetings and
action plans without `members` importing the apps built on top of it. A panel's context comes from
a selector that runs a fixed number of queries whatever the size of the data; nothing is cached.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template import RequestContext
from django.template.loader import get_template


@dataclass(frozen=True)
class Panel:
    roles: frozenset
    order: int
    template: str
    context: Callable  # (request) -> dict


_panels: list[Panel] = []


def register(*, roles, order, template, context):
    _panels.append(Panel(frozenset(roles), order, template, context))
    _panels.sort(key=lambda panel: panel.order)


def render_panels(request, role):
    """The HTML of each panel for this role, in order.

    The panels share one request context, so the context processors run once for the page's panels rather than
    once for each; each panel's own context is pushed on top of it, as `render_to_string` would put it.
    """
    panels = [panel for panel in _panels if role in panel.roles]
    if not panels:
        return []
    templates = [get_template(panel.template).template for panel in panels]
    context = RequestContext(request)
    html = []
    with context.bind_template(templates[0]):
        for panel, template in zip(panels, templates, strict=True):
            with context.push(panel.context(request)):
                html.append(template.render(context))
    return html
