from django.contrib import admin

from . import kinds
from .models import EmailDelivery


class KindFilter(admin.SimpleListFilter):
    """The kinds the apps registered (the column has no choices of its own)."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kinds.choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """Back office: every email the app sent or tried to send. Sending again is on the emails page."""

    list_display = ["to_name", "to_email", "kind_label", "key", "status", "attempts", "sent_at", "meeting_id"]
    list_filter = ["status", KindFilter]
    search_fields = ["to_email", "to_name", "subject"]
    readonly_fields = [f.name for f in EmailDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
