"""django-otp-webauthn's endpoints under its own namespace (its script and template tags reverse these names), each
view wrapped in the app's access decorators."""

from django.urls import path

from . import passkeys

app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", passkeys.registration_begin, name="credential-registration-begin"),
    path("registration/complete/", passkeys.registration_complete, name="credential-registration-complete"),
    path("authentication/begin/", passkeys.authentication_begin, name="credential-authentication-begin"),
    path("authentication/complete/", passkeys.authentication_complete, name="credential-authentication-complete"),
    path("jsi18n/", passkeys.js_catalog, name="js-i18n-catalog"),
]
