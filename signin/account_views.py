"""Your account: how you sign in (password, single sign-on links), and an admin's second factors (authenticator app,
backup codes, passkeys); asking for a second-factor reset, and approving another admin's."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from common import need_to_know
from common.access import admin_required, login_required, password_signed_in
from common.audit import log_sign_in_event
from common.forms import GOVUKForm
from members import two_factor
from members.account_forms import password_sign_in_off_for

from . import services
from .models import FactorRecovery, ProviderLink


class RecoveryForm(GOVUKForm, forms.Form):
    reason = forms.CharField(
        label="What happened?",
        help_text="For example: my phone was lost and I do not have my backup codes. The admin who approves this "
        "will call you to check it is you.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what happened"},
    )


@login_required
def account(request):
    user = request.user
    context = {
        "links": ProviderLink.objects.filter(user=user).order_by("linked_at"),
        "sso_enabled": settings.SSO_ENABLED,
        "sso_provider_name": settings.SSO_PROVIDER_NAME,
        "password_off": password_sign_in_off_for(user.email),
        "second_factor": need_to_know.holds_admin_role(user),
    }
    if context["second_factor"]:
        context.update(
            has_authenticator=two_factor.has_code_device(user),
            backup_codes_left=two_factor.backup_codes_left(user),
            passkeys=services.passkeys_of(user),
            second_factor_at_provider=need_to_know.provider_asked_for_more_than_a_password(
                getattr(user, "provider_sign_in", None)
            ),
            recoveries_waiting=FactorRecovery.objects.filter(status=FactorRecovery.Status.PENDING)
            .exclude(user=user)
            .count(),
        )
    return render(request, "signin/account.html", context)


@login_required
@require_POST
def provider_link_remove(request, pk):
    link = get_object_or_404(ProviderLink, pk=pk, user=request.user)
    services.provider_link_remove(request=request, link=link)
    messages.success(request, "The link is removed. Signing in with your organisation's account again links it again.")
    return redirect("signin:account")


@admin_required
@require_POST
def passkey_remove(request, pk):
    passkey = get_object_or_404(services.passkeys_of(request.user), pk=pk)
    verified_with_it = getattr(request.user, "otp_device", None) == passkey
    services.passkey_remove(request=request, passkey=passkey)
    if verified_with_it:
        # This sign-in's second factor no longer exists (django-otp forgets it): give another one.
        messages.success(request, "The passkey you signed in with is removed: give your second factor again.")
        return redirect(reverse("two_factor") + "?" + urlencode({"next": reverse("signin:account")}))
    messages.success(request, f"{passkey.name} is removed.")
    return redirect("signin:account")


@admin_required
@require_POST
def backup_codes_new(request):
    codes = two_factor.backup_codes_regenerate(user=request.user)
    log_sign_in_event(request, "New backup codes made (the old ones no longer work)", login=request.user)
    return render(request, "registration/two_factor_backup_codes.html", {"backup_codes": codes, "next": "/accounts/"})


@password_signed_in
def factor_recovery_request(request):
    """For an admin who signed in with the first factor and has lost every second factor."""
    user = request.user
    if not need_to_know.needs_second_factor(user):
        return redirect("signin:account")
    pending = FactorRecovery.objects.filter(user=user, status=FactorRecovery.Status.PENDING).first()
    form = RecoveryForm(request.POST or None)
    if pending is None and form.is_valid():
        try:
            pending = services.factor_recovery_request(request=request, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("signin:factor_recovery_request")
    return render(request, "signin/recovery_request.html", {"form": form, "pending": pending})


@password_signed_in
@require_POST
def factor_recovery_cancel(request):
    recovery = get_object_or_404(FactorRecovery, user=request.user, status=FactorRecovery.Status.PENDING)
    services.factor_recovery_cancel(request=request, recovery=recovery)
    messages.success(request, "Your request is cancelled.")
    return redirect("two_factor")


@admin_required
def factor_recoveries(request):
    waiting = (
        FactorRecovery.objects.filter(status=FactorRecovery.Status.PENDING)
        .exclude(user=request.user)
        .select_related("user__person")
    )
    decided = FactorRecovery.objects.exclude(status=FactorRecovery.Status.PENDING).select_related("user", "decided_by")[
        :20
    ]
    return render(request, "signin/recoveries.html", {"waiting": waiting, "decided": decided})


@admin_required
@require_POST
def factor_recovery_approve(request, pk):
    recovery = get_object_or_404(FactorRecovery.objects.select_related("user"), pk=pk)
    try:
        services.factor_recovery_approve(request=request, recovery=recovery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{recovery.user.email}'s second factors are reset: they set up new ones when they next sign in."
        )
    return redirect("signin:factor_recoveries")
