"""Passkeys (django-otp-webauthn) as a council admin's second factor, beside the authenticator app.

Never a way in alone (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off): the person has signed in with their password or
single sign-on first. Added from the account page once the second factor is given; used on the two-factor page.
The library's JSON views are wrapped here in the app's access decorators, and each use or addition is audited.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn
from django_otp_webauthn.helpers import WebAuthnHelper

from common import need_to_know
from common.access import admin_required, password_signed_in, public
from common.audit import log_sign_in_event


class PasskeyHelper(WebAuthnHelper):
    def create_credential(self, user, response, parsed_credential, original_data):
        device = super().create_credential(user, response, parsed_credential, original_data)
        device.name = f"Passkey added {date_format(timezone.localdate(), 'j F Y')}"
        return device


class _Register:
    def user_is_mfa_enrolled(self, user):
        # The library refuses to add a passkey unless django-otp verified the session; the app's rule is wider (a
        # provider's second factor counts too): refuse exactly when need_to_know says the second factor is missing.
        return not need_to_know.second_factor_given(user)


class BeginRegistration(_Register, webauthn.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(_Register, webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            log_sign_in_event(self.request, "Passkey added", login=self.request.user)
        return response


class CompleteAuthentication(webauthn.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        log_sign_in_event(self.request, "Second factor given: passkey", login=self.request.user)


registration_begin = admin_required(BeginRegistration.as_view())
registration_complete = admin_required(CompleteRegistration.as_view())
# Used on the two-factor page: signed in with the first factor, the second not given yet.
authentication_begin = password_signed_in(webauthn.BeginCredentialAuthenticationView.as_view())
authentication_complete = password_signed_in(CompleteAuthentication.as_view())
# The library's words for its script, in the page's language.
js_catalog = public(JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]))
