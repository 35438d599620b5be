"""The Channel panel's meetings hold metadata only (date, quorum, agencies attending): an item's description, a paper,
notes of the discussion, general notes, a decision or an action is refused for them, with the reason, and nothing is
saved; the partnership's other meetings are untouched by the rule."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dutyreturns.models import ChannelPanel
from meetings import services
from meetings.models import AgendaItem, Decision, MeetingAction, Paper
from meetings.services import minutes as minutes_services
from tests.meetings.factories import AgendaItemFactory, GroupFactory, MeetingFactory
from tests.pdfs import blank_pdf

pytestmark = pytest.mark.django_db

REASON = "belongs in the national Channel case system"


@pytest.fixture
def panel():
    group = GroupFactory(name="Channel Panel")
    ChannelPanel.objects.create(group=group)
    return group


@pytest.fixture
def panel_meeting(panel):
    return MeetingFactory(group=panel)


def test_an_item_with_a_description_is_refused_on_the_page_and_a_title_alone_is_kept(admin_client, panel_meeting):
    url = reverse("meetings:item_add", args=[panel_meeting.pk])
    data = {"title": "Case discussion", "purpose": "discussion", "marking": "official_sensitive"}

    response = admin_client.post(url, {**data, "description": "A 15-year-old from Northport was referred by"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and REASON in page
    assert not AgendaItem.objects.filter(meeting=panel_meeting).exists()
    assert admin_client.post(url, data).status_code == 302
    assert AgendaItem.objects.get(meeting=panel_meeting).title == "Case discussion"


def test_papers_notes_decisions_and_actions_are_refused_for_the_panel(panel, panel_meeting, admin_user):
    item = AgendaItemFactory(meeting=panel_meeting, title="Cases discussed")
    with pytest.raises(ValidationError, match=REASON):
        services.paper_upload(
            item=item,
            upload=SimpleUploadedFile("case.pdf", blank_pdf(), content_type="application/pdf"),
            title="Case summary",
            marking="official_sensitive",
        )
    held = MeetingFactory(group=panel, past=True)
    item = AgendaItemFactory(meeting=held, title="Cases discussed")
    version = minutes_services.minutes_start(held, by=admin_user)
    with pytest.raises(ValidationError, match=REASON):
        minutes_services.minutes_save(
            version, expected_version=version.version, summary="", notes={item.pk: "Discussed"}
        )
    version.refresh_from_db()
    with pytest.raises(ValidationError, match=REASON):
        minutes_services.minutes_save(version, expected_version=version.version, summary="Two cases", notes={})
    with pytest.raises(ValidationError, match=REASON):
        minutes_services.decision_add(version, text="Adopt the case", item=item)
    with pytest.raises(ValidationError):
        MeetingAction.objects.create(meeting=held, description="Visit the family", owner=admin_user.person)
    assert not Paper.objects.filter(item__meeting__group=panel).exists()
    assert not Decision.objects.exists()
    version.refresh_from_db()
    assert version.summary == "" and not version.notes.exclude(text="").exists()


def test_other_meetings_keep_their_descriptions_papers_and_decisions(panel, admin_user):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, description="The CTLP briefing and what it asks of schools")
    services.paper_upload(
        item=item,
        upload=SimpleUploadedFile("ctlp.pdf", blank_pdf(), content_type="application/pdf"),
        title="Briefing",
        marking="official",
    )
    held = MeetingFactory(past=True)
    noted = AgendaItemFactory(meeting=held, description="What the schools asked")
    version = minutes_services.minutes_start(held, by=admin_user)
    minutes_services.decision_add(version, text="Noted the briefing", item=noted)
    assert Paper.objects.filter(item=item).exists() and Decision.objects.filter(item=noted).exists()
