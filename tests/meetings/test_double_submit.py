"""A form sent twice (a double click, a resent page) does the work once: nobody is emailed twice."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, MinutesVersion
from outbox.models import EmailDelivery
from tests.factories import signed_in_client

from .factories import AgendaItemFactory, InvitationFactory, MeetingFactory, later_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    meeting = MeetingFactory(title="March board")
    AgendaItemFactory(meeting=meeting, title="Ordinary business")
    InvitationFactory.create_batch(3, meeting=meeting)
    return meeting


def publish(client, meeting, version):
    return client.post(reverse("meetings:publish", args=[meeting.pk]), {"version": version}, follow=True)


def test_the_publish_page_carries_the_version_it_was_opened_at(admin_client, meeting):
    page = admin_client.get(reverse("meetings:publish", args=[meeting.pk])).content.decode()
    assert f'name="version" value="{meeting.version}"' in page


def test_publishing_twice_from_the_same_page_emails_each_invitee_once(
    admin_client, meeting, django_capture_on_commit_callbacks
):
    opened_at = meeting.version
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(admin_client, meeting, opened_at)
    with django_capture_on_commit_callbacks(execute=True):
        second = publish(admin_client, meeting, opened_at)
    assert "Agenda published" in first.content.decode()
    assert "already published" in second.content.decode()
    assert "nobody was emailed again" in second.content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        meeting.invitations.values_list("person__email", flat=True)
    )
    assert EmailDelivery.objects.filter(meeting_id=meeting.pk, kind="agenda").count() == 3
    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_publishing_again_from_a_fresh_page_still_sends_the_new_agenda(
    admin_client, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(admin_client, meeting, meeting.version)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(admin_client, meeting, meeting.version)
    assert "Agenda published again" in response.content.decode()
    assert len(mail.outbox) == 6


def test_circulating_twice_emails_once(admin_client, partner_user, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(past=True)
    InvitationFactory(meeting=meeting, person=partner_user.person, attendance="present")
    services.minutes_start(meeting)
    url = reverse("meetings:minutes_transition", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"action": "circulate"})
    with django_capture_on_commit_callbacks(execute=True):
        second = admin_client.post(url, {"action": "circulate"}, follow=True)
    assert len(mail.outbox) == 1
    assert "already circulated" in second.content.decode()


def test_approving_twice_approves_once_with_a_message(admin_client, partner_user):
    meeting = MeetingFactory(past=True)
    InvitationFactory(meeting=meeting, person=partner_user.person)
    version = services.minutes_start(meeting)
    later = later_meeting(meeting)
    url = reverse("meetings:minutes_transition", args=[meeting.pk])
    admin_client.post(url, {"action": "approve", "at_meeting": later.pk})
    version.refresh_from_db()
    approved_at = version.approved_at
    second = admin_client.post(url, {"action": "approve", "at_meeting": later.pk}, follow=True)
    version.refresh_from_db()
    assert version.status == MinutesVersion.Status.APPROVED
    assert version.approved_at == approved_at
    assert "already approved" in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_publish_posts_at_the_same_moment_send_one_agenda_each(admin_user, settings):
    """Two threads, two connections, one row lock: the second waits, then finds the agenda already out."""
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    meeting = MeetingFactory(title="March board")
    AgendaItemFactory(meeting=meeting)
    InvitationFactory.create_batch(3, meeting=meeting)
    opened_at = meeting.version
    start = threading.Barrier(2)
    statuses = []

    def post():
        try:
            client = signed_in_client(admin_user)
            start.wait()
            statuses.append(publish(client, meeting, opened_at).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    assert EmailDelivery.objects.filter(meeting_id=meeting.pk, kind="agenda").count() == 3
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1
