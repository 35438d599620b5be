"""Access entries in the audit trail: who looked at confidential material, when and from where.

Changes are recorded by django-auditlog on save; reading is not, so views call `log_access` for
confidential items they show and OFFICIAL-SENSITIVE papers they hand out. One insert per call.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def log_access(request, instances, what):
    instances = list(instances)
    if instances:
        log_access_to(request, type(instances[0]), [(instance.pk, str(instance)) for instance in instances], what)


def log_access_to(request, model, records, what):
    """`log_access` for records known by (pk, text), as a cached page keeps them."""
    if not records:
        return
    content_type = ContentType.objects.get_for_model(model)  # cached after the first call
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk,
            object_repr=text[:200],
            action=LogEntry.Action.ACCESS,
            changes={"accessed": ["", what]},
            actor=request.user if request.user.is_authenticated else None,
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
        for pk, text in records
    )
