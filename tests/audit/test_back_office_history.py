"""The back office shows each record's audit log (django-auditlog), the one history of changes."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import OrganisationFactory, UserFactory, signed_in_client
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    signed_in_client(UserFactory(role="admin", is_staff=True, is_superuser=True), client)
    return client


def test_a_back_office_list_links_each_record_to_its_audit_log(superuser_client):
    organisation = OrganisationFactory(name="Harbourside Primary School")

    page = superuser_client.get(reverse("admin:members_organisation_changelist")).content.decode()

    assert reverse("admin:members_organisation_auditlog", args=[organisation.pk]) in page


def test_a_records_audit_log_in_the_back_office_shows_its_changes(superuser_client):
    meeting = MeetingFactory(title="Spring board")
    meeting.status = Meeting.Status.POSTPONED
    meeting.save()

    response = superuser_client.get(reverse("admin:meetings_meeting_auditlog", args=[meeting.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Spring board" in page
    assert "<td>Status</td><td>scheduled</td><td>postponed</td>" in page  # the back office shows stored values
