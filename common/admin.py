"""Back-office admin pieces shared by the apps."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.db import models


class AuditedAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """A model admin whose change list links each record to its audit trail (django-auditlog)."""

    show_auditlog_history_link = True
    # A web address typed without its scheme means https, as on the app's own forms (and Django 6.0's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
