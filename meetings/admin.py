from django.contrib import admin

from common.admin import AuditedAdmin

from . import models
from .minutes_record import meetings_with_final_minutes


class ApprovedIsApprovedAdmin(AuditedAdmin):
    """The back office cannot change what approved minutes print either: that goes through a correction."""

    def _meeting(self, obj):
        if isinstance(obj, models.MinutesVersion):
            return obj.minutes.meeting
        return getattr(obj, "meeting", None)

    def has_change_permission(self, request, obj=None):
        if obj is not None and isinstance(obj, models.MinutesVersion) and obj.is_final:
            return False
        meeting = self._meeting(obj) if obj is not None else None
        if meeting is not None and meetings_with_final_minutes([meeting]):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)


for model in (models.Group, models.Meeting, models.StandingItem, models.Paper, models.Minutes, models.MeetingAction):
    admin.site.register(model, AuditedAdmin)
# What approved minutes print and the live rows hold (the action log and the meeting's own record move on; the
# minutes keep their copy): attendance, guests, items, and an approved version itself.
for model in (models.AgendaItem, models.Invitation, models.Guest, models.MinutesVersion):
    admin.site.register(model, ApprovedIsApprovedAdmin)


@admin.register(models.GeneratedPdf)
class GeneratedPdfAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "minutes_version", "state", "pages", "size", "finished_at"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["meeting", "minutes_version"]
    readonly_fields = [f.name for f in models.GeneratedPdf._meta.fields]
