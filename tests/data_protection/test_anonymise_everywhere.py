"""Anonymising a person leaves none of their details anywhere: every table with a name, email or phone column
is either scrubbed or listed, with its reason, in data_protection.NOT_PERSONAL_FIELDS."""

import datetime
import json
import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from members import data_protection
from members.models import JoinRequest, Person
from outbox.models import EmailDelivery
from tests.factories import UserFactory
from tests.meetings.factories import InvitationFactory, MeetingFactory
from tests.members.factories import JoinRequestFactory, LinkedBodyFactory, PersonFactory

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE, JOB = "Morag Stewart", "morag.stewart@example.org", "01632 960123", "Deputy Head of Year"
PERSONAL_COLUMN = re.compile(r"(^|_)(email|name|phone|username)$|^job_title$")


def personal_columns():
    """(model, field name) of every column that may hold a name, email or phone, in every installed app."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if PERSONAL_COLUMN.search(field.name)
    ]


def test_every_personal_column_is_scrubbed_or_exempted_with_a_reason():
    for label, reason in data_protection.NOT_PERSONAL_FIELDS.items():
        assert len(reason) > 20, f"{label}: say why it is not personal data"
    # The columns the anonymisation test below must find clean: a new one fails it until handled or exempted.
    checked = [f"{m._meta.label}.{f}" for m, f in personal_columns() if not data_protection.is_exempt(m, f)]
    assert "members.JoinRequest.email" in checked and "outbox.EmailDelivery.to_email" in checked


@pytest.fixture
def leaver():
    """A former member whose details are in every table that can hold them."""
    today = timezone.localdate()
    user = UserFactory(email=EMAIL, first_name="Morag", last_name="Stewart", person=None)
    person = PersonFactory(
        name=NAME, email=EMAIL, phone=PHONE, job_title=JOB, user=user, status=Person.Status.FORMER,
        term_start=today - datetime.timedelta(days=900), term_end=today - datetime.timedelta(days=800),
    )  # fmt: skip
    application = JoinRequestFactory(
        name=NAME, email=EMAIL, phone=PHONE, job_title=JOB, reason=f"I am {NAME}, call {PHONE}", person=person
    )
    application.status = JoinRequest.Status.APPROVED
    application.save()
    JoinRequestFactory(name=NAME, email=EMAIL.upper(), phone=PHONE, status=JoinRequest.Status.DECLINED)
    LinkedBodyFactory(contact_name=NAME, contact_email=EMAIL)
    meeting = MeetingFactory()
    invitation = InvitationFactory(meeting=meeting, person=person)
    InvitationFactory(meeting=meeting, reply="deputy", deputy_name=NAME, deputy=person, attended_deputy_name=NAME)
    EmailDelivery.objects.create(
        meeting_id=meeting.pk, person_id=person.pk, kind="agenda", key="1", to_name=NAME, to_email=EMAIL, status="sent"
    )
    with set_actor(user):
        invitation.reply = "attending"
        invitation.save()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        extra = {"failures_since_start": 1, "get_data": "", "post_data": f"username={EMAIL}"}
        fields = {k: v for k, v in extra.items() if k in {f.name for f in model._meta.fields}}
        where = {"ip_address": "192.0.2.1", "user_agent": "x", "http_accept": "x", "path_info": "/"}
        model.objects.create(username=EMAIL, **where, **fields)
    return person


def _holds_their_details(value):
    text = json.dumps(value, default=str).lower() if not isinstance(value, str) else value.lower()
    return any(part.lower() in text for part in (NAME, EMAIL, PHONE, "morag"))


def test_anonymising_leaves_no_name_email_or_phone_in_any_table(leaver):
    data_protection.person_anonymise(person=leaver)
    left = []
    for model, field in personal_columns():
        if data_protection.is_exempt(model, field):
            continue
        for pk, value in model._default_manager.values_list("pk", field):
            if value and _holds_their_details(value):
                left.append(f"{model._meta.label}.{field} #{pk}: {value}")
    audit_columns = ("object_repr", "changes", "changes_text", "serialized_data", "additional_data", "actor_email")
    for row in LogEntry.objects.values("pk", *audit_columns):
        left += [f"LogEntry.{c} #{row['pk']}" for c in audit_columns if row[c] and _holds_their_details(row[c])]
    for row in AccessAttempt.objects.values("pk", "post_data"):
        left += [f"AccessAttempt.post_data #{row['pk']}"] if _holds_their_details(row["post_data"]) else []
    assert left == []


def test_their_applications_lose_the_reason_and_contact_details_but_keep_the_decision(leaver):
    data_protection.person_anonymise(person=leaver)
    application = JoinRequest.objects.get(person=leaver)
    assert application.status == JoinRequest.Status.APPROVED
    assert application.name == data_protection.anonymous_label(leaver.pk)
    assert application.reason == "" and application.phone == "" and application.job_title == ""


def test_the_subject_access_export_includes_join_applications_and_emails_sent(admin_client):
    person = PersonFactory(name="Grace Okafor", email="grace.okafor@example.org")
    JoinRequestFactory(name="Grace Okafor", email="grace.okafor@example.org", reason="To help.", person=person)
    JoinRequestFactory(name="Grace Okafor", email="Grace.Okafor@example.org", status=JoinRequest.Status.DECLINED)
    EmailDelivery.objects.create(
        meeting_id=MeetingFactory().pk, person_id=person.pk, kind="agenda", to_email=person.email
    )
    data = json.loads(admin_client.get(reverse("subject_access", args=[person.pk])).content)
    applications = data["Sections"]["Applications to join"]
    assert len(applications) == 2
    assert {a["Reason"] for a in applications} >= {"To help."}
    assert data["Sections"]["Emails sent"][0]["To"] == "grace.okafor@example.org"
