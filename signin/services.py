"""Who a single sign-on gets in, and the changes to a login's ways of signing in (each in the audit trail)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp import devices_for_user

from common import need_to_know
from common.audit import log_sign_in_event
from common.http import client_ip
from members.models import User

from .models import FactorRecovery, ProviderLink
from .provider import SignInRefused

CLOSED = "This account has been closed. Contact the partnership officer."


class UnknownPerson(SignInRefused):
    """A verified email that no current login has: they may apply to join."""

    def __init__(self, *, email, name):
        super().__init__("no login has this email", email=email)
        self.name = name


def _domain(email):
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def email_domain_allowed(email):
    return not settings.SSO_ALLOWED_EMAIL_DOMAINS or _domain(email) in settings.SSO_ALLOWED_EMAIL_DOMAINS


def _email_verified(claims):
    value = claims.get(settings.SSO_EMAIL_VERIFIED_CLAIM)
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _may_sign_in(user):
    """A current member's login or a council admin's; never a closed login, never a leaver's."""
    if not user.is_active:
        raise SignInRefused("the login is closed", CLOSED, user=user)
    if not need_to_know.holds_admin_role(user) and need_to_know.member_of(user) is None:
        raise SignInRefused("the login's member has left", CLOSED, user=user)


@transaction.atomic
def provider_sign_in(*, issuer, claims):
    """The login these verified claims belong to: by the provider's subject once linked, by verified email the first
    time (linking it). Never creates a login, never changes a role, never opens a closed one.
    Returns (user, linked_now); raises SignInRefused (or UnknownPerson)."""
    subject = str(claims.get("sub") or "")
    email = (claims.get("email") or "").strip().lower()
    if not subject:
        raise SignInRefused("the ID token has no subject")
    if email and not email_domain_allowed(email):
        raise SignInRefused(
            f"{email} is not at a domain SSO_ALLOWED_EMAIL_DOMAINS names",
            "Your organisation's account cannot be used to sign in here. Sign in with your email and password.",
            email=email,
        )
    link = (
        ProviderLink.objects.select_for_update(of=("self",))
        .select_related("user__person")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if link is not None:
        _may_sign_in(link.user)
        link.last_signed_in_at = timezone.now()
        link.save(update_fields=["last_signed_in_at"])
        return link.user, False
    if not email:
        raise SignInRefused("the provider gave no email address")
    if not _email_verified(claims):
        raise SignInRefused(
            f"the provider did not say it verified {email} ({settings.SSO_EMAIL_VERIFIED_CLAIM})", email=email
        )
    user = User.objects.select_related("person").filter(email__iexact=email).first()
    if user is None:
        raise UnknownPerson(email=email, name=claims.get("name") or "")
    _may_sign_in(user)
    if ProviderLink.objects.filter(user=user, issuer=issuer).exists():
        raise SignInRefused(
            "the login is linked to another account at this provider",
            "Your login here is linked to another account at your organisation. Contact the partnership officer.",
            user=user,
        )
    try:
        with transaction.atomic():
            ProviderLink.objects.create(
                user=user, issuer=issuer, subject=subject, email=email, last_signed_in_at=timezone.now()
            )
    except IntegrityError as error:  # the same subject linked at the same moment by another request
        raise SignInRefused("the account was linked by another request at the same time", user=user) from error
    return user, True


def provider_link_remove(*, request, link):
    link.delete()
    log_sign_in_event(request, f"Single sign-on link removed ({link.issuer})", login=link.user, actor=request.user)


# Second factors -------------------------------------------------------------------------------------------------


def passkeys_of(user):
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


@transaction.atomic
def passkey_remove(*, request, passkey):
    """Remove one of the signed-in person's own passkeys."""
    name = passkey.name
    passkey.delete()
    log_sign_in_event(request, f"Passkey removed: {name}", login=request.user)


@transaction.atomic
def factor_recovery_request(*, request, reason):
    """An admin who has given only the first factor asks for their second factors to be reset."""
    user = request.user
    if not need_to_know.holds_admin_role(user):
        raise ValidationError("Only council admins have a second factor to recover.")
    if FactorRecovery.objects.filter(user=user, status=FactorRecovery.Status.PENDING).exists():
        raise ValidationError("You have asked already. Another council admin needs to approve it.")
    recovery = FactorRecovery.objects.create(user=user, reason=reason, requested_from=client_ip(request))
    log_sign_in_event(request, "Asked for their second factors to be reset", login=user)
    return recovery


@transaction.atomic
def factor_recovery_approve(*, request, recovery):
    """Another admin (with their own second factor given) approves: the asker's second factors are removed, so their
    next sign-in sets up new ones. Nobody approves their own."""
    approver = request.user
    recovery = FactorRecovery.objects.select_for_update().get(pk=recovery.pk)
    if not need_to_know.is_admin(approver):
        raise ValidationError("Only a council admin who has given their second factor can approve this.")
    if recovery.user_id == approver.pk:
        raise ValidationError("Another council admin must approve your own request.")
    if recovery.status != FactorRecovery.Status.PENDING:
        raise ValidationError("This request has been dealt with already.")
    removed = [device.name for device in devices_for_user(recovery.user, confirmed=None)]
    for device in devices_for_user(recovery.user, confirmed=None):
        device.delete()
    recovery.status = FactorRecovery.Status.APPROVED
    recovery.decided_by = approver
    recovery.decided_at = timezone.now()
    recovery.save(update_fields=["status", "decided_by", "decided_at"])
    log_sign_in_event(
        request,
        f"Second factors reset, approved by {approver.email}: {', '.join(removed) or 'none were set up'}",
        login=recovery.user,
        actor=approver,
    )
    return recovery


@transaction.atomic
def factor_recovery_cancel(*, request, recovery):
    if recovery.user_id != request.user.pk or recovery.status != FactorRecovery.Status.PENDING:
        raise ValidationError("This request cannot be cancelled.")
    recovery.status = FactorRecovery.Status.CANCELLED
    recovery.decided_at = timezone.now()
    recovery.save(update_fields=["status", "decided_at"])
    log_sign_in_event(request, "Cancelled their request to reset their second factors", login=request.user)
