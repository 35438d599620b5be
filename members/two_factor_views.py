from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from common import need_to_know
from common.access import password_signed_in
from common.audit import log_sign_in_event
from common.forms import GOVUKForm
from common.http import next_url

from . import two_factor


class CodeForm(GOVUKForm, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


@password_signed_in
def second_factor(request):
    """Set up an authenticator (first time) or check a code or a passkey (every sign-in) for council admins."""
    user = request.user
    back = next_url(request, "/")
    if not need_to_know.holds_admin_role(user) or need_to_know.second_factor_given(user):
        return redirect(back)
    setting_up = not two_factor.has_confirmed_device(user)
    takes_code = setting_up or two_factor.has_code_device(user)
    device = two_factor.pending_totp_device(user) if setting_up else None
    form = CodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if setting_up:
            backup_codes = two_factor.totp_device_confirm(user=user, device=device, token=code)
            if backup_codes is not None:
                otp_login(request, device)
                log_sign_in_event(
                    request, "Authenticator app set up, backup codes made; second factor given", login=user
                )
                return render(
                    request,
                    "registration/two_factor_backup_codes.html",
                    {"backup_codes": backup_codes, "next": back},
                )
        else:
            matched = two_factor.verify(user=user, token=code)
            if matched is not None:
                otp_login(request, matched)
                log_sign_in_event(request, f"Second factor given: {two_factor.device_kind(matched)}", login=user)
                messages.success(request, _("You are signed in."))
                return redirect(back)
        log_sign_in_event(request, "Second factor refused: the code was not right", login=user)
        form.add_error("code", "The code is not right. Check the time on your phone is correct, and try again.")
    context = {
        "form": form,
        "setting_up": setting_up,
        "takes_code": takes_code,
        "has_passkey": not setting_up and two_factor.has_passkey(user),
        "next": back,
    }
    if setting_up:
        context.update(qr_code=two_factor.qr_code_data_uri(device), manual_key=two_factor.manual_key(device))
    return render(request, "registration/two_factor.html", context)
