from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminSite

from common import redaction_views
from common.access import public

if settings.REQUIRE_ADMIN_2FA:
    # The back office asks for the same second factor as the rest of the app.
    admin.site.__class__ = OTPAdminSite

# Browsers that do not read the page's <link rel="icon"> (or fetch a PDF) ask for /favicon.ico: send them to the
# same icon. Resolved at request time, so production gets the hashed name from the collected manifest.
favicon = public(RedirectView.as_view(url=lazy(staticfiles_storage.url, str)("favicon.svg"), permanent=True))

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", include("members.site_urls")),
    path("accounts/", include("signin.urls")),
    path("accounts/passkeys/", include("signin.passkey_urls")),
    path("members/", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("action-plans/", include("actionplans.urls")),
    path("action-plans/", include("measures.urls")),
    path("prevent-assurance/", include("assurance.urls")),
    path("risks/", include("risks.urls")),
    path("prevent-duty/", include("dutyreturns.urls")),
    path("governance/", include("governance.urls")),
    path("emails/", include("outbox.urls")),
    path("returns/", include("returnrequests.urls")),
    path("redact/<str:label>/<int:pk>/", redaction_views.redact, name="redact"),
    # Django's own admin: a back office for council admins' edge cases (staff accounts only).
    path("django-admin/", admin.site.urls),
]
