"""Page content every council admin sees alike, cached until the data behind it changes.

The admin's meeting page, action plan page and people list read a dozen tables and list hundreds of
rows, and admins open them again and again between the few writes of a day. Their content is
rendered once and kept in the shared cache under a key holding the page's own parts, today's date
and the stamps of every app (`common.stamps`), so any write retires it at once, in every process.
SHARED_CACHE_SECONDS bounds what the stamps cannot see (raw SQL, the time of day). 0 turns it off.

Only for content that depends on nothing about the reader but being a council admin: partners'
pages depend on their invitations and the actions they lead, so they are always rendered afresh.
Forms in cached content carry each reader's own CSRF token: the content is rendered with a
placeholder, replaced on every request.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import stamps

CSRF_PLACEHOLDER = "csrf-token-placeholder-9d41c7e2"


def render_page(request, template, key_parts, build):
    """Render `template` (a page's content) inside content_page.html: (response, keep).

    `build()` returns (context, keep): the template's context, and what the view needs on every
    request (`title`, and e.g. which confidential records were shown), kept alongside the HTML.
    Council admins get the copy cached for these `key_parts`; anyone else a fresh render.
    """
    if request.user.is_council_admin and settings.SHARED_CACHE_SECONDS:
        content, keep = _cached_content(request, key_parts, template, build)
    else:
        context, keep = build()
        content = render_to_string(template, context, request=request)
    return render(request, "content_page.html", {"title": keep["title"], "content": content}), keep


def _cached_content(request, key_parts, template, build):
    parts = [*map(str, key_parts), timezone.localdate().isoformat(), *stamps.current(stamps.APPS)]
    # Hashed: the parts include a query string of any length.
    key = "page:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        context, keep = build()
        html = render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER}, request=request)
        cached = {"html": html, "keep": keep}
        cache.set(key, cached, settings.SHARED_CACHE_SECONDS)
    # Safe: the HTML is our templates' own output, and the token is Django's (URL-safe characters).
    return mark_safe(cached["html"].replace(CSRF_PLACEHOLDER, get_token(request))), cached["keep"]  # noqa: S308
