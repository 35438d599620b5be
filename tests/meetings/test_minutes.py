"""Minutes: notes per item, decisions, approval, corrections as new versions, and conflicts."""

import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import MinutesVersion

from .factories import AgendaItemFactory, InvitationFactory, MeetingFactory, approve_minutes, later_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(partner_user):
    meeting = MeetingFactory(past=True)
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    AgendaItemFactory(meeting=meeting, position=2, title="Channel cases", confidential=True)
    InvitationFactory(meeting=meeting, person=partner_user.person)
    return meeting


def edit_data(version, meeting, **notes):
    data = {"version": version.version, "summary": "Quorate."}
    for item in meeting.items.all():
        data[f"item_{item.pk}"] = notes.get(item.title, "")
    return data


def test_notes_are_markdown_and_dangerous_html_is_removed(admin_client, meeting):
    admin_client.post(reverse("meetings:minutes_start", args=[meeting.pk]))
    version = MinutesVersion.objects.get()
    response = admin_client.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        edit_data(version, meeting, Welcome="**Agreed** <script>alert(1)</script>"),
    )
    assert response.status_code == 302
    page = admin_client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "<strong>Agreed</strong>" in page
    assert "<script>alert(1)" not in page


def test_minutes_go_from_draft_to_circulated_to_approved_at_a_meeting_to_locked(admin_client, meeting):
    version = services.minutes_start(meeting)
    url = reverse("meetings:minutes_transition", args=[meeting.pk])
    admin_client.post(url, {"action": "circulate"})
    version.refresh_from_db()
    assert version.status == "circulated"
    later = later_meeting(meeting)
    admin_client.post(url, {"action": "approve", "at_meeting": later.pk})
    version.refresh_from_db()
    assert (version.status, version.approved_at_meeting) == ("approved", later)
    admin_client.post(url, {"action": "lock"})
    version.refresh_from_db()
    assert version.status == "locked"


def test_approved_minutes_cannot_be_edited_in_place(admin_client, meeting):
    version = services.minutes_start(meeting)
    version = approve_minutes(version)
    response = admin_client.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]), edit_data(version, meeting, Welcome="Sneaky change")
    )
    assert response.status_code == 302
    follow = admin_client.get(response["Location"]).content.decode()
    assert "cannot be changed" in follow
    assert not version.notes.filter(text="Sneaky change").exists()
    with pytest.raises(Exception, match="cannot be changed"):
        services.minutes_save(version, expected_version=version.version, summary="x", notes={})


def test_a_correction_makes_a_new_version_with_a_reason_and_every_version_stays_readable(admin_client, meeting):
    version = services.minutes_start(meeting)
    version.notes.filter(item__title="Welcome").update(text="Original wording")
    approve_minutes(version)
    response = admin_client.post(reverse("meetings:minutes_correct", args=[meeting.pk]), {"reason": "Wrong name"})
    assert response.status_code == 302
    new = MinutesVersion.objects.get(number=2)
    assert (new.status, new.correction_reason) == ("draft", "Wrong name")
    new.notes.filter(item__title="Welcome").update(text="Corrected wording")
    assert (
        "Original wording"
        in admin_client.get(reverse("meetings:minutes_version", args=[meeting.pk, 1])).content.decode()
    )
    assert "Corrected wording" in admin_client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()


def test_a_correction_needs_a_reason(admin_client, meeting):
    approve_minutes(services.minutes_start(meeting))
    response = admin_client.post(reverse("meetings:minutes_correct", args=[meeting.pk]), {"reason": ""})
    assert response.status_code == 200
    assert MinutesVersion.objects.count() == 1


def test_two_admins_saving_the_same_draft_the_second_sees_what_changed_and_keeps_their_text(admin_client, meeting):
    version = services.minutes_start(meeting)
    stale = edit_data(version, meeting, Welcome="My notes")
    services.minutes_save(
        version, expected_version=version.version, summary="Their summary", notes={meeting.items.first().pk: "Theirs"}
    )
    response = admin_client.post(reverse("meetings:minutes_edit", args=[meeting.pk]), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record" in page
    assert "Theirs" in page and "My notes" in page
    assert version.notes.get(item__title="Welcome").text == "Theirs"


def test_decisions_are_recorded_against_items(admin_client, meeting):
    services.minutes_start(meeting)
    item = meeting.items.get(title="Welcome")
    admin_client.post(
        reverse("meetings:decision_add", args=[meeting.pk]),
        {"item": item.pk, "kind": "decision", "text": "The board agreed the plan."},
    )
    assert (
        "The board agreed the plan."
        in admin_client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    )


def test_partners_read_approved_minutes_but_confidential_notes_only_if_invited(
    meeting, partner_client, other_partner_client
):
    version = services.minutes_start(meeting)
    version.notes.filter(item__title="Channel cases").update(text="Case of person X")
    version.notes.filter(item__title="Welcome").update(text="Welcome words")
    approve_minutes(version)
    url = reverse("meetings:minutes", args=[meeting.pk])
    assert "Case of person X" in partner_client.get(url).content.decode()
    page = other_partner_client.get(url).content.decode()
    assert "Welcome words" in page
    assert "Case of person X" not in page


def test_the_public_copy_withholds_confidential_items_and_appears_only_when_published(admin_client, meeting, client):
    version = services.minutes_start(meeting)
    version.notes.filter(item__title="Channel cases").update(text="Case of person X")
    approve_minutes(version)
    public_url = reverse("meetings:public_minutes", args=[meeting.pk])
    assert client.get(public_url).status_code == 404
    admin_client.post(reverse("meetings:minutes_transition", args=[meeting.pk]), {"action": "publish"})
    page = client.get(public_url).content.decode()
    assert "Exempt item" in page
    assert "Channel cases" not in page
    assert "Case of person X" not in page
    assert "Minutes of" in client.get(reverse("meetings:public_index")).content.decode()


def test_drafts_cannot_be_published(admin_client, meeting, client):
    services.minutes_start(meeting)
    admin_client.post(reverse("meetings:minutes_transition", args=[meeting.pk]), {"action": "publish"})
    assert client.get(reverse("meetings:public_minutes", args=[meeting.pk])).status_code == 404


def test_the_edit_page_has_a_labelled_notes_field_per_item(admin_client, meeting):
    services.minutes_start(meeting)
    page = admin_client.get(reverse("meetings:minutes_edit", args=[meeting.pk])).content.decode()
    assert "1. Welcome" in page
    assert "2. Channel cases (confidential)" in page


def test_circulating_emails_attendees_a_link_not_the_content(admin_client, meeting, django_capture_on_commit_callbacks):
    from django.core import mail

    version = services.minutes_start(meeting)
    version.notes.filter(item__title="Channel cases").update(text="Case of person X")
    meeting.invitations.update(attendance="present")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("meetings:minutes_transition", args=[meeting.pk]), {"action": "circulate"})
    assert len(mail.outbox) == 1
    assert f"/meetings/{meeting.pk}/minutes/" in mail.outbox[0].body
    assert "Case of person X" not in mail.outbox[0].body


def test_the_circulated_minutes_email_goes_through_the_outbox_once(
    admin_client, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    from meetings import emails
    from outbox import services as outbox
    from outbox.models import EmailDelivery

    version = services.minutes_start(meeting)
    meeting.invitations.update(attendance="present")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("meetings:minutes_transition", args=[meeting.pk]), {"action": "circulate"})
    delivery = EmailDelivery.objects.get()
    invitee = meeting.invitations.get().person
    assert (delivery.kind, delivery.status, delivery.to_email) == ("minutes_circulated", "sent", invitee.email)
    assert delivery.subject == mailoutbox[0].subject

    outbox.deliveries_send(emails.minutes_circulated_enqueue(version.pk))  # added and sent again, as a retry would
    assert len(mailoutbox) == 1
    page = admin_client.get(reverse("meetings:deliveries", args=[meeting.pk])).content.decode()
    assert "Draft minutes for comment" in page


def test_an_approved_correction_replaces_the_published_copy(admin_client, meeting, client):
    first = services.minutes_start(meeting)
    first.notes.filter(item__title="Welcome").update(text="Wrong name")
    first = approve_minutes(first)
    services.minutes_publish(first.minutes, version=first)
    correction = services.minutes_correct(first, reason="Name misspelt")
    correction.notes.filter(item__title="Welcome").update(text="Right name")

    response = admin_client.post(
        reverse("meetings:minutes_transition", args=[meeting.pk]),
        {"action": "approve", "at_meeting": first.approved_at_meeting.pk},
        follow=True,
    )
    assert "The public copy now shows version 2" in response.content.decode()
    first.minutes.refresh_from_db()
    assert first.minutes.published_version == correction
    page = client.get(reverse("meetings:public_minutes", args=[meeting.pk])).content.decode()
    assert "Right name" in page and "Wrong name" not in page


def test_a_correction_of_unpublished_minutes_stays_unpublished(meeting):
    first = approve_minutes(services.minutes_start(meeting))
    correction = services.minutes_correct(first, reason="Typo")
    services.minutes_approve(correction, at_meeting=first.approved_at_meeting)
    first.minutes.refresh_from_db()
    assert first.minutes.published_version is None


def test_approval_defaults_to_the_first_later_meeting_that_has_taken_place(admin_client, meeting):
    services.minutes_start(meeting)
    later_meeting(meeting, starts_at=meeting.starts_at + datetime.timedelta(days=1), title="Next one")
    later_meeting(meeting, starts_at=meeting.starts_at + datetime.timedelta(days=2), title="After that")
    form = admin_client.get(reverse("meetings:minutes", args=[meeting.pk])).context["approve_form"]
    assert form["at_meeting"].value() == form.next_meeting.pk
    assert form.next_meeting.starts_at == meeting.starts_at + datetime.timedelta(days=1)


def test_without_a_later_meeting_the_page_says_minutes_wait_for_the_next_one(admin_client, meeting):
    services.minutes_start(meeting)
    page = admin_client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "No later meeting has taken place yet: minutes are approved at the next meeting" in page
    assert "Record approval" not in page
    response = admin_client.post(
        reverse("meetings:minutes_transition", args=[meeting.pk]), {"action": "approve"}, follow=True
    )
    assert "No later meeting has taken place yet" in response.content.decode()


def test_the_page_says_circulating_emails_the_attendees_when_attendance_is_recorded(admin_client, meeting):
    services.minutes_start(meeting)
    url = reverse("meetings:minutes", args=[meeting.pk])
    assert "Circulating for comment emails all 1 invitee, as no attendance is recorded" in (
        admin_client.get(url).content.decode()
    )
    InvitationFactory(meeting=meeting)
    meeting.invitations.filter(pk=meeting.invitations.first().pk).update(attendance="present")
    assert "emails the 1 invitee recorded as present or represented by a deputy" in (
        admin_client.get(url).content.decode()
    )
    response = admin_client.post(
        reverse("meetings:minutes_transition", args=[meeting.pk]), {"action": "circulate"}, follow=True
    )
    page = response.content.decode()
    assert "we are emailing the 1 invitee recorded as present or represented by a deputy" in page
    assert "circulated to invitees" not in page
