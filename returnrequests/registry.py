"""The kinds of return the apps ask for: each app registers its own in its AppConfig.ready.

A kind says what its requests are called, which outbox kinds carry its request and its chaser (or None when
the app's own emails carry the link), what to do on a planner run (`plan(now)`: add the requests now due), on
an admin's "Ask now" for a round (`open_round(round)`), and the page behind the signed link (`respond`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

_KINDS = {}


def _nothing(*args, **kwargs):
    return 0


@dataclass(frozen=True)
class ReturnKind:
    value: str
    label: str
    # respond(request, return_request) -> HttpResponse: the page behind the signed link, GET and POST.
    respond: Callable
    # Outbox kinds of the request and the chaser; None: the app's own emails carry the link.
    request_email: str | None = None
    chase_email: str | None = None
    # plan(now) -> int: add the requests that have fallen due (the app's rule); run by the outbox's sweep.
    plan: Callable = _nothing
    # open_round(round) -> int: add the requests for this round now (an admin's "Ask now").
    open_round: Callable = _nothing
    # still_wanted(return_request) -> bool: the link works and the request goes only while this holds.
    still_wanted: Callable = lambda request: True
    # round_fields(round) -> dict of extra outbox fields for its emails (e.g. the meeting whose page lists them).
    round_fields: Callable = lambda round: {}
    # round_url(round) -> the admin's page for the round, or "".
    round_url: Callable = lambda round: ""
    # An unanswered request is chased no sooner than this after it went.
    chase_gap: datetime.timedelta = field(default=datetime.timedelta(days=5))
    # A signed link works this long after it was made.
    link_days: int = 90


def register(kind):
    if kind.value in _KINDS and _KINDS[kind.value] is not kind:
        raise ValueError(f"return kind {kind.value!r} is registered twice")
    _KINDS[kind.value] = kind
    return kind


def get(value):
    return _KINDS[value]


def find(value):
    """The kind registered under this value, or None."""
    return _KINDS.get(value)


def kinds():
    return list(_KINDS.values())


def label(value):
    kind = _KINDS.get(value)
    return kind.label if kind else value


def validate_return_kind(value):
    if value not in _KINDS:
        raise ValidationError("%(value)s is not a registered kind of return", params={"value": value})
