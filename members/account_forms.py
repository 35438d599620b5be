from django import forms
from django.contrib.auth import forms as auth_forms

from common.forms import GOVUKForm


class LoginForm(GOVUKForm, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive except the email.",
        "inactive": "This account has been closed. Contact the partnership officer.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class PasswordResetForm(GOVUKForm, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(GOVUKForm, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GOVUKForm, auth_forms.PasswordChangeForm):
    pass
