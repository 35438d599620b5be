"""Back office for edge cases: admins edit a framework's wording here (a new Home Office version is imported as CSV)."""

from django.contrib import admin

from common.admin import AuditedAdmin

from .models import Area, AssessmentCycle, Criterion, Framework


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0


class FrozenFrameworkAdmin(AuditedAdmin):
    def _frozen(self, obj):
        framework = obj if isinstance(obj, Framework) else getattr(obj, "framework", None)
        return framework is not None and framework.is_frozen

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)


@admin.register(Framework)
class FrameworkAdmin(FrozenFrameworkAdmin):
    list_display = ["name", "version", "is_current", "created_at"]
    inlines = [AreaInline]


@admin.register(Area)
class AreaAdmin(FrozenFrameworkAdmin):
    list_display = ["framework", "number", "title"]
    list_filter = ["framework"]
    inlines = [CriterionInline]


@admin.register(AssessmentCycle)
class AssessmentCycleAdmin(AuditedAdmin):
    """Read-only here: ratings, sign-off and corrections go through the app's screens and their rules."""

    list_display = ["year_label", "number", "framework", "status", "signed_off_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
