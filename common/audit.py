"""Access entries in the audit trail: who looked at confidential material, when and from where.

Changes are recorded by django-auditlog on save; reading is not, so views call `log_access` for
confidential items they show and every file they hand out that the public may not have (OFFICIAL-SENSITIVE
papers, full minutes and agenda packs, evidence, plans, returns, exports of people's details), and
`log_export` for a list downloaded whole. One insert per call. `describe_changes` turns recorded changes into
what a person reads.
"""

import datetime
from collections import defaultdict

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import formats, timezone

from .http import client_ip


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware with the app's one client address (`common.http.client_ip`, through
    TRUSTED_PROXY_COUNT) on every change entry, as on access entries and the sign-in lock-out. auditlog's own takes
    the leftmost X-Forwarded-For, which the client writes; and its port header is the client's to forge too."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None


def log_access(request, instances, what):
    instances = list(instances)
    if instances:
        log_access_to(request, type(instances[0]), [(instance.pk, str(instance)) for instance in instances], what)


def log_access_to(request, model, records, what):
    """`log_access` for records known by (pk, text), as a cached page keeps them."""
    if not records:
        return
    content_type = ContentType.objects.get_for_model(model)  # cached after the first call
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk if pk != "" else None,
            object_repr=text[:200],
            action=LogEntry.Action.ACCESS,
            changes={"accessed": ["", what]},
            actor=request.user if request.user.is_authenticated else None,
            remote_addr=client_ip(request),
        )
        for pk, text in records
    ]
    # One INSERT for them all, atomic by itself: bulk_create would wrap it in a transaction of its own
    # (BEGIN and COMMIT, two more round trips on every page that shows a confidential item).
    LogEntry.objects._insert(entries, fields=[f for f in LogEntry._meta.concrete_fields if not f.primary_key])


def log_export(request, model, what):
    """An access entry for a list downloaded whole (people as CSV, the action log): no single record, the kind."""
    log_access_to(request, model, [("", f"{model._meta.verbose_name_plural.capitalize()} ({what})")], what)


def log_sign_in_event(request, what, *, login=None, actor=None, email=""):
    """A sign-in, a refusal, a single sign-on link or a change of sign-in factors, in the audit trail with the
    client's address: an access entry on the login it concerns (`login`; none for someone the app does not know,
    who is named by `email`). `actor` is who did it when that is not the login's owner (an admin approving)."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(login.pk) if login else "",
        object_id=login.pk if login else None,
        object_repr=(str(login.email) if login else email or "someone unknown")[:200],
        action=LogEntry.Action.ACCESS,
        changes={"sign-in": ["", what]},
        actor=actor if actor is not None else login,
        remote_addr=client_ip(request),
    )


CHANGE_TYPES = {LogEntry.Action.CREATE: "Created", LogEntry.Action.UPDATE: "Changed", LogEntry.Action.DELETE: "Deleted"}
# Every kind of entry as the trail says it.
ACTION_WORDS = {**CHANGE_TYPES, LogEntry.Action.ACCESS: "Viewed or downloaded"}


def access_note(entry):
    """What an access entry records ("downloaded OFFICIAL-SENSITIVE paper"), or "" for any other entry."""
    if entry.action != LogEntry.Action.ACCESS:
        return ""
    values = (entry.changes_dict or {}).get("accessed") or ["", ""]
    return str(values[-1])


def change_log(entries):
    """Audit entries of creations, changes and deletions as a page lists them, newest first.

    Each is a dict: when, who (a user or None), what (e.g. "Action 2.3 Run the training"), type
    (Created, Changed, Deleted) and fields, (label, before, after) per field a change changed.
    `entries` should select_related("actor", "content_type").
    """
    entries = [entry for entry in entries if entry.action in CHANGE_TYPES]
    # A creation or deletion lists every field; a page says what happened and shows changes only.
    updates = [entry for entry in entries if entry.action == LogEntry.Action.UPDATE]
    fields = dict(zip([entry.pk for entry in updates], describe_changes(updates), strict=True))
    return [
        {
            "when": entry.timestamp,
            "who": entry.actor,
            "what": f"{entry.content_type.model_class()._meta.verbose_name.capitalize()} {entry.object_repr}",
            "type": CHANGE_TYPES[entry.action],
            "fields": fields.get(entry.pk, []),
        }
        for entry in entries
    ]


def describe_changes(entries, *, skip=("version",)):
    """For each entry, (label, before, after) per field it changed, as a person reads them.

    Labels are the fields' verbose names; values are choice names, related records' current names
    (a deleted one says so), the kind of record a generic link points at, dates to the minute in UK time
    and Yes/No; None means empty. Bookkeeping is left out: the record's id, the id half of a generic link,
    timestamps the database moves on every save, and the reverse relations a creation lists (auditlog
    writes those as "app.Model.None"). One query per related model.
    """
    entries = list(entries)
    raw = [
        [
            (field, name, values)
            for name, values in _changes(entry, skip)
            if not _bookkeeping(field := _field(entry, name), entry, name)
        ]
        for entry in entries
    ]
    wanted = defaultdict(set)
    for rows in raw:
        for field, _name, values in rows:
            if _is_fk(field) and field.related_model is not ContentType:
                wanted[field.related_model].update(v for v in values if v not in EMPTY)
    names = {model: _names(model, pks) for model, pks in wanted.items()}
    return [
        [(_label(f, name), _show(f, old, names), _show(f, new, names)) for f, name, (old, new) in rows] for rows in raw
    ]


EMPTY = (None, "", "None")


def _changes(entry, skip):
    for name, values in (entry.changes_dict or {}).items():
        # Many-to-many changes come as a dict of added or removed objects; they are not tracked here.
        if name not in skip and isinstance(values, list | tuple) and len(values) == 2 and not _reverse(entry, name):
            yield name, values


def _reverse(entry, name):
    """A creation lists every attribute, reverse relations too ("actionplans.BoardReportVersion.None"): not data."""
    model = entry.content_type.model_class()
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return False
    return field is not None and not getattr(field, "concrete", False)


def _field(entry, name):
    model = entry.content_type.model_class()
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None
    # A reverse relation can share a change's name (a create lists every attribute): not a column.
    return field if getattr(field, "concrete", False) else None


def _bookkeeping(field, entry, name):
    """Whether a recorded change is the database's own business rather than something a person changed."""
    model = entry.content_type.model_class()
    if model is None:
        return False
    if field is None:
        try:
            related = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        return related.is_relation and not related.concrete  # a reverse relation or many-to-many, as "x.Y.None"
    if field.primary_key or getattr(field, "auto_now", False):
        return True
    # The id half of a generic link: its content type, shown as the kind of record, and the record's name say it.
    return any(
        isinstance(private, GenericForeignKey) and private.fk_field == name for private in model._meta.private_fields
    )


def _is_fk(field):
    return field is not None and (field.many_to_one or field.one_to_one) and field.concrete


def _label(field, name):
    label = str(getattr(field, "verbose_name", None) or name.replace("_", " "))
    return label[:1].upper() + label[1:]


def _names(model, pks):
    valid = []
    for pk in pks:
        try:
            valid.append(model._meta.pk.to_python(pk))
        except ValidationError:
            continue
    return {str(pk): str(obj) for pk, obj in model._base_manager.in_bulk(valid).items()}


def _show(field, value, names):
    if value in EMPTY:
        return None
    value = str(value)
    if field is None:
        return value
    if _is_fk(field) and field.related_model is ContentType:
        model = ContentType.objects.get_for_id(int(value)).model_class() if value.isdigit() else None
        return str(model._meta.verbose_name).capitalize() if model else value
    if _is_fk(field):
        return names[field.related_model].get(str(value), f"Deleted {field.related_model._meta.verbose_name} ({value})")
    if field.flatchoices:
        return str({str(k): v for k, v in field.flatchoices}.get(value, value))
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return {"True": "Yes", "False": "No"}.get(value, value)
    try:
        if kind == "DateTimeField":
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_naive(moment):  # django-auditlog stores a timestamp as naive UTC
                moment = moment.replace(tzinfo=datetime.UTC)
            return formats.date_format(timezone.localtime(moment), "j F Y, H:i")
        if kind == "DateField":
            return formats.date_format(datetime.date.fromisoformat(value), "j F Y")
    except ValueError:
        pass
    return value
