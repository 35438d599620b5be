"""Destructive actions ask first: a GET of the action shows a GOV.UK confirmation page (no JavaScript needed) saying
what will happen; only its button (a POST) acts. Cancelling a meeting needs a reason, which the email gives."""

import pytest
from django.urls import reverse

from meetings import groups, services
from meetings.models import AgendaItem, Decision, GroupMembership, Guest, Invitation, Meeting, Paper
from outbox.tasks import send_due_emails
from tests.meetings.output_factories import (
    AgendaItemFactory,
    DecisionFactory,
    InvitationFactory,
    MeetingFactory,
    MinutesVersionFactory,
)

from .factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _paper(item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.pdfs import blank_pdf

    upload = SimpleUploadedFile("paper.pdf", blank_pdf(), content_type="application/pdf")
    return services.paper_upload(
        item=item, upload=upload, title="Threat briefing", marking="official",
        is_confidential=False, confidential_reason="",
    )  # fmt: skip


def _cases():
    """(URL, the question the page asks, a function telling whether the record is still there): the paper before
    its item, which takes its papers with it."""
    meeting = MeetingFactory(title="Spring board")
    item = AgendaItemFactory(meeting=meeting, position=1, title="CTLP briefing")
    paper = _paper(item)
    invitation = InvitationFactory(meeting=meeting)
    guest = Guest.objects.create(meeting=meeting, name="Home Office visitor")
    group = GroupFactory(name="Schools sub-group")
    membership = GroupMembership.objects.create(group=group, person=invitation.person)
    decision = DecisionFactory(minutes_version=MinutesVersionFactory(), text="Agreed the plan")
    return [
        (reverse("meetings:paper_delete", args=[paper.pk]), "Remove the paper “Threat briefing”?",
         lambda: Paper.objects.filter(pk=paper.pk).exists()),
        (reverse("meetings:item_delete", args=[item.pk]), "Remove item 1, “CTLP briefing”, from the agenda?",
         lambda: AgendaItem.objects.filter(pk=item.pk).exists()),
        (reverse("meetings:invitation_remove", args=[invitation.pk]),
         f"Remove {invitation.person.name} from this meeting&#x27;s invitees?",
         lambda: Invitation.objects.filter(pk=invitation.pk).exists()),
        (reverse("meetings:guest_delete", args=[guest.pk]),
         "Remove Home Office visitor from the meeting&#x27;s guests?",
         lambda: Guest.objects.filter(pk=guest.pk).exists()),
        (reverse("meetings:group_member_remove", args=[group.pk, invitation.person.pk]),
         f"Remove {invitation.person.name} from Schools sub-group?",
         lambda: GroupMembership.objects.filter(pk=membership.pk).exists()),
        (reverse("meetings:decision_delete", args=[decision.pk]), "Remove this decision from the draft minutes?",
         lambda: Decision.objects.filter(pk=decision.pk).exists()),
    ]  # fmt: skip


def test_each_remove_asks_first_and_acts_only_on_the_confirming_post(admin_client):
    for url, question, still_there in _cases():
        page = admin_client.get(url)
        text = page.content.decode()
        assert page.status_code == 200, url
        assert question in text, url
        assert "govuk-button--warning" in text and "No, go back" in text
        assert still_there(), f"a GET of {url} changed something"
        admin_client.post(url, {"confirmed": "yes"})
        assert not still_there(), url


def test_the_pages_link_to_the_confirmation_instead_of_acting_on_one_click(admin_client):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="CTLP briefing")
    agenda = admin_client.get(reverse("meetings:agenda", args=[meeting.pk])).content.decode()
    assert f'<a href="{reverse("meetings:item_delete", args=[item.pk])}"' in agenda
    assert f'action="{reverse("meetings:item_delete", args=[item.pk])}"' not in agenda


def test_cancelling_a_meeting_needs_a_reason(admin_client):
    meeting = MeetingFactory()
    response = admin_client.post(reverse("meetings:status", args=[meeting.pk]), {"status": "cancelled", "note": " "})
    assert "Enter why the meeting is cancelled: invitees are told the reason" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    with pytest.raises(Exception, match="Enter why the meeting is postponed"):
        services.meeting_set_status(meeting, status=Meeting.Status.POSTPONED)


def test_the_cancellation_email_gives_the_reason(admin_client, mailoutbox):
    meeting = MeetingFactory(title="Summer board")
    InvitationFactory(meeting=meeting)
    page = admin_client.post(
        reverse("meetings:status", args=[meeting.pk]), {"status": "cancelled", "note": "The venue flooded"}
    ).content.decode()
    assert "1 invitee will be emailed that it is cancelled, with this reason" in page
    admin_client.post(
        reverse("meetings:status", args=[meeting.pk]),
        {"status": "cancelled", "note": "The venue flooded", "confirmed": "yes"},
    )
    send_due_emails.delay()
    (email,) = mailoutbox
    assert "Why: The venue flooded" in email.body
    assert "<strong>Why:</strong> The venue flooded" in email.alternatives[0][0]


def test_a_rescheduled_meeting_no_longer_shows_why_it_was_postponed():
    meeting = MeetingFactory()
    services.meeting_set_status(meeting, status=Meeting.Status.POSTPONED, note="Chair unwell")
    meeting = services.meeting_set_status(meeting, status=Meeting.Status.SCHEDULED)
    assert meeting.status_note == ""


def test_archiving_a_plan_and_removing_evidence_ask_first(admin_client):
    from actionplans.models import ActionPlan
    from tests.actionplans.factories import PlanFactory

    plan = PlanFactory(status=ActionPlan.Status.APPROVED)
    url = reverse("actionplans:plan_archive", args=[plan.pk])
    assert f"Archive {plan}?" in admin_client.get(url).content.decode()
    plan.refresh_from_db()
    assert plan.status == "approved"
    admin_client.post(url, {"confirmed": "yes"})
    plan.refresh_from_db()
    assert plan.status == "archived"


def test_removing_someone_from_a_group_says_what_it_withdraws(admin_client):
    group = groups.group_create(group=GroupFactory.build(name="Health sub-group"))
    invitation = InvitationFactory()
    GroupMembership.objects.create(group=group, person=invitation.person)
    page = admin_client.get(
        reverse("meetings:group_member_remove", args=[group.pk, invitation.person.pk])
    ).content.decode()
    assert "They stay a member of the partnership, and in any other group." in page
