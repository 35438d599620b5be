import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import ProgressReturn, ProgressUpdate
from actionplans.tasks import progress_returns_daily
from outbox.models import EmailDelivery
from tests.factories import PersonFactory

from .factories import ActionFactory, MeetingFactory, PriorityFactory, UpdateFactory

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
    assert "1 action" in message.subject
    assert own_action.reference in message.body
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
    assert other_action.reference in chasers[0].body
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


def _lead_with_actions(plan, n):
    lead = PersonFactory()
    priority = PriorityFactory(plan=plan)
    actions = [
        ActionFactory(priority=priority, lead_organisation=lead.organisation, lead_officer=lead) for _ in range(n)
    ]
    return lead, actions


def test_a_lead_officer_of_many_actions_gets_one_request_listing_them_all(meeting, plan, due):
    lead, actions = _lead_with_actions(plan, 23)
    due()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]
    assert "23 actions" in message.subject
    for ret in ProgressReturn.objects.filter(action__in=actions):
        assert ret.link_path() in message.body
        assert ret.link_path() in message.alternatives[0][0]
    assert EmailDelivery.objects.filter(kind="progress_request").count() == 1


def test_a_second_run_the_same_day_sends_no_chaser_even_close_to_the_meeting(plan, due):
    # Inside the chase window from the start: the request must still have time before any reminder.
    MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    lead, _ = _lead_with_actions(plan, 3)
    due()
    due()
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert not EmailDelivery.objects.filter(kind="progress_chaser").exists()
    assert not ProgressReturn.objects.filter(chased_at__isnull=False).exists()


def test_the_chaser_comes_days_after_the_request_and_lists_only_the_actions_still_without_an_update(meeting, plan, due):
    lead, (done, waiting) = _lead_with_actions(plan, 2)
    due()
    due(now=timezone.now() + datetime.timedelta(days=4))  # not yet: the request went only days ago
    assert len(mail.outbox) == 1
    UpdateFactory(action=done, narrative="Delivered")  # recorded outside the return link
    due(now=timezone.now() + datetime.timedelta(days=14))
    due(now=timezone.now() + datetime.timedelta(days=15))
    assert len(mail.outbox) == 2
    chaser = mail.outbox[1]
    assert chaser.to == [lead.email] and "1 action" in chaser.subject
    assert waiting.reference in chaser.body and done.reference not in chaser.body


def test_no_chaser_when_every_action_was_updated_after_the_request(meeting, plan, due):
    _lead, actions = _lead_with_actions(plan, 2)
    due()
    for action in actions:
        services.action_post_update(
            action=action, by=_admin(), narrative="Done", status="on_track", percent_complete=90
        )
    due(now=timezone.now() + datetime.timedelta(days=14))
    assert len(mail.outbox) == 1
    assert not EmailDelivery.objects.filter(kind="progress_chaser").exists()


def test_an_action_updated_recently_is_not_asked_for(meeting, plan, due):
    _lead, (fresh, stale) = _lead_with_actions(plan, 2)
    update = UpdateFactory(action=fresh, narrative="Just now")
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    due()
    assert len(mail.outbox) == 1
    assert stale.reference in mail.outbox[0].body and fresh.reference not in mail.outbox[0].body
    assert list(ProgressReturn.objects.values_list("action_id", flat=True)) == [stale.pk]
    due(now=timezone.now() + datetime.timedelta(days=10))  # later runs for the same meeting agree
    assert not ProgressReturn.objects.filter(action=fresh).exists()


def test_a_lead_officer_whose_actions_were_all_updated_recently_gets_nothing(meeting, plan, due):
    _lead, actions = _lead_with_actions(plan, 2)
    for action in actions:
        UpdateFactory(action=action, date=timezone.localdate() - datetime.timedelta(days=3))
    due()
    assert mail.outbox == []
