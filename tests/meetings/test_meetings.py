"""Creating, scheduling and publishing meetings."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Marking, Meeting, StandingItem

from .factories import (
    AgendaItemFactory,
    GroupMembershipFactory,
    InvitationFactory,
    MainBoardFactory,
    MeetingFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def meeting_form(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=40)
    data = {
        "title": "Board meeting",
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "venue": "Civic Centre",
        "joining_link": "",
    }
    data.update(overrides)
    return data


def test_a_new_meeting_starts_with_the_standing_items_and_the_groups_active_members_invited(admin_client):
    board = MainBoardFactory()
    member = GroupMembershipFactory(group=board).person
    former = GroupMembershipFactory(group=board, person__status="former").person
    response = admin_client.post(reverse("meetings:create"), meeting_form(group=board.pk))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    titles = list(meeting.items.values_list("title", flat=True))
    assert titles[:3] == ["Welcome and apologies", "Declarations of interest", "Minutes of the last meeting"]
    assert "Date of next meeting" in titles
    invited = set(meeting.invitations.values_list("person", flat=True))
    assert member.pk in invited
    assert former.pk not in invited
    assert timezone.localtime(meeting.starts_at).hour == 10


def test_a_meeting_that_ends_before_it_starts_is_refused_and_nothing_is_saved(admin_client):
    board = MainBoardFactory()
    response = admin_client.post(
        reverse("meetings:create"), meeting_form(group=board.pk, start_time="12:00", end_time="10:00")
    )
    assert response.status_code == 200
    assert "The end time must be after the start time" in response.content.decode()
    assert not Meeting.objects.exists()


def test_admins_edit_the_standing_items_new_meetings_start_from(admin_client):
    board = MainBoardFactory()
    admin_client.get(reverse("meetings:standing_items"), follow=True)  # the main board's list
    item = StandingItem.objects.get(group=board, title="Any other business")
    response = admin_client.post(
        reverse("meetings:standing_item_edit", args=[item.pk]),
        {"position": item.position, "title": "Any other urgent business", "purpose": "discussion", "version": 1},
    )
    assert response.status_code == 302
    meeting = services.meeting_create(group=board, title="Next", starts_at=in_days(10), ends_at=in_days(10, 12))
    assert meeting.items.filter(title="Any other urgent business").exists()


def test_schedule_the_year_creates_four_quarterly_meetings_on_the_second_tuesday(admin_client):
    board = MainBoardFactory()
    response = admin_client.post(
        reverse("meetings:schedule_year"),
        {
            "group": board.pk,
            "year": 2030,
            "nth": 2,
            "weekday": 1,
            "months": ["3", "6", "9", "12"],
            "start_time": "10:00",
            "end_time": "12:00",
            "venue": "Civic Centre",
        },
    )
    assert response.status_code == 302
    days = [timezone.localtime(m.starts_at) for m in Meeting.objects.order_by("starts_at")]
    assert [d.date() for d in days] == [
        datetime.date(2030, 3, 12),
        datetime.date(2030, 6, 11),
        datetime.date(2030, 9, 10),
        datetime.date(2030, 12, 10),
    ]
    assert {d.hour for d in days} == {10}  # 10:00 London time in GMT and in BST alike
    # Running it again creates nothing new.
    services.meeting_schedule_year(group=board, year=2030)
    assert Meeting.objects.count() == 4


def test_items_can_be_reordered(admin_client):
    meeting = MeetingFactory()
    first = AgendaItemFactory(meeting=meeting, position=1, title="First")
    second = AgendaItemFactory(meeting=meeting, position=2, title="Second")
    admin_client.post(reverse("meetings:item_move", args=[second.pk]), {"direction": "up"})
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == ["Second", "First"]
    first.refresh_from_db()
    assert first.position == 2


def test_a_confidential_item_needs_a_reason(admin_client):
    meeting = MeetingFactory()
    response = admin_client.post(
        reverse("meetings:item_add", args=[meeting.pk]),
        {"title": "Case review", "purpose": "discussion", "marking": "official", "is_confidential": "on"},
    )
    assert "Enter the reason the item is confidential" in response.content.decode()
    assert not meeting.items.exists()


def test_two_admins_editing_the_same_item_the_second_sees_a_conflict_and_keeps_their_input(admin_client):
    item = AgendaItemFactory(title="Original")
    data = {"title": "Mine", "purpose": "information", "marking": "official", "version": item.version}
    item.title = "Theirs"
    services.agenda_item_update(item, expected_version=item.version)
    response = admin_client.post(reverse("meetings:item_edit", args=[item.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record" in page
    assert "Theirs" in page
    assert 'value="Mine"' in page
    item.refresh_from_db()
    assert item.title == "Theirs"


@pytest.fixture
def published_meeting_setup():
    meeting = MeetingFactory(title="March board")
    AgendaItemFactory(meeting=meeting, title="Ordinary business")
    AgendaItemFactory(meeting=meeting, title="Names of referred people", confidential=True)
    AgendaItemFactory(meeting=meeting, title="CTLP threat detail", marking=Marking.OFFICIAL_SENSITIVE)
    InvitationFactory.create_batch(3, meeting=meeting)
    return meeting


def test_publishing_the_agenda_emails_every_invitee_with_reply_links_and_a_calendar_invitation(
    admin_client, published_meeting_setup, django_capture_on_commit_callbacks
):
    meeting = published_meeting_setup
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("meetings:publish", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert meeting.sequence == 1
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    body = message.body + message.alternatives[0][0]
    assert "Ordinary business" in body
    assert "/meetings/reply/" in body
    filename, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    assert filename.endswith(".ics")
    text = content.decode() if isinstance(content, bytes) else content
    assert "METHOD:REQUEST" in text


def test_confidential_items_never_appear_in_the_email_and_sensitive_ones_only_as_a_link(
    admin_client, published_meeting_setup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("meetings:publish", args=[published_meeting_setup.pk]))
    for message in mail.outbox:
        body = message.body + message.alternatives[0][0]
        assert "Names of referred people" not in body
        assert "CTLP threat detail" not in body
        assert "OFFICIAL-SENSITIVE item" in body


def test_the_email_is_queued_only_after_the_transaction_commits(admin_client, published_meeting_setup):
    # Without running on-commit callbacks (the test transaction never commits) nothing is sent.
    admin_client.post(reverse("meetings:publish", args=[published_meeting_setup.pk]))
    assert mail.outbox == []


def test_a_meeting_in_the_past_cannot_be_published_and_nothing_changes(admin_client):
    meeting = MeetingFactory(starts_at=in_days(-2), status=Meeting.Status.SCHEDULED)
    InvitationFactory(meeting=meeting)
    response = admin_client.post(reverse("meetings:publish", args=[meeting.pk]), follow=True)
    assert "in the past" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.sequence == 0
    assert mail.outbox == []


def test_a_cancelled_meeting_cannot_be_published(admin_client):
    meeting = MeetingFactory(status=Meeting.Status.CANCELLED)
    admin_client.post(reverse("meetings:publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_moving_a_meeting_raises_its_calendar_sequence(admin_client):
    meeting = MeetingFactory()
    day = timezone.localdate() + datetime.timedelta(days=50)
    data = meeting_form(group=meeting.group.pk, date=day.isoformat(), title=meeting.title, version=meeting.version)
    admin_client.post(reverse("meetings:edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).date() == day
    assert meeting.sequence == 1


def test_cancelling_a_meeting_records_the_reason(admin_client):
    meeting = MeetingFactory()
    url = reverse("meetings:status", args=[meeting.pk])
    page = admin_client.post(url, {"status": "cancelled", "note": "Snow"}).content.decode()
    assert "Yes, cancel the meeting" in page and "Reason: Snow" in page  # asked first; nothing changed yet
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    admin_client.post(url, {"status": "cancelled", "note": "Snow", "confirmed": "yes"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.status_note == "Snow"
    assert meeting.sequence == 1


def test_matters_arising_lists_open_actions_carried_forward(admin_client):
    from .factories import MeetingActionFactory

    earlier = MeetingFactory(past=True)
    MeetingActionFactory(meeting=earlier, description="Carry me forward")
    MeetingActionFactory(meeting=earlier, description="Already closed", status="done")
    meeting = MeetingFactory(group=earlier.group)
    AgendaItemFactory(meeting=meeting, title="Matters arising", kind=AgendaItem.Kind.MATTERS_ARISING)
    page = admin_client.get(reverse("meetings:actions", args=[meeting.pk])).content.decode()
    assert "Carry me forward" in page
    assert "Already closed" not in page


def test_matters_arising_shows_the_soonest_due_and_counts_the_rest(admin_client):
    import datetime

    from meetings.selectors import CARRIED_FORWARD_SHOWN

    from .factories import MeetingActionFactory

    earlier = MeetingFactory(past=True)
    first_due = datetime.date(2026, 1, 1)
    for n in range(CARRIED_FORWARD_SHOWN + 5):
        MeetingActionFactory(
            meeting=earlier, description=f"Open action {n:02d}", due_date=first_due + datetime.timedelta(days=n)
        )
    meeting = MeetingFactory(group=earlier.group)
    AgendaItemFactory(meeting=meeting, title="Matters arising", kind=AgendaItem.Kind.MATTERS_ARISING)
    page = admin_client.get(reverse("meetings:actions", args=[meeting.pk])).content.decode()
    assert f"Open action {CARRIED_FORWARD_SHOWN - 1:02d}" in page
    assert f"Open action {CARRIED_FORWARD_SHOWN:02d}" not in page
    assert f"the {CARRIED_FORWARD_SHOWN} soonest due of {CARRIED_FORWARD_SHOWN + 5} open actions" in page
    assert f'href="{reverse("meetings:action_log")}?status=open"' in page


def test_the_meeting_pages_action_tables_show_the_item_the_due_date_and_overdue(admin_client):
    from .factories import MeetingActionFactory

    earlier = MeetingFactory(past=True)
    MeetingActionFactory(meeting=earlier, description="Late <carried>", overdue=True)
    meeting = MeetingFactory(group=earlier.group)
    item = AgendaItemFactory(meeting=meeting, title="Matters arising", kind=AgendaItem.Kind.MATTERS_ARISING)
    MeetingActionFactory(
        meeting=meeting,
        item=item,
        description="Write to <schools>",
        due_date=timezone.localdate() + datetime.timedelta(days=9),
    )
    MeetingActionFactory(meeting=meeting, description="Done already", status="done", overdue=True)
    page = admin_client.get(reverse("meetings:actions", args=[meeting.pk])).content.decode()
    assert "Late &lt;carried&gt;" in page
    assert f'Write to &lt;schools&gt;<br><span class="govuk-body-s">Item {item.position}</span>' in page
    assert f"{timezone.localdate() + datetime.timedelta(days=9):%-d %b %Y}" in page
    # Only the open carried-forward action is overdue; a done one is never flagged.
    assert page.count('govuk-tag--red">Overdue</strong>') == 1
