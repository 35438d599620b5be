import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import ProgressReturn
from actionplans.tasks import progress_returns_daily
from outbox.models import EmailDelivery

from .factories import ActionFactory, MeetingFactory, UpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(django_capture_on_commit_callbacks):
    """The daily run, with the emails it queues on commit sent as they would be once it commits."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.progress_returns_due(**kwargs)

    return run


@pytest.fixture
def daily(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            progress_returns_daily.delay()

    return run


@pytest.fixture
def meeting(db):
    return MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=20))


def test_lead_officers_of_open_actions_are_asked_once_before_the_quarterly_meeting(meeting, own_action, plan, daily):
    ActionFactory(priority=own_action.priority, status="complete", percent_complete=100)
    daily()
    daily()  # a second run, or a retry, sends nothing more
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [own_action.lead_officer.email]
    assert own_action.reference in message.subject
    ret = ProgressReturn.objects.get()
    assert ret.sent_at is not None
    assert ret.link_path() in message.body


def test_meetings_further_off_than_the_setting_are_not_asked_yet(settings, own_action, daily):
    settings.PROGRESS_RETURN_DAYS_BEFORE = 10
    MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=20))
    daily()
    assert mail.outbox == []


def test_those_who_have_not_returned_are_chased_once(meeting, own_action, other_action, due):
    due()
    assert len(mail.outbox) == 2
    services.action_post_update(
        action=own_action, by=_admin(), narrative="On track", status="on_track", percent_complete=60
    )
    later = timezone.now() + datetime.timedelta(days=14)
    due(now=later)
    due(now=later)
    chasers = mail.outbox[2:]
    assert [m.to for m in chasers] == [[other_action.lead_officer.email]]
    assert "Reminder" in chasers[0].subject
    assert sorted(EmailDelivery.objects.values_list("kind", "status", "to_email")) == sorted(
        [
            ("progress_chaser", "sent", other_action.lead_officer.email),
            ("progress_request", "sent", other_action.lead_officer.email),
            ("progress_request", "sent", own_action.lead_officer.email),
        ]
    )


def _admin():
    from tests.factories import UserFactory

    return UserFactory(role="admin")


def test_the_link_in_the_email_leads_the_lead_partner_to_the_update_page(meeting, partner_client, own_action, due):
    due()
    ret = ProgressReturn.objects.get()
    response = partner_client.get(ret.link_path())
    assert response.status_code == 302
    assert response["Location"] == reverse("actionplans:action_update", args=[own_action.pk])
    partner_client.post(
        response["Location"],
        {
            "date": timezone.localdate().isoformat(),
            "narrative": "Done two",
            "status": "on_track",
            "percent_complete": 70,
        },
    )
    ret.refresh_from_db()
    assert ret.returned_at is not None and ret.update.narrative == "Done two"


def test_the_link_is_no_use_to_another_organisation_or_anonymous(
    meeting, client, other_partner_client, own_action, due
):
    due()
    path = ProgressReturn.objects.get().link_path()
    assert other_partner_client.get(path).status_code == 403
    assert client.get(path).status_code == 302  # to sign in
    assert "/accounts/login/" in client.get(path)["Location"]


def test_admin_sees_who_has_and_has_not_returned(meeting, admin_client, own_action, other_action, partner_user, due):
    due()
    services.action_post_update(
        action=own_action, by=partner_user, narrative="Sessions held", status="on_track", percent_complete=60
    )
    index = admin_client.get(reverse("actionplans:returns")).content.decode()
    assert str(meeting.title) in index
    page = admin_client.get(reverse("actionplans:progress_for_meeting", args=[meeting.pk])).content.decode()
    assert "Not returned" in page and "Returned" in page
    assert "Sessions held" in page


def test_progress_for_a_meeting_lists_updates_since_the_last_meeting(partner_client, own_action):
    previous = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=60))
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    UpdateFactory(action=own_action, date=timezone.localdate() - datetime.timedelta(days=90), narrative="Old news")
    UpdateFactory(action=own_action, date=timezone.localdate() - datetime.timedelta(days=10), narrative="Fresh news")
    page = partner_client.get(reverse("actionplans:progress_for_meeting", args=[meeting.pk])).content.decode()
    assert "Fresh news" in page and "Old news" not in page
    assert timezone.localtime(previous.starts_at).strftime("%-d %B %Y") in page  # the page shows London dates
    assert "Who has returned" not in page  # the returns table is for admins
