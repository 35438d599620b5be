"""Case data removable: an admin takes a passage out of any record, a held meeting's and approved minutes' included.
The record keeps "[redacted]", the PDFs are made again, the audit trail's diffs and history lose the passage and keep
who redacted it, when and why."""

import pytest
from auditlog.models import LogEntry
from django.db.models import Q
from django.urls import reverse

from actionplans.models import Action
from common import redaction
from meetings import documents, services
from meetings.models import AgendaItem, Decision, GeneratedPdf, Meeting, MeetingAction, MinuteNote, MinutesVersion
from tests.actionplans.factories import ActionFactory
from tests.factories import PersonFactory
from tests.meetings.factories import InvitationFactory, MeetingFactory, approve_minutes, in_days

pytestmark = pytest.mark.django_db

NAME = "Jamie Smith"
CASE = f"{NAME} (15) was referred to Channel in November"


@pytest.fixture
def locked_meeting(admin_user):
    """A held meeting whose case text got past the guard (confirmed wrongly) into everything the minutes print.

    The rows are saved through the models, so django-auditlog keeps diffs that quote the name, as in real life."""
    meeting = MeetingFactory(title="Autumn board")
    item = services.agenda_item_add(meeting, title=f"Referral of {NAME}", description=CASE, is_confidential=True,
                                    confidential_reason="Names a person")  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-30, 10), ends_at=in_days(-30, 12), status="held")
    meeting.refresh_from_db()
    InvitationFactory(meeting=meeting, person=PersonFactory(name="Morag Stewart"))
    owner = PersonFactory(name="Tom Hughes")
    MeetingAction.objects.create(meeting=meeting, item=item, description=f"Tell {NAME}'s school", owner=owner)
    version = services.minutes_start(meeting)
    services.minutes_save(version, expected_version=version.version, summary="Quorate.", notes={item.pk: CASE})
    services.decision_add(version, text=f"Keep {NAME}'s case open", item=item)
    approve_minutes(version)
    v2 = services.minutes_correct(version, reason="Wording")
    approve_minutes(v2)
    services.minutes_lock(v2)
    return meeting


def _everywhere(meeting, text):
    """Each place the text is still found: the rows, the kept records, the audit trail and the PDFs' HTML."""
    found = []
    if AgendaItem.objects.filter(Q(title__icontains=text) | Q(description__icontains=text), meeting=meeting).exists():
        found.append("item")
    if MinuteNote.objects.filter(text__icontains=text).exists():
        found.append("notes")
    if Decision.objects.filter(text__icontains=text).exists():
        found.append("decisions")
    if MeetingAction.objects.filter(description__icontains=text).exists():
        found.append("actions")
    for version in MinutesVersion.objects.filter(minutes__meeting=meeting):
        if version.record and text.lower() in str(version.record).lower():
            found.append(f"kept record v{version.number}")
        for kind in documents.MINUTES_KINDS:
            if text.lower() in documents.minutes_html(version, kind).lower():
                found.append(f"PDF v{version.number} {kind}")
    columns = ("object_repr", "changes_text", "changes", "serialized_data", "additional_data")
    quoting = Q(pk__in=[])
    for column in columns:
        quoting |= Q(**{f"{column}__icontains": text})
    if LogEntry.objects.filter(quoting).exists():
        found.append("audit trail")
    return found


def test_an_admin_redacts_a_name_from_a_locked_meeting_after_confirming(admin_client, admin_user, locked_meeting):
    meeting = locked_meeting
    assert {"item", "notes", "decisions", "actions", "audit trail"} <= set(_everywhere(meeting, NAME))
    url = reverse("redact", args=["meetings.meeting", meeting.pk])
    meeting_page = reverse("meetings:detail", args=[meeting.pk])
    assert url in admin_client.get(meeting_page).content.decode()  # reachable from the record

    asked = admin_client.post(url, {"passage": NAME, "reason": "Case data: a referral"})

    assert asked.status_code == 200
    assert "Take the passage out of" in asked.content.decode()
    assert "item" in _everywhere(meeting, NAME)  # nothing changed before the confirmation

    done = admin_client.post(url, {"passage": NAME, "reason": "Case data: a referral", "confirmed": "yes"})

    assert done.status_code == 302 and done["Location"] == meeting_page
    assert _everywhere(meeting, NAME) == []
    assert AgendaItem.objects.get(meeting=meeting).title == "Referral of [redacted]"
    assert "[redacted] (15) was referred" in MinuteNote.objects.filter(minutes_version__number=2).get().text
    entry = LogEntry.objects.get_for_object(meeting).get(changes__has_key="redacted")
    assert entry.actor == admin_user
    assert entry.changes["redacted"][1].endswith("Case data: a referral")
    pages = [reverse("meetings:minutes_version", args=[meeting.pk, n]) for n in (1, 2)] + [meeting_page]
    for page in pages:
        assert NAME not in admin_client.get(page).content.decode()


def test_the_pdfs_are_made_again(admin_user, locked_meeting):
    for version in MinutesVersion.objects.filter(minutes__meeting=locked_meeting):
        documents.minutes_pdfs_request(version)
    GeneratedPdf.objects.update(state="ready", generation=1)

    redaction.record_redact(record=locked_meeting, passage=NAME, reason="Case data", by=admin_user)

    assert set(GeneratedPdf.objects.filter(minutes_version__minutes__meeting=locked_meeting).values_list(
        "state", flat=True
    )) == {"preparing"}  # fmt: skip


def test_the_reason_must_not_repeat_the_passage_and_the_passage_must_be_there(admin_client, locked_meeting):
    url = reverse("redact", args=["meetings.meeting", locked_meeting.pk])

    repeated = admin_client.post(url, {"passage": NAME, "reason": f"{NAME} is a child", "confirmed": "yes"})
    missing = admin_client.post(url, {"passage": "Nobody Here", "reason": "Case data", "confirmed": "yes"})

    assert "Give the reason without repeating the passage" in repeated.content.decode()
    assert "The passage is not in this meeting" in missing.content.decode()
    assert "item" in _everywhere(locked_meeting, NAME)


def test_partners_cannot_redact(partner_client, locked_meeting):
    url = reverse("redact", args=["meetings.meeting", locked_meeting.pk])
    assert partner_client.post(url, {"passage": NAME, "reason": "x", "confirmed": "yes"}).status_code == 403
    assert "item" in _everywhere(locked_meeting, NAME)


def test_a_plan_action_is_redacted_with_its_progress_updates(admin_client, admin_user):
    action = ActionFactory(description=f"Support {NAME} through the college")
    plan = action.priority.plan
    url = reverse("redact", args=["actionplans.actionplan", plan.pk])

    admin_client.post(url, {"passage": NAME, "reason": "Case data", "confirmed": "yes"})

    assert Action.objects.get(pk=action.pk).description == "Support [redacted] through the college"
    assert not LogEntry.objects.filter(changes_text__icontains=NAME).exists()
    assert not LogEntry.objects.filter(changes__icontains=NAME).exists()
