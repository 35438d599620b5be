"""The kinds of email, as the apps declare them: the outbox stores a kind's value and asks here for the rest.

An app declares its kinds as a `TextChoices` in its `emails` module and registers them with `register_kinds`
(value and label), then says how each is written with `@renders(kind)`. The outbox's `kind` column is a plain
CharField checked against this registry, so a new kind needs no edit and no migration here.
"""

from django.core.exceptions import ValidationError

_LABELS = {}
_RENDERERS = {}
_DESCRIBERS = {}
_DETAILS = {}


def register_kinds(choices, *, describe=None, detail=None):
    """Register an app's kinds (a TextChoices).

    describe(delivery): the label one row shows, when it says more than the kind's ("Reminder (14 days before)").
    detail(delivery): a line under it on the emails page (what the email is about), from `delivery.about`.
    """
    for value, text in choices.choices:
        if _LABELS.get(value, text) != text:
            raise ImproperlyRegistered(f"email kind {value!r} is registered twice with different labels")
        _LABELS[value] = text
        if describe is not None:
            _DESCRIBERS[value] = describe
        if detail is not None:
            _DETAILS[value] = detail
    return choices


class ImproperlyRegistered(Exception):
    pass


def renders(*kinds):
    """Register `render(delivery, batch)` for these kinds: it returns the message, or None when no longer wanted."""

    def register(render):
        for kind in kinds:
            if kind not in _LABELS:
                raise ImproperlyRegistered(f"register the email kind {kind!r} before its renderer")
            _RENDERERS[kind] = render
        return render

    return register


def renderer(kind):
    """The function that writes emails of this kind (registered by its app's `emails` module)."""
    return _RENDERERS[kind]


def is_kind(value):
    return value in _LABELS


def label(value):
    """What admins call this kind of email; an unknown value (an app since removed) shows as itself."""
    return _LABELS.get(value, value)


def describe(delivery):
    """The label of one row: its kind's, or what its app says of this row (e.g. "Reminder (14 days before)")."""
    describer = _DESCRIBERS.get(delivery.kind)
    return (describer and describer(delivery)) or label(delivery.kind)


def detail(delivery):
    """What the emails page shows under the label, if its app says (e.g. the action a reminder is about)."""
    detailer = _DETAILS.get(delivery.kind)
    return detailer(delivery) if detailer else ""


def choices():
    """[(value, label)] of every registered kind, by label: for filters."""
    return sorted(_LABELS.items(), key=lambda item: item[1].lower())


def validate_kind(value):
    if value not in _LABELS:
        raise ValidationError("%(value)s is not a registered kind of email", params={"value": value})
