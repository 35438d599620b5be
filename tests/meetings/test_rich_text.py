"""What the page says is what was meant: item descriptions, where the form says "Markdown is allowed", are rendered
(and sanitised) on the meeting page and in the agenda pack, never shown with their asterisks."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from meetings import documents
from meetings.forms import AgendaItemForm
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = "Read the **bold** summary first.\n\n- first point\n- second point\n\n<script>alert(1)</script>"


def test_the_item_form_still_says_markdown_is_allowed():
    assert "Markdown is allowed." in str(AgendaItemForm().fields["description"].help_text)


def test_an_item_description_is_rendered_as_markdown_on_the_meeting_page(admin_client):
    item = AgendaItemFactory(title="Threat and risk update", description=DESCRIPTION)
    page = admin_client.get(reverse("meetings:detail", args=[item.meeting_id])).content.decode()
    assert "<strong>bold</strong>" in page
    assert "**bold**" not in page
    assert '<ul class="govuk-list govuk-list--bullet">' in page and "<li>first point</li>" in page
    assert "<script>alert(1)" not in page and "alert(1)" not in page.split("Threat and risk update", 1)[1]


def test_an_item_description_is_rendered_in_the_agenda_pack(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Threat and risk update", description=DESCRIPTION)
    content, _ = documents.agenda_pack_build(meeting, public=False)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Read the bold summary first." in " ".join(text.split())
    assert "**" not in text
    assert "<script>" not in text
