from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from common.forms import GOVUKForm

from .emails import password_reset_enqueue


class LoginForm(GOVUKForm, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive except the email.",
        "inactive": "This account has been closed. Contact the partnership officer.",
    }

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
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """Into the outbox like every other email: the link is made when it is sent, and never stored."""
        password_reset_enqueue(context["user"])


class SetPasswordForm(GOVUKForm, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GOVUKForm, auth_forms.PasswordChangeForm):
    pass
