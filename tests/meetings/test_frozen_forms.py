"""A held (or cancelled) meeting's forms say at the top why nothing can change, and show read-only, before anyone
types: they no longer look editable and refuse only once saved."""

import re

import pytest
from django.urls import reverse

from meetings.models import AgendaItem

from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

REASON = "The agenda of a held meeting cannot change"


def _inputs(page):
    """The form's own inputs (not the sign-out form's), each with whether it is disabled."""
    form = page.split("<main", 1)[1].split("</main>", 1)[0]
    tags = re.findall(r"<(?:input|textarea|select)\b[^>]*>", form)
    return [
        (re.search(r'name="([^"]+)"', tag).group(1), " disabled" in tag) for tag in tags if 'type="hidden"' not in tag
    ]


@pytest.fixture
def held_item():
    return AgendaItemFactory(meeting=MeetingFactory(past=True), title="Threat and risk update")


@pytest.mark.parametrize("url_name", ["meetings:item_edit", "meetings:paper_upload"])
def test_an_items_forms_on_a_held_meeting_are_read_only_with_the_reason(admin_client, held_item, url_name):
    page = admin_client.get(reverse(url_name, args=[held_item.pk])).content.decode()
    assert REASON in page
    inputs = _inputs(page)
    assert inputs and all(disabled for _, disabled in inputs), inputs
    assert ">Save</button>" not in page and ">Upload</button>" not in page


def test_adding_an_item_to_a_held_meeting_says_why_not_before_typing(admin_client, held_item):
    page = admin_client.get(reverse("meetings:item_add", args=[held_item.meeting_id])).content.decode()
    assert REASON in page
    assert all(disabled for _, disabled in _inputs(page))


def test_a_post_to_a_held_meetings_item_changes_nothing_and_shows_the_reason(admin_client, held_item):
    response = admin_client.post(
        reverse("meetings:item_edit", args=[held_item.pk]),
        {"title": "Changed", "purpose": "information", "marking": "official", "version": held_item.version},
    )
    assert response.status_code == 200 and REASON in response.content.decode()
    assert AgendaItem.objects.get(pk=held_item.pk).title == "Threat and risk update"


def test_the_agenda_page_of_a_held_meeting_offers_no_changes(admin_client, held_item):
    page = admin_client.get(reverse("meetings:agenda", args=[held_item.meeting_id])).content.decode()
    assert REASON in page
    for name in ("meetings:item_edit", "meetings:paper_upload", "meetings:item_delete"):
        assert reverse(name, args=[held_item.pk]) not in page
    assert "Add an agenda item" not in page


def test_a_held_meetings_status_form_is_read_only(admin_client, held_item):
    page = admin_client.get(reverse("meetings:status", args=[held_item.meeting_id])).content.decode()
    assert "This meeting has been held; its status can no longer change" in page
    assert all(disabled for _, disabled in _inputs(page))


def test_a_scheduled_meetings_forms_stay_editable(admin_client):
    item = AgendaItemFactory(meeting=MeetingFactory(), title="Threat and risk update")
    page = admin_client.get(reverse("meetings:item_edit", args=[item.pk])).content.decode()
    assert REASON not in page and 'id="frozen"' not in page
    assert not any(disabled for _, disabled in _inputs(page))
    assert ">Save</button>" in page
