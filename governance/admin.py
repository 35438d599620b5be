"""The back office shows governance records read-only: every change goes through the pages, whose services keep the
rules (dates, who was at the meeting, approved minutes, votes once and in time)."""

from django.contrib import admin

from .models import DecisionStatus, Declaration, Interest, InterestConfirmation, Motion, Vote


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (Interest, InterestConfirmation, Declaration, DecisionStatus, Motion, Vote):
    admin.site.register(model, ReadOnly)
