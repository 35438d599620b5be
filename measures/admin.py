"""The back office shows plan measures read-only: every change goes through the pages, whose services keep the
rules and work the RAG out again."""

from django.contrib import admin

from .models import HighlightReport, Measure, Measurement, Milestone, StatusPercent, Tracking


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (Measure, Measurement, Milestone, Tracking, StatusPercent, HighlightReport):
    admin.site.register(model, ReadOnly)
