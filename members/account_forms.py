from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from common.forms import GOVUKForm


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
    pass


class SetPasswordForm(GOVUKForm, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GOVUKForm, auth_forms.PasswordChangeForm):
    pass
