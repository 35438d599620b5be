"""The back office edits the themes (a new Home Office list is a data change); everything else shows read-only, as
every change goes through the pages, whose services keep the rules."""

from django.contrib import admin

from .models import Recommendation, RecommendationSource, RegisterPdf, Risk, RiskAssessment, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "order", "is_current")
    list_filter = ("kind", "is_current")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (RiskAssessment, Risk, RecommendationSource, Recommendation, RegisterPdf):
    admin.site.register(model, ReadOnly)
