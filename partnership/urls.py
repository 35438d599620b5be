from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

if settings.REQUIRE_ADMIN_2FA:
    # The back office asks for the same second factor as the rest of the app.
    admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", include("members.site_urls")),
    path("members/", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("action-plans/", include("actionplans.urls")),
    path("prevent-assurance/", include("assurance.urls")),
    path("emails/", include("outbox.urls")),
    # Django's own admin: a back office for council admins' edge cases (staff accounts only).
    path("django-admin/", admin.site.urls),
]
