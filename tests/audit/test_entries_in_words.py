"""Audit entries say what happened in words: no internals ("actionplans.BoardReportVersion.None", ids, microseconds),
dates the GOV.UK way in UK time, actions as verbs, and what an access entry records."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from actionplans.models import BoardReport
from assurance.models import Evidence
from common.audit import describe_changes
from members.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _trail(client, **filters):
    return " ".join(re.sub("<[^>]+>", " ", client.get(reverse("audit"), filters).content.decode()).split())


def test_a_new_board_report_is_listed_without_internals(admin_client):
    BoardReport.objects.create(
        addressee="Health and Wellbeing Board",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 9, 30),
        item_title="Prevent update",
    )
    text = _trail(admin_client, record_type=ContentType.objects.get_for_model(BoardReport).pk)
    assert "Created Board report: Prevent update (Health and Wellbeing Board)" in text
    assert "Period start : 1 April 2026" in text
    assert "Addressed to : Health and Wellbeing Board" in text
    assert ".None" not in text
    assert not re.search(r"\bID\b", text)
    assert "(empty) →" not in text  # a creation lists what it was created with


def test_a_datetime_stored_without_its_offset_reads_as_uk_time_to_the_minute(admin_client):
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Evidence),
        object_pk="1",
        object_id=1,
        object_repr="An evidence record",
        action=LogEntry.Action.UPDATE,
        changes={"created_at": ["2026-07-07 16:39:22.935792", "2026-07-08 09:05:01.000001"]},
    )
    text = _trail(admin_client)
    assert "7 July 2026, 17:39 → 8 July 2026, 10:05" in text  # British Summer Time
    assert not re.search(r"\d{2}:\d{2}:\d{2}", text)


def test_a_generic_link_reads_as_the_kind_of_record_and_its_id_is_left_out():
    organisation_type = ContentType.objects.get_for_model(Organisation)
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Evidence),
        object_pk="1",
        object_id=1,
        object_repr="Evidence",
        action=LogEntry.Action.UPDATE,
        changes={"content_type": ["None", str(organisation_type.pk)], "object_id": ["None", "7"]},
    )
    assert describe_changes([entry]) == [[("Content type", None, "Organisation")]]


def test_an_access_entry_says_what_was_viewed(admin_client):
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Organisation),
        object_pk="1",
        object_id=1,
        object_repr="Channel case review",
        action=LogEntry.Action.ACCESS,
        changes={"accessed": ["", "viewed confidential agenda item"]},
    )
    text = _trail(admin_client)
    assert "Viewed or downloaded" in text
    assert "Viewed confidential agenda item" in text
    assert "Accessed" not in text


def test_a_change_reads_as_a_verb_and_a_date_without_seconds(admin_client):
    organisation = OrganisationFactory(name="Northport College")
    organisation.name = "Northport Sixth Form College"
    organisation.save()
    text = _trail(admin_client, record_type=ContentType.objects.get_for_model(Organisation).pk)
    assert "Changed Organisation: Northport Sixth Form College" in text
    assert "Name : Northport College → Northport Sixth Form College" in text
    assert not re.search(r"\d{2}:\d{2}:\d{2}", text)
