from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("members.site_urls")),
    path("members/", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("action-plans/", include("actionplans.urls")),
    # Django's own admin: a back office for council admins' edge cases (staff accounts only).
    path("django-admin/", admin.site.urls),
]
