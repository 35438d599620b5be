"""Fill the production-mode test's fresh database with the access matrix's world, and say where it is.

Run by tests/production/test_production.py as `python -m tests.production.seed` with the same
environment as the gunicorn it starts (DEBUG off, its SECRET_KEY, DATABASE_URL, MEDIA_ROOT), so the
signed links (password reset, meeting replies) the world makes are the ones that server accepts.
Writes one JSON object to the file named by its argument: the accounts to sign in with, the admin's
authenticator key, and every cell of the access matrix as a URL and the answer each role gets in
development.
"""

import json
import os
import sys


def main(out_path):
    import django

    django.setup()

    from django.conf import settings
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.access.matrix import ENTRIES, LOGIN, ROLES
    from tests.access.world import build_world
    from tests.factories import PASSWORD

    assert not settings.DEBUG, "the production-mode test seeds a server running with DEBUG off"
    world = build_world()
    # Production asks council admins for a second factor: give the admin an authenticator app already set up.
    device = TOTPDevice.objects.create(user=world.users["admin"], name="Authenticator app", confirmed=True)
    cells = [
        {
            "id": entry.id,
            "url": reverse(entry.name, kwargs=entry.kwargs(world)),
            "expected": {role: entry.expected(role) for role in ROLES},
        }
        for entry in ENTRIES
    ]
    document = {
        "login_url": reverse(settings.LOGIN_URL),
        "login_marker": LOGIN,
        "two_factor_url": reverse("two_factor"),
        "password": PASSWORD,
        "emails": {role: user.email for role, user in world.users.items()},
        "totp_key": device.key,
        "cells": cells,
    }
    with open(out_path, "w") as out:
        json.dump(document, out)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    main(sys.argv[1])
