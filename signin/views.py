"""Single sign-on: start at the provider, come back signed in (or refused, with no session)."""

import logging

from django.conf import settings
from django.contrib import auth
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from common import need_to_know
from common.access import public
from common.audit import log_sign_in_event
from members.views.join import join_prefill

from . import services
from .middleware import SESSION_KEY, carry
from .provider import SignInRefused, StartView, TokenChecker, enabled

logger = logging.getLogger(__name__)

_start = StartView.as_view()


@public
def sso_start(request):
    """Off to the provider, with `state`, `nonce` and a PKCE challenge kept in this session."""
    if not enabled():
        raise Http404
    try:
        return _start(request)
    except SignInRefused as refusal:
        return _refused(request, refusal)


@public
def sso_callback(request):
    """The provider sends the person back here with a code (or an error) and the `state` it was given."""
    if not enabled():
        raise Http404
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    # Each state is used once, whatever happens next: a replayed or forged callback finds nothing.
    pending = states.pop(state, None) if state else None
    request.session["oidc_states"] = states
    request.session.save()
    try:
        if request.GET.get("error"):
            raise SignInRefused(
                f"the provider answered {request.GET['error']}: {request.GET.get('error_description', '')}"[:300],
                "Signing in with your organisation's account did not finish. Try again.",
            )
        if pending is None:
            raise SignInRefused("the state does not match a sign-in started in this browser")
        if not request.GET.get("code"):
            raise SignInRefused("the provider's answer had no code")
        verified = TokenChecker().check(request, nonce=pending["nonce"], code_verifier=pending.get("code_verifier"))
        user, linked_now = services.provider_sign_in(issuer=verified["issuer"], claims=verified["claims"])
    except services.UnknownPerson as unknown:
        return _unknown(request, unknown)
    except SignInRefused as refusal:
        return _refused(request, refusal)
    return _signed_in(request, user, verified, linked_now=linked_now)


def _signed_in(request, user, verified, *, linked_now):
    back = request.session.get("oidc_login_next") or reverse(settings.LOGIN_REDIRECT_URL)
    auth.login(request, user, backend="members.backends.MemberBackend")
    claims = verified["claims"]
    amr = claims.get("amr") if isinstance(claims.get("amr"), list) else []
    request.session[SESSION_KEY] = {
        "user_id": user.pk,
        "issuer": verified["issuer"],
        "amr": [str(method) for method in amr][:10],
        "acr": str(claims["acr"]) if claims.get("acr") else None,
        "id_token": verified["id_token"],
    }
    carry(user, request.session)
    if linked_now:
        log_sign_in_event(request, f"Single sign-on linked: {verified['issuer']} (subject {claims['sub']})", login=user)
    second = need_to_know.second_factor_given(user)
    log_sign_in_event(
        request,
        f"Signed in with single sign-on ({verified['issuer']})"
        + (", second factor given at the provider" if second and need_to_know.holds_admin_role(user) else ""),
        login=user,
    )
    if need_to_know.needs_second_factor(user):
        return redirect(reverse("two_factor") + "?" + urlencode({"next": back}))
    return redirect(back)


def _refused(request, refusal):
    """Nobody is signed in after a refusal: a session that was there is ended too."""
    auth.logout(request)
    logger.warning("Single sign-on refused: %s", refusal.reason)
    log_sign_in_event(request, f"Single sign-on refused: {refusal.reason}", login=refusal.user, email=refusal.email)
    return render(
        request,
        "signin/refused.html",
        {"message": refusal.message, "provider_name": settings.SSO_PROVIDER_NAME},
        status=403,
    )


def _unknown(request, unknown):
    auth.logout(request)
    log_sign_in_event(request, f"Single sign-on refused: {unknown.reason}", email=unknown.email)
    join_prefill(request, name=unknown.name, email=unknown.email)
    return render(
        request,
        "signin/unknown.html",
        {"email": unknown.email, "provider_name": settings.SSO_PROVIDER_NAME},
        status=403,
    )


def sign_out_at_provider(request):
    """For `members.site_views.LogoutView`: where to go once signed out here, to sign out at the provider too."""
    from .provider import end_session_url

    sign_in = request.session.get(SESSION_KEY)
    if not enabled() or not sign_in or not sign_in.get("id_token"):
        return None
    return end_session_url(sign_in["id_token"], request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL)))
