"""Back office for edge cases; the app's own screens are the way to build and run plans."""

from django.contrib import admin

from common.admin import AuditedAdmin

from .models import Action, ActionPlan, BoardReport, BoardReportVersion, Priority, ProgressUpdate


@admin.register(ActionPlan)
class ActionPlanAdmin(AuditedAdmin):
    list_display = ["year_label", "title", "status", "approved_on", "summary_published"]
    list_filter = ["status"]


@admin.register(Priority)
class PriorityAdmin(AuditedAdmin):
    list_display = ["plan", "number", "title", "source", "ctlp_reference", "toolkit_area"]
    list_filter = ["plan", "source", "toolkit_area"]


@admin.register(Action)
class ActionAdmin(AuditedAdmin):
    list_display = ["reference", "description", "lead_organisation", "status", "percent_complete", "due_date"]
    list_filter = ["priority__plan", "status"]
    list_select_related = ["lead_organisation"]
    raw_id_fields = ["priority", "lead_officer", "origin"]
    search_fields = ["description", "reference"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "date", "status", "percent_complete", "author"]
    raw_id_fields = ["action", "author", "reported_by"]


@admin.register(BoardReport)
class BoardReportAdmin(AuditedAdmin):
    list_display = ["addressee", "period_start", "period_end", "status"]


@admin.register(BoardReportVersion)
class BoardReportVersionAdmin(admin.ModelAdmin):
    list_display = ["report", "number", "approved_by", "approved_at"]
