from django.contrib import admin

from .models import EmailDelivery


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """Back office: every email the app sent or tried to send. Sending again is on the emails page."""

    list_display = ["to_name", "to_email", "kind", "key", "status", "attempts", "sent_at", "meeting_id"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "to_name", "subject"]
    readonly_fields = [f.name for f in EmailDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
