"""An admin who lost every second factor asks for a reset; another admin, never the person alone, approves it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_otp import devices_for_user

from signin.models import FactorRecovery
from tests.factories import PASSWORD, UserFactory, admin_client

pytestmark = pytest.mark.django_db


def password_only(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")
    assert response["Location"].startswith(reverse("two_factor"))
    return client


@pytest.fixture
def locked_out_admin():
    return UserFactory(role="admin", email="lost.phone@northport.example")


def test_an_admin_with_only_the_password_asks_for_a_reset_and_it_waits_for_another_admin(client, locked_out_admin):
    client.defaults["REMOTE_ADDR"] = "203.0.113.5"
    password_only(client, locked_out_admin)
    assert "Ask another council admin to reset your second factor" in client.get(reverse("two_factor")).content.decode()

    response = client.post(reverse("signin:factor_recovery_request"), {"reason": "Phone stolen on the train"})

    assert response.status_code == 302
    recovery = FactorRecovery.objects.get(user=locked_out_admin)
    assert recovery.status == "pending" and recovery.requested_from == "203.0.113.5"
    assert (
        "Another council admin must approve it"
        in client.get(reverse("signin:factor_recovery_request")).content.decode()
    )
    # Nothing is opened meanwhile: the password still reaches no admin page, and the devices are all there.
    assert client.get(reverse("signin:factor_recoveries")).status_code == 302
    assert len(list(devices_for_user(locked_out_admin))) == 1


def test_the_asker_cannot_approve_their_own_request(locked_out_admin):
    recovery = FactorRecovery.objects.create(user=locked_out_admin, reason="Lost it")
    own = admin_client(locked_out_admin)  # even with a second factor given somewhere

    response = own.post(reverse("signin:factor_recovery_approve", args=[recovery.pk]), follow=True)

    assert "Another council admin must approve your own request." in response.content.decode()
    recovery.refresh_from_db()
    assert recovery.status == "pending"


def test_another_admin_approves_and_the_askers_next_sign_in_sets_up_a_new_second_factor(client, locked_out_admin):
    recovery = FactorRecovery.objects.create(user=locked_out_admin, reason="Lost it")
    approver = UserFactory(role="admin", email="chair@northport.example")
    approving = admin_client(approver)
    assert "lost.phone@northport.example" in approving.get(reverse("signin:factor_recoveries")).content.decode()

    response = approving.post(reverse("signin:factor_recovery_approve", args=[recovery.pk]), REMOTE_ADDR="192.0.2.44")

    assert response.status_code == 302
    recovery.refresh_from_db()
    assert (recovery.status, recovery.decided_by) == ("approved", approver)
    assert list(devices_for_user(locked_out_admin, confirmed=None)) == []
    password_only(client, locked_out_admin)
    assert "Set up two-factor sign-in" in client.get(reverse("two_factor")).content.decode()
    entry = LogEntry.objects.get(object_id=locked_out_admin.pk, changes__icontains="Second factors reset")
    assert entry.actor == approver and entry.remote_addr == "192.0.2.44"
    assert entry.changes["sign-in"][1].startswith("Second factors reset, approved by chair@northport.example")


def test_a_partner_cannot_approve_a_reset(partner_client, locked_out_admin):
    recovery = FactorRecovery.objects.create(user=locked_out_admin, reason="Lost it")
    assert partner_client.post(reverse("signin:factor_recovery_approve", args=[recovery.pk])).status_code == 403
    recovery.refresh_from_db()
    assert recovery.status == "pending"


def test_the_asker_can_cancel_their_request(client, locked_out_admin):
    password_only(client, locked_out_admin)
    client.post(reverse("signin:factor_recovery_request"), {"reason": "Thought I lost it"})
    client.post(reverse("signin:factor_recovery_cancel"))
    assert FactorRecovery.objects.get(user=locked_out_admin).status == "cancelled"


def test_the_request_form_names_the_missing_field(client, locked_out_admin):
    password_only(client, locked_out_admin)
    response = client.post(reverse("signin:factor_recovery_request"), {"reason": ""})
    assert response.status_code == 200
    assert "Enter what happened" in response.content.decode()
    assert not FactorRecovery.objects.exists()
