"""Access entries in the audit trail: who looked at confidential material, when and from where.

Changes are recorded by django-auditlog on save; reading is not, so views call `log_access` for
confidential items they show and OFFICIAL-SENSITIVE papers they hand out. One insert per call.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def log_access(request, instances, what):
    instances = list(instances)
    if not instances:
        return
    content_type = ContentType.objects.get_for_model(type(instances[0]))  # cached after the first call
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=content_type,
            object_pk=str(instance.pk),
            object_id=instance.pk,
            object_repr=str(instance)[:200],
            action=LogEntry.Action.ACCESS,
            changes={"accessed": ["", what]},
            actor=request.user if request.user.is_authenticated else None,
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
        for instance in instances
    )
