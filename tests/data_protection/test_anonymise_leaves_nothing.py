"""Anonymising a person leaves nothing of them in the database: searched in a dump of the whole database.

A person's name, email and phone are planted everywhere the app writes them, through the app as people use it:
they apply to join (a receipt to them, a notice to the admins naming them), are approved (a sign-in link), fail a
sign-in and sign in, ask for a password reset, correct their details, reply to a meeting sending a deputy, are named
as someone else's deputy, lead a plan action and post progress on it, are a linked body's contact, leave, come back
(their closed sign-in is retired as `<email>.retired-N.invalid`), and leave again. Every email is sent. Then each of
their records is anonymised, `pg_dump` writes out the test database, and the dump is searched.
"""

import os
import re
import shutil
import subprocess

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import data_protection, services
from members.models import JoinRequest, Person, User
from outbox.models import EmailDelivery
from outbox.tasks import send_due_emails
from tests import factories
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory
from tests.meetings.factories import InvitationFactory, MeetingFactory
from tests.members.factories import LinkedBodyFactory

pytestmark = pytest.mark.django_db(transaction=True)

NAME, EMAIL, PHONE, JOB = "Isolde Varnham", "isolde.varnham@example.org", "01632 960847", "Designated Safeguarding Lead"
# What must not be found anywhere: each part of the name, the address's local part, the phone's digits.
TRACES = ["isolde", "varnham", "isolde.varnham", "960847", "01632960847"]
PASSWORD = "a long enough passphrase 42"


def _pg_dump():
    found = shutil.which("pg_dump")
    for candidate in ("/usr/lib/postgresql/15/bin/pg_dump", found):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.skip("pg_dump is not installed")


def database_dump():
    settings = connection.settings_dict
    command = [_pg_dump(), "--data-only", "--no-owner", "--dbname", settings["NAME"], "--host", settings["HOST"],
               "--port", str(settings["PORT"]), "--username", settings["USER"]]  # fmt: skip
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return subprocess.run(command, capture_output=True, check=True, env=env, text=True).stdout


def _apply(client):
    data = {"name": NAME, "email": EMAIL, "phone": PHONE, "job_title": JOB, "kind": "organisation",
            "organisation_name": "Ferndale Academy", "sector": "secondary_school",
            "reason": f"I am {NAME}, the DSL at Ferndale; call me on {PHONE}", "consent": "on"}  # fmt: skip
    response = client.post(reverse("members:join"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return JoinRequest.objects.filter(email=EMAIL).latest("pk")


def _send_everything():
    send_due_emails()


def _sign_in(password):
    client = Client()
    client.post(reverse("login"), {"username": EMAIL.upper(), "password": password})
    return client


def _live_membership(admin):
    """From application to leaving, everything a member does that the app writes down."""
    application = _apply(Client())
    services.join_request_approve(join_request=application, by=admin)
    person = Person.objects.get(email=EMAIL, status=Person.Status.ACTIVE)
    person.user.set_password(PASSWORD)
    person.user.first_name, person.user.last_name = NAME.split()
    person.user.save()
    _sign_in("the wrong password, twice over")
    client = _sign_in(PASSWORD)
    Client().post(reverse("password_reset"), {"email": EMAIL})
    page = client.get(reverse("members:my_details"))
    assert page.status_code == 200
    client.post(
        reverse("members:my_details"),
        {"name": NAME, "job_title": JOB, "email": EMAIL, "phone": PHONE, "version": person.version},
    )
    meeting = MeetingFactory(status="agenda_published")
    InvitationFactory(meeting=meeting, person=person)
    client.post(reverse("meetings:my_reply", args=[meeting.pk]), {"reply": "deputy", "deputy_name": "Sam Okafor"})
    InvitationFactory(meeting=meeting, reply="deputy", deputy_name=NAME, attended_deputy_name=NAME)
    action = ActionFactory(priority=PriorityFactory(plan=PlanFactory()), lead_organisation=person.organisation,
                           lead_officer=person)  # fmt: skip
    client.post(
        reverse("actionplans:action_update", args=[action.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "narrative": "Trained 40 staff",
            "status": "on_track",
            "percent_complete": "50",
        },
    )
    assert action.updates.exists()
    LinkedBodyFactory(contact_name=NAME, contact_email=EMAIL)
    _send_everything()
    return person, client, action


@pytest.mark.parametrize("how", ["retention, record by record", "erasure on request, from their latest record"])
def test_anonymising_leaves_no_trace_of_the_person_in_a_dump_of_the_database(how):
    admin = factories.UserFactory(role="admin", email="admin@example.org")
    first, _client, _action = _live_membership(admin)
    services.person_end_membership(person=first, end_date=timezone.localdate())
    # They come back: their closed sign-in is retired, and they get a new one.
    again = _apply(Client())
    services.join_request_approve(join_request=again, by=admin)
    second = Person.objects.get(email=EMAIL, status=Person.Status.ACTIVE)
    services.person_invite(person=second)
    assert User.objects.filter(email__startswith=f"{EMAIL}.retired-").exists()
    _send_everything()
    services.person_end_membership(person=second, end_date=timezone.localdate())
    assert len(mail.outbox) >= 6
    assert EmailDelivery.objects.filter(subject__icontains=NAME).exists()  # the admins' notice names them

    if how.startswith("retention"):
        for person in Person.objects.filter(email=EMAIL):
            data_protection.person_anonymise(person=person)
    else:
        admin_browser = factories.signed_in_client(admin)
        response = admin_browser.post(
            reverse("members:person_erase", args=[second.pk]), {"reason": "Asked by letter", "confirm": "on"}
        )
        assert response.status_code == 302

    dump = database_dump()
    lines = [line for line in dump.splitlines() if any(trace in line.lower() for trace in TRACES)]
    assert lines == [], "\n".join(line[:300] for line in lines)
    assert re.search(r"Former member \d+", dump)  # the records are there, under their label
