from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from common.admin import AuditedAdmin

from .models import JoinRequest, LinkedBody, Organisation, Person, TermsOfReference, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password", "role"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "sector", "has_prevent_duty", "status"]
    list_filter = ["sector", "status", "has_prevent_duty"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "organisation", "role", "status"]
    list_filter = ["role", "status"]
    search_fields = ["name", "email"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "deputy_for", "user"]


@admin.register(LinkedBody)
class LinkedBodyAdmin(AuditedAdmin):
    list_display = ["name", "relationship", "reporting_frequency", "is_active"]


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(AuditedAdmin):
    list_display = ["number", "approved_on", "next_review"]


@admin.register(JoinRequest)
class JoinRequestAdmin(AuditedAdmin):
    list_display = ["name", "email", "organisation_name", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "email", "organisation_name"]
    raw_id_fields = ["person", "decided_by"]
