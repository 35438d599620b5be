"""Panels on the role home pages.

Each app registers its own panels (in its AppConfig.ready), so the home page shows meetings and
action plans without `members` importing the apps built on top of it.

Panels that are the same for everyone in a role (`shared`, the admin dashboard's) are cached: the
admin dashboard sums up every app in a dozen queries and is the page admins open most, while the
records behind it change a few times a day. A cached panel is used until a record of an app it
`watches` is written (`common.stamps`; any process sharing the cache sees it), and for at most
SHARED_CACHE_SECONDS, which bounds what raw SQL or the time of day can leave stale.
SHARED_CACHE_SECONDS = 0 turns the cache off.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from common import stamps


@dataclass(frozen=True)
class Panel:
    roles: frozenset
    order: int
    template: str
    context: Callable  # (request) -> dict
    shared: bool = False
    watches: tuple = ()  # app labels whose writes change the panel


_panels: list[Panel] = []


def register(*, roles, order, template, context, shared=False, watches=()):
    """Add a panel. A `shared` panel must not depend on who is asking beyond their role."""
    if shared and not watches:
        raise ValueError(f"the shared panel {template} must say which apps' writes change it")
    _panels.append(Panel(frozenset(roles), order, template, context, shared, tuple(watches)))
    _panels.sort(key=lambda panel: panel.order)


def _cache_keys(panels, role):
    labels = sorted({label for panel in panels for label in panel.watches})
    stamp_of = dict(zip(labels, stamps.current(labels), strict=True))
    day = timezone.localdate().isoformat()
    return {
        panel: ":".join(["dashboard:panel", role, panel.template, day, *(stamp_of[label] for label in panel.watches)])
        for panel in panels
    }


def render_panels(request, role):
    panels = [panel for panel in _panels if role in panel.roles]
    seconds = settings.SHARED_CACHE_SECONDS
    keys = _cache_keys([panel for panel in panels if panel.shared], role) if seconds else {}
    found = cache.get_many(list(keys.values())) if keys else {}
    rendered, fresh = [], {}
    for panel in panels:
        key = keys.get(panel)
        if key in found:
            rendered.append(found[key])
            continue
        html = render_to_string(panel.template, panel.context(request), request=request)
        if key:
            fresh[key] = html
        rendered.append(html)
    if fresh:
        cache.set_many(fresh, seconds)
    return rendered
