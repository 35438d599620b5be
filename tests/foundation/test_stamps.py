"""Every write to our apps' tables replaces the app's stamp in the shared cache (the real Redis)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore

from common import stamps
from meetings.models import AgendaItem
from members.models import Organisation
from tests.factories import OrganisationFactory
from tests.meetings.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def _changes(label, write):
    before = stamps.current([label])
    write()
    return stamps.current([label]) != before


def test_save_and_delete_replace_the_stamp():
    assert _changes("members", lambda: OrganisationFactory(name="Ferndale Special School"))
    school = Organisation.objects.get(name="Ferndale Special School")
    assert _changes("members", school.delete)


def test_bulk_writes_replace_the_stamp_though_they_send_no_signals():
    item = AgendaItemFactory(position=1)
    assert _changes("meetings", lambda: AgendaItem.objects.filter(pk=item.pk).update(position=5))
    item.title = "Renamed"
    assert _changes("meetings", lambda: AgendaItem.objects.bulk_update([item], ["title"]))
    assert _changes(
        "meetings", lambda: AgendaItem.objects.bulk_create([AgendaItem(meeting=item.meeting, position=6, title="New")])
    )


def test_a_related_manager_write_replaces_the_stamp():
    item = AgendaItemFactory(position=1)
    assert _changes("meetings", lambda: item.meeting.items.update(title="Same for all"))


def test_writes_outside_our_apps_leave_the_stamps_alone():
    before = stamps.current(stamps.APPS)
    SessionStore().save()  # every request saves its session: that must not retire cached pages
    assert stamps.current(stamps.APPS) == before


def test_the_stamp_is_replaced_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    # Between a write and its commit another request may cache the old data under the new stamp.
    with django_capture_on_commit_callbacks() as callbacks:
        OrganisationFactory()
        after_write = stamps.current(["members"])
    assert callbacks
    for callback in callbacks:
        callback()
    assert stamps.current(["members"]) != after_write
