"""Back-office admin pieces shared by the apps."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin


class AuditedAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """A model admin whose change list links each record to its audit trail (django-auditlog)."""

    show_auditlog_history_link = True
