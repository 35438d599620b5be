"""Approved minutes, and the agenda of a held meeting, stay as they were whatever happens later."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Decision, Meeting, MinuteNote, Paper

from .factories import AgendaItemFactory, MeetingFactory, approve_minutes, in_days, later_meeting

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF"
)


@pytest.fixture
def held():
    meeting = MeetingFactory(past=True, title="Autumn board")
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    AgendaItemFactory(meeting=meeting, position=2, title="Training figures")
    return meeting


def test_approved_minutes_keep_each_item_as_approved_whatever_later_happens_to_it(admin_client, held):
    version = services.minutes_start(held)
    training = held.items.get(title="Training figures")
    version.notes.filter(item=training).update(text="Figures rose in every sector.")
    services.decision_add(version, text="Agreed the training plan", item=training)
    version = approve_minutes(version)
    services.minutes_publish(version.minutes, version=version)

    # Not through the services (a held meeting's agenda is locked): whatever reaches the rows, the minutes stay.
    with pytest.raises(ProtectedError):
        AgendaItem.objects.filter(pk=training.pk).delete()
    AgendaItem.objects.filter(pk=training.pk).update(title="Renamed later", position=9)

    note = MinuteNote.objects.get(minutes_version=version, text="Figures rose in every sector.")
    assert (note.item_title, note.item_position) == ("Training figures", 2)
    assert Decision.objects.get(minutes_version=version).item_title == "Training figures"
    for url in (reverse("meetings:minutes", args=[held.pk]), reverse("meetings:public_minutes", args=[held.pk])):
        page = admin_client.get(url).content.decode()
        assert "2. Training figures" in page
        assert "Renamed later" not in page
        assert "Figures rose in every sector." in page


def test_deleting_an_item_of_a_meeting_with_draft_minutes_takes_its_draft_note_with_it():
    meeting = MeetingFactory(title="Spring board")
    item = AgendaItemFactory(meeting=meeting, title="Tabled late")
    version = services.minutes_start(meeting)
    services.agenda_item_delete(item)
    assert not version.notes.filter(item_title="Tabled late").exists()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_minutes_are_approved_only_after_the_meeting_is_held_at_a_later_meeting_that_has_taken_place(held):
    version = services.minutes_start(held)
    with pytest.raises(ValidationError, match="later meeting"):
        services.minutes_approve(version, at_meeting=held)
    future = MeetingFactory(group=held.group, starts_at=in_days(10))
    with pytest.raises(ValidationError, match="taken place"):
        services.minutes_approve(version, at_meeting=future)

    upcoming = MeetingFactory(starts_at=in_days(3))
    draft = services.minutes_start(upcoming)
    with pytest.raises(ValidationError, match="held"):
        services.minutes_approve(draft, at_meeting=later_meeting(held))

    approved = services.minutes_approve(version, at_meeting=later_meeting(held))
    assert approved.status == "approved"


def test_the_approval_form_offers_only_later_meetings_that_have_taken_place(admin_client, held):
    services.minutes_start(held)
    later = later_meeting(held, title="Winter board")
    MeetingFactory(group=held.group, starts_at=in_days(10), title="Spring board")
    page = admin_client.get(reverse("meetings:minutes", args=[held.pk])).content.decode()
    assert "Winter board" in page
    assert "Spring board" not in page
    assert later.status == Meeting.Status.HELD


def test_papers_of_a_held_meeting_are_locked_like_its_items(held):
    item = held.items.get(title="Welcome")
    upload = SimpleUploadedFile("late.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError, match="cannot change"):
        services.paper_upload(item=item, upload=upload, title="Late paper", marking="OFFICIAL")
    paper = Paper.objects.create(item=item, title="Tabled", filename="t.pdf", kind="pdf", size=len(PDF), file="x.pdf")
    with pytest.raises(ValidationError, match="cannot change"):
        services.paper_delete(paper)
    assert Paper.objects.filter(pk=paper.pk).exists()
