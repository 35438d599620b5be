import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionplans import plan_returns, services
from actionplans.models import ProgressUpdate
from outbox.models import EmailDelivery
from outbox.tasks import send_due_emails
from returnrequests import services as returns
from returnrequests.models import ReturnRequest
from tests.factories import PersonFactory

from .factories import ActionFactory, MeetingFactory, PriorityFactory, UpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(django_capture_on_commit_callbacks):
    """The engine's run (the outbox sweep's planner), with the emails it queues on commit sent as they would be."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return returns.requests_due(**kwargs)

    return run


@pytest.fixture
def daily(django_capture_on_commit_callbacks):
    """The one beat task: the outbox's sweep, which runs the return-request engine among its planners."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            send_due_emails.delay()

    return run


def _link_path(ret):
    return returns.link_url(ret, absolute=False)


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
    ret = ReturnRequest.objects.get()
    assert ret.sent_at is not None
    assert _link_path(ret) in message.body


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


def test_the_link_in_the_email_takes_the_update_without_signing_in_once(meeting, client, own_action, due):
    due()
    ret = ReturnRequest.objects.get()
    path = _link_path(ret)
    assert path in mail.outbox[0].body

    form = client.get(path)
    assert form.status_code == 200
    assert f"Progress update on action {own_action.reference}" in form.content.decode()
    today = timezone.localdate().isoformat()
    done = client.post(path, {"date": today, "narrative": "Done two", "status": "on_track", "percent_complete": 70})
    assert done.status_code == 200 and "Update received" in done.content.decode()

    ret.refresh_from_db()
    update = ProgressUpdate.objects.get(action=own_action)
    assert (update.narrative, update.author, update.reported_by) == ("Done two", None, own_action.lead_officer)
    assert (ret.returned_via, ret.answer) == ("link", update)
    own_action.refresh_from_db()
    assert (own_action.status, own_action.percent_complete) == ("on_track", 70)
    # Claimed once: the link now says the return is in, and a second post records nothing.
    again = client.post(path, {"date": today, "narrative": "Again", "status": "at_risk", "percent_complete": 5})
    assert "this return is in" in again.content.decode()
    assert ProgressUpdate.objects.filter(action=own_action).count() == 1


def test_a_tampered_link_or_one_for_a_closed_action_changes_nothing(meeting, client, own_action, due):
    due()
    path = _link_path(ReturnRequest.objects.get())
    tampered = client.get(path[:-3] + "xyz/")
    assert tampered.status_code == 400 and "This link cannot be used" in tampered.content.decode()

    own_action.status, own_action.percent_complete = "complete", 100
    own_action.save()
    closed = client.post(path, {"narrative": "Late", "status": "on_track", "percent_complete": 50})
    assert closed.status_code == 400 and "no longer needed" in closed.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_link_sent_before_the_engine_takes_a_partner_to_their_own_actions(partner_client, client):
    old = reverse("actionplans:progress_return", args=["an-old-token"])
    assert partner_client.get(old)["Location"] == reverse("actionplans:my_actions")
    assert "/accounts/login/" in client.get(old)["Location"]


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
    for ret in ReturnRequest.objects.filter(subject_id__in=[a.pk for a in actions]):
        assert _link_path(ret) in message.body
        assert _link_path(ret) in message.alternatives[0][0]
    assert EmailDelivery.objects.filter(kind="progress_request").count() == 1


def test_a_second_run_the_same_day_sends_no_chaser_even_close_to_the_meeting(plan, due):
    # Inside the chase window from the start: the request must still have time before any reminder.
    MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    lead, _ = _lead_with_actions(plan, 3)
    due()
    due()
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert not EmailDelivery.objects.filter(kind="progress_chaser").exists()
    assert not ReturnRequest.objects.filter(chased_at__isnull=False).exists()


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
    assert list(ReturnRequest.objects.values_list("subject_id", flat=True)) == [stale.pk]
    due(now=timezone.now() + datetime.timedelta(days=10))  # later runs for the same meeting agree
    assert not ReturnRequest.objects.filter(subject_id=fresh.pk).exists()


def test_a_lead_officer_whose_actions_were_all_updated_recently_gets_nothing(meeting, plan, due):
    _lead, actions = _lead_with_actions(plan, 2)
    for action in actions:
        UpdateFactory(action=action, date=timezone.localdate() - datetime.timedelta(days=3))
    due()
    assert mail.outbox == []


def _button(admin_client, name, meeting):
    return admin_client.post(
        reverse(f"returnrequests:{name}"),
        {"kind": plan_returns.KIND, "round": f"meetings.meeting:{meeting.pk}", "next": reverse("actionplans:returns")},
        follow=True,
    )


def test_an_admin_asks_for_returns_now_for_a_meeting_not_yet_in_the_window_and_sees_the_emails(
    admin_client, plan, django_capture_on_commit_callbacks, settings
):
    settings.PROGRESS_RETURN_DAYS_BEFORE = 10
    far = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=40))
    lead, _ = _lead_with_actions(plan, 2)
    page = admin_client.get(reverse("actionplans:returns")).content.decode()
    assert str(far) in page and "Ask now" in page  # the meeting to come is listed, with nothing asked yet

    with django_capture_on_commit_callbacks(execute=True):
        response = _button(admin_client, "ask_now", far)

    assert "Asked 2 for a return" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[lead.email]]
    emails = admin_client.get(reverse("outbox:deliveries") + "?status=all&kind=progress_request").content.decode()
    assert lead.name in emails and mail.outbox[0].subject in emails
    meeting_emails = admin_client.get(reverse("meetings:deliveries", args=[far.pk])).content.decode()
    assert "Progress return request" in meeting_emails
    # Asked again at once: nobody is asked twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = _button(admin_client, "ask_now", far)
    assert "Nobody is waiting to be asked" in again.content.decode() and len(mail.outbox) == 1


def test_an_admin_chases_now_those_asked_a_day_ago_or_more_and_not_twice_the_same_day(
    admin_client, meeting, plan, django_capture_on_commit_callbacks
):
    lead, (answered, waiting) = _lead_with_actions(plan, 2)
    with django_capture_on_commit_callbacks(execute=True):
        _button(admin_client, "ask_now", meeting)
    too_soon = _button(admin_client, "chase_now", meeting)
    assert "Nobody to chase" in too_soon.content.decode()

    ReturnRequest.objects.update(sent_at=timezone.now() - datetime.timedelta(days=2))
    services.action_post_update(action=answered, by=_admin(), narrative="Done", status="on_track", percent_complete=80)
    with django_capture_on_commit_callbacks(execute=True):
        chased = _button(admin_client, "chase_now", meeting)
    assert "Chased 1 unanswered" in chased.content.decode()
    chaser = mail.outbox[-1]
    assert chaser.to == [lead.email] and waiting.reference in chaser.body and answered.reference not in chaser.body
    with django_capture_on_commit_callbacks(execute=True):
        _button(admin_client, "chase_now", meeting)
    assert EmailDelivery.objects.filter(kind="progress_chaser").count() == 1
    page = admin_client.get(reverse("actionplans:progress_for_meeting", args=[meeting.pk])).content.decode()
    assert "Not returned" in page and "Returned" in page


def test_one_scheduler_runs_every_timed_email_and_return(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "outbox.tasks.send_due_emails" in tasks
    assert not any(task.startswith("actionplans.") for task in tasks)


def test_asking_and_chasing_happen_only_before_the_meeting(plan, due):
    MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    _lead_with_actions(plan, 1)
    due()
    assert len(mail.outbox) == 1
    due(now=timezone.now() + datetime.timedelta(days=6))  # chase time came only after the meeting
    assert len(mail.outbox) == 1
