import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from members.models import Person
from members.tasks import anonymise_former_members
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def former_member(days_ago, **kwargs):
    today = timezone.localdate()
    return PersonFactory(
        name="Morag Stewart",
        email="morag.stewart@example.org",
        phone="01632 960123",
        status=Person.Status.FORMER,
        term_start=today - datetime.timedelta(days=days_ago + 400),
        term_end=today - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def test_former_members_past_the_retention_period_are_anonymised_everywhere(settings):
    settings.RETENTION_FORMER_MEMBER_DAYS = 730
    person = former_member(days_ago=800)
    person.job_title = "Headteacher (retired)"
    person.save()

    assert anonymise_former_members.delay().get() == 1

    person.refresh_from_db()
    assert person.name == f"Former member {person.pk}"
    assert person.email.endswith("@invalid.example")
    assert person.phone == "" and person.job_title == ""
    assert person.anonymised_at is not None
    trail = LogEntry.objects.get_for_object(person)
    assert "Morag" not in json.dumps([entry.changes_dict for entry in trail]) + "".join(e.object_repr for e in trail)
    assert trail.filter(changes__icontains="retention period ended").exists()


def test_recent_former_members_and_current_members_are_kept(settings):
    settings.RETENTION_FORMER_MEMBER_DAYS = 730
    recent = former_member(days_ago=100)
    current = PersonFactory(name="Priya Raman")
    assert anonymise_former_members.delay().get() == 0
    recent.refresh_from_db()
    current.refresh_from_db()
    assert recent.name == "Morag Stewart"
    assert current.name == "Priya Raman"


def test_an_anonymised_member_can_no_longer_sign_in(settings, client):
    settings.RETENTION_FORMER_MEMBER_DAYS = 30
    user = UserFactory(email="leaver@example.org")
    person = user.person
    person.status = Person.Status.FORMER
    person.term_end = timezone.localdate() - datetime.timedelta(days=60)
    person.term_start = person.term_end - datetime.timedelta(days=300)
    person.save()
    anonymise_former_members.delay()
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert user.email != "leaver@example.org"


def test_a_subject_access_export_gives_the_profile_and_audit_entries(admin_client):
    person = PersonFactory(name="Grace Okafor", email="grace.okafor@example.org")
    response = admin_client.get(reverse("subject_access", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["Sections"]["Profile"][0]["Email"] == "grace.okafor@example.org"
    assert any(entry["What happened"] == "Created" for entry in data["Sections"]["Audit trail"])


def test_the_export_includes_meetings_attended_and_actions_owned(admin_client):
    from tests.meetings.factories import InvitationFactory, MeetingActionFactory

    person = PersonFactory(name="Owen Lloyd")
    InvitationFactory(person=person, attendance="present", meeting__title="Board meeting March")
    MeetingActionFactory(owner=person, description="Brief every secondary school")
    data = json.loads(admin_client.get(reverse("subject_access", args=[person.pk])).content)["Sections"]
    assert data["Meeting invitations and attendance"][0]["Meeting"].startswith("Board meeting March")
    assert data["Meeting invitations and attendance"][0]["Attendance"] == "Present"
    assert data["Meeting actions"][0]["Description"] == "Brief every secondary school"


def test_only_admins_may_export_a_persons_data(client, partner_client, partner_user):
    url = reverse("subject_access", args=[partner_user.person.pk])
    assert partner_client.get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_the_export_includes_plan_actions_led_and_updates_posted(admin_client, partner_user):
    from actionplans.models import ProgressUpdate
    from tests.actionplans.factories import ActionFactory

    action = ActionFactory(lead_officer=partner_user.person, description="Train every designated safeguarding lead")
    ProgressUpdate.objects.create(
        action=action, author=partner_user, narrative="Two sessions held", status=action.status, percent_complete=20
    )
    data = json.loads(admin_client.get(reverse("subject_access", args=[partner_user.person.pk])).content)["Sections"]
    assert data["Action plan actions led"][0]["Description"] == "Train every designated safeguarding lead"
    assert data["Action plan progress updates"][0]["Narrative"] == "Two sessions held"
