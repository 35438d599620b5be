from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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
    admin.site.register(model, SimpleHistoryAdmin if hasattr(model, "history") else admin.ModelAdmin)
