"""Two-factor sign-in for council admins: a TOTP app, with single-use backup codes (django-otp)."""

import base64

import segno
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from common import need_to_know

BACKUP_CODE_COUNT = 10


# The one rule of who must give it lives with who reads what.
needs_second_factor = need_to_know.needs_second_factor


def has_confirmed_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


def has_code_device(user):
    """An authenticator app or backup codes: something that gives a code to type."""
    return any(not isinstance(device, WebAuthnCredential) for device in devices_for_user(user, confirmed=True))


def has_passkey(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def device_kind(device):
    """How a device is named in the audit trail."""
    if isinstance(device, WebAuthnCredential):
        return "passkey"
    if isinstance(device, StaticDevice):
        return "backup code"
    return "authenticator app"


def pending_totp_device(user):
    """The unconfirmed authenticator being set up, created on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_code_data_uri(device):
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b0c0c")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def manual_key(device):
    return " ".join(base64.b32encode(device.bin_key).decode().rstrip("=")[i : i + 4] for i in range(0, 32, 4)).strip()


@transaction.atomic
def totp_device_confirm(*, user, device, token):
    """Confirm the authenticator if the code matches; return fresh backup codes, or None."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_regenerate(user=user)


@transaction.atomic
def backup_codes_regenerate(*, user):
    backup, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes", defaults={"confirmed": True})
    backup.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def verify(*, user, token):
    """The device that accepts this code (a backup code is used up), or None."""
    return match_token(user, token.replace(" ", ""))


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
