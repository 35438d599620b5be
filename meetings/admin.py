from django.contrib import admin

from common.admin import AuditedAdmin

from . import models

for model in (
    models.Group,
    models.Meeting,
    models.AgendaItem,
    models.StandingItem,
    models.Paper,
    models.Invitation,
    models.Guest,
    models.Minutes,
    models.MinutesVersion,
    models.MeetingAction,
):
    admin.site.register(model, AuditedAdmin)


@admin.register(models.EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """Back office: every email the reminders sent or tried to send. Sending again is on the meeting page."""

    list_display = ["person", "kind", "key", "status", "to_email", "attempts", "sent_at", "meeting", "action"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "person__name", "subject"]
    raw_id_fields = ["meeting", "action", "person"]
    readonly_fields = [f.name for f in models.EmailDelivery._meta.fields]


@admin.register(models.GeneratedPdf)
class GeneratedPdfAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "minutes_version", "state", "pages", "size", "finished_at"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["meeting", "minutes_version"]
    readonly_fields = [f.name for f in models.GeneratedPdf._meta.fields]
