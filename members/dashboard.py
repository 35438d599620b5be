"""Panels on the role home pages.

Each app registers its own panels (in its AppConfig.ready), so the home page shows meetings and
action plans without `members` importing the apps built on top of it. A panel's context comes from
a selector that runs a fixed number of queries whatever the size of the data; nothing is cached.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


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
    """The HTML of each panel for this role, in order."""
    return [
        render_to_string(panel.template, panel.context(request), request=request)
        for panel in _panels
        if role in panel.roles
    ]
