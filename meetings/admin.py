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


@admin.register(models.GeneratedPdf)
class GeneratedPdfAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "minutes_version", "state", "pages", "size", "finished_at"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["meeting", "minutes_version"]
    readonly_fields = [f.name for f in models.GeneratedPdf._meta.fields]
