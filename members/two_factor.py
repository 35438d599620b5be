"""Two-factor sign-in for council admins: a TOTP app, with single-use backup codes (django-otp)."""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10


def needs_second_factor(user):
    if not (settings.REQUIRE_ADMIN_2FA and user.is_authenticated and user.is_council_admin):
        return False
    # OTPMiddleware adds is_verified(); a user object fresh from login() has not met it yet.
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def has_confirmed_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


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
