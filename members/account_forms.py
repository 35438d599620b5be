from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from common.forms import GOVUKForm

from .emails import password_reset_enqueue


def password_sign_in_off_for(email):
    """People at the email domains in PASSWORD_SIGN_IN_OFF_FOR_DOMAINS must sign in with single sign-on."""
    domain = (email or "").strip().rsplit("@", 1)[-1].lower() if "@" in (email or "") else ""
    return domain in settings.PASSWORD_SIGN_IN_OFF_FOR_DOMAINS


class LoginForm(GOVUKForm, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive except the email.",
        "inactive": "This account has been closed. Contact the partnership officer.",
        "password_off": "People at %(domain)s sign in with %(provider)s, not a password: use the button above.",
    }

    def clean(self):
        # Before the password is even tried: it opens nothing for these people, and the lock-out need not count it.
        email = self.cleaned_data.get("username")
        if email and password_sign_in_off_for(email):
            raise ValidationError(
                self.error_messages["password_off"],
                code="password_off",
                params={"domain": email.rsplit("@", 1)[-1].lower(), "provider": settings.SSO_PROVIDER_NAME},
            )
        return super().clean()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = "Email address"
        # Django sets max_length after the field is built, so no validator enforces it: an over-long
        # "email" went on to the lock-out record (254 characters at most) and failed with a 500.
        username.validators.append(MaxLengthValidator(username.max_length))
        username.widget = forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "maxlength": username.max_length}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class PasswordResetForm(GOVUKForm, auth_forms.PasswordResetForm):
    def get_users(self, email):
        # No password to reset for people who must use single sign-on.
        return () if password_sign_in_off_for(email) else super().get_users(email)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """Into the outbox like every other email: the link is made when it is sent, and never stored."""
        password_reset_enqueue(context["user"])


class SetPasswordForm(GOVUKForm, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GOVUKForm, auth_forms.PasswordChangeForm):
    pass
