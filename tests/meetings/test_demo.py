import io

import pytest
from django.core.management import call_command

from meetings.models import AgendaItem, Group, Invitation, Meeting, MeetingAction, MinutesVersion
from tests.factories import signed_in_client


@pytest.fixture
def demo(settings, db):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_demo_has_a_past_year_of_held_meetings_and_the_next_with_a_published_agenda(demo):
    board = Group.objects.get(is_main_board=True)
    assert board.name == "Prevent Partnership Board"
    # The board's year; the Channel panel's own meetings (partner returns' demo) are of another group.
    assert Meeting.objects.past().filter(group=board, status=Meeting.Status.HELD).count() == 4
    upcoming = Meeting.objects.upcoming().filter(group=board).get()
    assert upcoming.status == Meeting.Status.AGENDA_PUBLISHED
    assert upcoming.items.filter(is_confidential=True).count() == 1
    assert upcoming.invitations.exclude(reply=Invitation.Reply.NO_REPLY).exists()
    assert upcoming.invitations.filter(person__email="partner@example.org").exists()
    assert not upcoming.invitations.filter(person__email="partner2@example.org").exists()


def test_demo_has_approved_minutes_decisions_and_overdue_actions(demo):
    assert MinutesVersion.objects.filter(status__in=["approved", "locked"]).count() >= 3
    assert MinutesVersion.objects.filter(number=2).exclude(correction_reason="").exists()
    assert MeetingAction.objects.overdue().filter(owner__email__in=["partner@example.org", "partner2@example.org"])
    assert AgendaItem.objects.filter(kind=AgendaItem.Kind.MATTERS_ARISING).count() == 5


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (Meeting.objects.count(), MeetingAction.objects.count(), Invitation.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Meeting.objects.count(), MeetingAction.objects.count(), Invitation.objects.count()) == counts


def test_demo_accounts_see_the_next_meeting_differently(demo):

    from members.models import User

    meeting = Meeting.objects.upcoming().get()
    pages = {}
    for email in ("admin@example.org", "partner@example.org", "partner2@example.org"):
        client = signed_in_client(User.objects.get(email=email))
        response = client.get(f"/meetings/{meeting.pk}/")
        assert response.status_code == 200
        pages[email] = response.content.decode()
    title = "Community mentoring contract: evaluation of the bids"
    assert title in pages["admin@example.org"]
    assert title in pages["partner@example.org"]
    assert title not in pages["partner2@example.org"]


def test_the_demos_confidential_item_is_the_partnerships_own_business_never_case_material(demo):
    """The demo shows what the partnership keeps confidential: never a case, which stays in the Channel system."""
    for item in AgendaItem.objects.filter(is_confidential=True):
        words = f"{item.title} {item.description} {item.confidential_reason}".lower()
        assert "case themes" not in words and "individuals referred" not in words, item.title
        for paper in item.papers.all():
            assert "case" not in f"{paper.title} {paper.confidential_reason}".lower(), paper.title


def test_nothing_the_demo_holds_looks_like_case_data(demo):
    from common import casedata
    from meetings.models import Decision, MinuteNote

    texts = [f"{i.title}. {i.description}" for i in AgendaItem.objects.all()]
    texts += [note.text for note in MinuteNote.objects.all()]
    texts += [decision.text for decision in Decision.objects.all()]
    texts += [action.description for action in MeetingAction.objects.all()]
    flagged = [(text, casedata.find(text)) for text in texts if casedata.find(text)]
    assert flagged == []
