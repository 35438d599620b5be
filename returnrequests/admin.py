from django.contrib import admin

from .models import ReturnRequest


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    """Back office: every return asked for. The admins' page is /returns/."""

    list_display = ["kind_label", "to_name", "sent_at", "chased_at", "returned_at", "returned_via"]
    list_filter = ["kind", "returned_via"]
    search_fields = ["to_name", "to_email"]
    readonly_fields = [f.name for f in ReturnRequest._meta.fields]

    def has_add_permission(self, request):
        return False
