"""The words are really marked: with a catalogue for another language, pages, labels and messages come out in it."""

import struct

import pytest
from django.urls import reverse
from django.utils import translation

from meetings.models import MeetingAction
from tests.meetings.factories import MeetingActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# A few words in Welsh, as a translator would give them (msgid: msgstr).
WELSH = {
    "Overdue": "Hwyr",
    "Agenda and papers": "Agenda a phapurau",
    "Actions arising": "Camau gweithredu",
    "Open": "Ar agor",
    "Matters arising: open actions from earlier meetings": "Materion yn codi: camau agored o gyfarfodydd cynt",
}


def _catalogue(messages):
    """A GNU .mo file holding `messages` (what msgfmt writes), so the test needs no gettext tools."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(entries)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(entries[k].encode() + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    id_table, str_table, at = [], [], 0
    for k in keys:
        id_table += [len(k.encode()), start + at]
        at += len(k.encode()) + 1
    at = 0
    for k in keys:
        str_table += [len(entries[k].encode()), start + len(ids) + at]
        at += len(entries[k].encode()) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return (
        header
        + struct.pack(f"{len(id_table)}i", *id_table)
        + struct.pack(f"{len(str_table)}i", *str_table)
        + ids
        + strs
    )


@pytest.fixture
def welsh(settings, tmp_path):
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.mo").write_bytes(_catalogue(WELSH))
    # Django's setting_changed handler empties its translation caches as each setting changes, and back.
    settings.LOCALE_PATHS = [tmp_path]


def test_a_meeting_page_its_tags_and_a_choice_label_read_in_another_language(welsh, admin_client):
    meeting = MeetingFactory(past=True)
    MeetingActionFactory(meeting=meeting, overdue=True)
    with translation.override("cy"):
        page = admin_client.get(reverse("meetings:actions", args=[meeting.pk])).content.decode()
        assert str(MeetingAction.Status.OPEN.label) == "Ar agor"
    assert 'govuk-tag--red">Hwyr</strong>' in page
    assert "Agenda a phapurau" in page and "Camau gweithredu" in page
    assert "Materion yn codi: camau agored o gyfarfodydd cynt" in page
    assert '<td class="govuk-table__cell">Ar agor</td>' in page


def test_without_a_catalogue_the_pages_read_in_english(admin_client):
    meeting = MeetingFactory(past=True)
    MeetingActionFactory(meeting=meeting, overdue=True)
    page = admin_client.get(reverse("meetings:actions", args=[meeting.pk])).content.decode()
    assert 'govuk-tag--red">Overdue</strong>' in page and "Agenda and papers" in page
