"""Confirmation before a destructive action: the GOV.UK pattern, working with JavaScript off.

A page's *Remove* (or *Archive*, *Cancel the meeting*) control is a link to the action's own URL: a GET there shows
what will happen, a warning button that POSTs to the same URL, and a way back. The POST acts, as it always did, so
the action has one URL and the page that asked is the page that acts.
"""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

confirm_or_act = require_http_methods(["GET", "POST"])


def confirm_page(request, *, question, button, back, caption="", consequences=(), fields=None, action=None):
    """The page asking `question`, listing `consequences`, whose `button` POSTs `fields` (hidden) to `action`."""
    return render(
        request,
        "confirm.html",
        {
            "question": question,
            "caption": caption,
            "consequences": list(consequences),
            "button": button,
            "back": back,
            "fields": sorted((fields or {}).items()),
            "action": action or request.path,
        },
    )
