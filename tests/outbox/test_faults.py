"""Nothing lost when Redis or a worker dies: against a Redis of the test's own (stopped and started), a real
Celery worker and a real SMTP server.

- Redis down: publishing the agenda, preparing a pack and the join form answer, say what waits, and lose
  nothing; once Redis is back the beat's sweeps send the emails and make the pack.
- A worker killed while sending (a slow mail server): at most the one message it was sending is undecided,
  and shown so; every other is sent exactly once.
(A worker killed mid-render: tests/meetings/test_pdf_recovery.py.)
"""

import datetime
import os
import signal
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services as meetings
from meetings.models import GeneratedPdf, Meeting
from meetings.tasks import requeue_stuck_pdfs
from members.models import JoinRequest
from outbox import services as outbox
from outbox.models import EmailDelivery
from outbox.tasks import send_due_emails
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory
from tests.realworld import child_pids, running_worker, wait_until, worker_process

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAITING = "waiting for the background service"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def not_eager():
    from partnership.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def _meeting(invitees):
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=20))
    AgendaItemFactory(meeting=meeting, title="Threat and risk update")
    for _ in range(invitees):
        InvitationFactory(meeting=meeting)
    return meeting


def test_publishing_the_agenda_while_redis_is_down_answers_and_the_emails_go_once_it_is_back(
    admin_client, redis_server, smtp_server, not_eager
):
    meeting = _meeting(invitees=3)
    redis_server.stop()

    response = admin_client.post(
        reverse("meetings:publish", args=[meeting.pk]), {"version": meeting.version}, follow=True
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Agenda published" in page and WAITING in page
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    rows = EmailDelivery.objects.about(meeting).filter(kind="agenda")
    assert sorted(rows.values_list("status", flat=True)) == ["pending"] * 3  # recorded with the publication
    assert smtp_server.messages == []

    redis_server.start()
    with running_worker():
        send_due_emails.delay()  # the beat's next tick
        assert wait_until(lambda: rows.filter(status="sent").count() == 3, timeout=30)
    invitees = sorted(meeting.invitations.values_list("person__email", flat=True))
    assert sorted(m["To"] for m in smtp_server.wait_for(3)) == invitees
    # Publishing again is still refused as already done: nobody is emailed twice.
    again = admin_client.post(reverse("meetings:publish", args=[meeting.pk]), {"version": meeting.version - 1})
    assert again.status_code == 302 and rows.count() == 3


def test_preparing_a_pack_while_redis_is_down_answers_and_the_pack_is_made_once_it_is_back(
    admin_client, redis_server, settings, not_eager
):
    meeting = _meeting(invitees=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.AGENDA_PUBLISHED, agenda_published_at=timezone.now()
    )
    redis_server.stop()

    response = admin_client.post(reverse("meetings:agenda_pack_prepare", args=[meeting.pk]), follow=True)

    assert response.status_code == 200 and WAITING in response.content.decode()
    pdfs = GeneratedPdf.objects.filter(meeting=meeting)
    assert {pdf.state for pdf in pdfs} == {"preparing"}

    redis_server.start()
    settings.PDF_STUCK_AFTER_SECONDS = 0  # the render's task never reached the broker: it is due at once
    with running_worker():
        requeue_stuck_pdfs.delay()  # the beat's next tick
        assert wait_until(lambda: {pdf.state for pdf in pdfs.all()} == {"ready"}, timeout=90)


def _application(**changes):
    return {
        "name": "Amina Warsame",
        "email": "amina.warsame@example.org",
        "phone": "",
        "job_title": "Coordinator",
        "kind": "organisation",
        "organisation_name": "Eastside Community Association",
        "sector": "voluntary_community",
        "reason": "We run youth clubs in Eastside.",
        "consent": "on",
        "website": "",
        **changes,
    }


def test_the_join_form_keeps_the_application_while_redis_is_down_and_its_emails_go_once_it_is_back(
    client, admin_user, redis_server, smtp_server, settings, not_eager
):
    redis_server.stop()

    response = client.post(reverse("members:join"), _application(), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("members:join_sent")
    join_request = JoinRequest.objects.get()
    assert join_request.email == "amina.warsame@example.org"
    rows = EmailDelivery.objects.about(join_request)
    assert sorted(rows.values_list("kind", "status")) == [("join_notice", "pending"), ("join_receipt", "pending")]

    # The limit still holds without the cache, counted in the database for every address together.
    settings.JOIN_RATE_LIMIT_WITHOUT_CACHE = 1
    refused = client.post(reverse("members:join"), _application(email="second@example.org"))
    assert refused.status_code == 429
    assert 'value="second@example.org"' in refused.content.decode()  # what was typed is kept
    assert JoinRequest.objects.count() == 1

    redis_server.start()
    with running_worker():
        send_due_emails.delay()
        assert wait_until(lambda: rows.filter(status="sent").count() == 2, timeout=30)
    assert sorted(m["To"] for m in smtp_server.wait_for(2)) == sorted(["amina.warsame@example.org", admin_user.email])


def test_a_worker_killed_mid_send_leaves_at_most_one_message_undecided_and_sends_every_other_once(
    admin_client, redis_server, smtp_server, settings, tmp_path, not_eager
):
    invitees = 16
    meeting = _meeting(invitees=invitees)
    smtp_server.handler.data_delay = 0.4  # a slow mail server: each message takes a while to be answered
    email_url = f"smtp://{smtp_server.host}:{smtp_server.port}"
    with worker_process(settings, tmp_path, EMAIL_URL=email_url) as (worker, log):
        meetings.meeting_publish_agenda(meeting)  # autocommit: the rows and the wake-up are committed at once
        assert wait_until(lambda: len(smtp_server.messages) >= 5, timeout=90), log.read_text()[-3000:]
        killed = child_pids(worker.pid)
        assert killed, log.read_text()
        for pid in killed:
            os.kill(pid, signal.SIGKILL)

        rows = EmailDelivery.objects.about(meeting).filter(kind="agenda")
        settled = lambda: rows.filter(status="sent").count() + rows.filter(status="sending").count() == invitees  # noqa: E731
        assert wait_until(settled, timeout=90), log.read_text()[-3000:]
        wait_until(lambda: False, timeout=1.5)  # time for any duplicate to arrive

    later = timezone.now() + datetime.timedelta(seconds=settings.EMAIL_STUCK_AFTER_SECONDS + 1)
    outbox.deliveries_expire_stuck(later)
    statuses = Counter(rows.values_list("status", flat=True))
    assert statuses["undecided"] <= 1 and statuses["sent"] + statuses["undecided"] == invitees, statuses
    received = Counter(m["To"] for m in smtp_server.messages)
    assert max(received.values()) == 1, "nobody got the agenda twice"
    for row in rows.filter(status="sent"):
        assert received[row.to_email] == 1 and row.smtp_reply.startswith("250")
    assert len(received) in (statuses["sent"], statuses["sent"] + 1)  # the undecided one arrived, or not

    page = admin_client.get(reverse("meetings:deliveries", args=[meeting.pk])).content.decode()
    if statuses["undecided"]:
        assert "Not known if sent" in page and "Check with the recipient" in page
