"""Approved is approved: everything approved minutes print stays as approved, on the page, in both PDFs and in the
public copy; a change goes through a correction. Each kind of record the minutes print is tried, after approval and
after Lock, through the forms and through the services."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import documents, groups, services
from meetings.models import Guest, Invitation, Meeting, MeetingAction, MinutesVersion
from members.data_protection import person_anonymise
from members.models import Person
from tests.members.factories import PersonFactory

from .factories import AgendaItemFactory, InvitationFactory, MeetingFactory, approve_minutes

pytestmark = pytest.mark.django_db

APOLOGIES, ABSENT = Invitation.Attendance.APOLOGIES, Invitation.Attendance.ABSENT


@pytest.fixture
def held(admin_user):
    """A held meeting: Morag sent apologies, Tom was present; a guest; an action; notes and a decision."""
    meeting = MeetingFactory(past=True, title="Board, spring")
    item = AgendaItemFactory(meeting=meeting, position=1, title="Training")
    morag = InvitationFactory(meeting=meeting, person=PersonFactory(name="Morag Stewart", role="representative"))
    tom = InvitationFactory(meeting=meeting, person=PersonFactory(name="Tom Hughes"))
    Invitation.objects.filter(pk=morag.pk).update(attendance=APOLOGIES)
    Invitation.objects.filter(pk=tom.pk).update(attendance=Invitation.Attendance.PRESENT)
    Guest.objects.create(meeting=meeting, name="Rita Guest", organisation_name="Home Office", role="Observer")
    action = MeetingAction.objects.create(
        meeting=meeting,
        item=item,
        description="Write to schools about training",
        owner=tom.person,
        due_date=datetime.date(2031, 3, 1),
    )
    version = services.minutes_start(meeting)
    services.minutes_save(version, expected_version=version.version, summary="Quorate.", notes={item.pk: "Noted."})
    services.decision_add(version, text="Training plan agreed", item=item)
    approve_minutes(version)
    return {"meeting": meeting, "item": item, "morag": morag, "tom": tom, "action": action}


def _lock_after_a_correction(meeting):
    """The issue's steps: v1 approved, a correction v2 approved, then Lock."""
    v1 = MinutesVersion.objects.get(minutes__meeting=meeting, number=1)
    v2 = services.minutes_correct(v1, reason="Typo in the notes")
    approve_minutes(v2)
    services.minutes_lock(v2)
    return v1, MinutesVersion.objects.get(pk=v2.pk)


def _main(page):
    """The page's content, without the per-request form token."""
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return re.sub(r'name="once" value="[^"]*"', "", main)  # each drawing of a form has its own one-time token


def _pages(client, meeting):
    latest = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    first = client.get(reverse("meetings:minutes_version", args=[meeting.pk, 1])).content.decode()
    return _main(latest), _main(first)


def _attendance_post(invitations):
    data = {"attendance-TOTAL_FORMS": len(invitations), "attendance-INITIAL_FORMS": len(invitations)}
    for index, (invitation, attendance) in enumerate(invitations):
        data[f"attendance-{index}-invitation"] = invitation.pk
        data[f"attendance-{index}-attendance"] = attendance
        data[f"attendance-{index}-deputy_name"] = ""
    return data


def _morag_row(page):
    start = page.index("Morag Stewart")
    return page[start : page.index("</tr>", start)]


@pytest.mark.parametrize("locked", [False, True], ids=["approved", "locked"])
def test_recording_attendance_after_approval_is_refused_and_every_copy_keeps_apologies(admin_client, held, locked):
    meeting = held["meeting"]
    if locked:
        _lock_after_a_correction(meeting)
    url = reverse("meetings:attendance", args=[meeting.pk])
    assert "Make a correction to the minutes first" in admin_client.get(url).content.decode()  # said before typing

    response = admin_client.post(url, _attendance_post([(held["morag"], ABSENT), (held["tom"], "present")]))

    assert response.status_code == 200
    assert "cannot change. Make a correction to the minutes first" in response.content.decode()
    assert Invitation.objects.get(pk=held["morag"].pk).attendance == APOLOGIES
    latest, first = _pages(admin_client, meeting)
    assert "Apologies" in _morag_row(latest) and "Apologies" in _morag_row(first)
    for version in MinutesVersion.objects.filter(minutes__meeting=meeting):
        for kind in documents.MINUTES_KINDS:
            html = documents.minutes_html(version, kind)
            assert "Morag Stewart" in html.split("Apologies", 1)[1].split("</table>", 1)[0]


@pytest.mark.parametrize("locked", [False, True], ids=["approved", "locked"])
def test_every_service_that_changes_what_the_minutes_print_refuses(held, locked):
    meeting, item, morag = held["meeting"], held["item"], held["morag"]
    if locked:
        _lock_after_a_correction(meeting)
    version = MinutesVersion.objects.filter(minutes__meeting=meeting).order_by("-number").first()
    guest = meeting.guests.get()
    attempts = {
        "attendance": lambda: services.attendance_record(meeting, {morag.pk: (ABSENT, "")}),
        "guest added": lambda: services.guest_add(meeting, name="Late Guest"),
        "guest removed": lambda: services.guest_delete(guest),
        "invitee added": lambda: services.invitation_add(meeting, PersonFactory()),
        "invitees added": lambda: groups.invitations_add_many([meeting], [PersonFactory()]),
        "invitee removed": lambda: services.invitation_remove(morag),
        "action added": lambda: services.action_create(meeting=meeting, description="Late", owner=morag.person),
        "notes": lambda: services.minutes_save(
            version, expected_version=version.version, summary="Changed", notes={item.pk: "Changed"}
        ),
        "decision added": lambda: services.decision_add(version, text="Changed"),
        "decision removed": lambda: services.decision_delete(version.decisions.first()),
        "item edited": lambda: services.agenda_item_update(item, expected_version=item.version),
        "item added": lambda: services.agenda_item_add(meeting, title="Late item"),
        "item removed": lambda: services.agenda_item_delete(item),
        "item moved": lambda: services.agenda_item_move(item, up=False),
    }
    for what, attempt in attempts.items():
        with pytest.raises(ValidationError):
            attempt()
            pytest.fail(f"{what} was not refused")
    assert Invitation.objects.get(pk=morag.pk).attendance == APOLOGIES
    assert meeting.guests.count() == 1 and meeting.invitations.count() == 2 and meeting.actions.count() == 1


@pytest.mark.parametrize("locked", [False, True], ids=["approved", "locked"])
def test_every_form_that_changes_what_the_minutes_print_is_refused_on_the_page(admin_client, held, locked):
    meeting, item = held["meeting"], held["item"]
    if locked:
        _lock_after_a_correction(meeting)
    guest = meeting.guests.get()
    newcomer = PersonFactory()
    posts = [
        (reverse("meetings:guest_add", args=[meeting.pk]), {"guest-name": "Late Guest"}),
        (reverse("meetings:guest_delete", args=[guest.pk]), {}),
        (reverse("meetings:invitees", args=[meeting.pk]), {"people": [newcomer.pk]}),
        (reverse("meetings:invitees", args=[meeting.pk]), {"remove": held["morag"].pk}),
        (
            reverse("meetings:action_add", args=[meeting.pk]),
            {"description": "Late action", "owner": held["tom"].person.pk, "due_date": "", "item": ""},
        ),
        (reverse("meetings:decision_add", args=[meeting.pk]), {"text": "Late", "kind": "decision", "item": ""}),
        (
            reverse("meetings:item_edit", args=[item.pk]),
            {"title": "Renamed", "purpose": "information", "marking": "official", "version": item.version},
        ),
        (reverse("meetings:item_delete", args=[item.pk]), {}),
    ]
    before = _pages(admin_client, meeting)
    for url, data in posts:
        response = admin_client.post(url, data, follow=True)
        assert response.status_code in (200, 400), url
    assert meeting.guests.count() == 1
    assert meeting.invitations.count() == 2
    assert meeting.actions.count() == 1
    assert meeting.items.get().title == "Training"
    assert _pages(admin_client, meeting) == before


def test_what_moves_on_in_the_action_log_and_the_member_records_leaves_approved_minutes_as_approved(
    admin_client, client, held
):
    meeting, action, tom = held["meeting"], held["action"], held["tom"]
    version = MinutesVersion.objects.get(minutes__meeting=meeting)
    services.minutes_publish(version.minutes, version=version)
    before = _pages(admin_client, meeting)[0]
    public_before = _main(client.get(reverse("meetings:public_minutes", args=[meeting.pk])).content.decode())
    pdfs_before = {kind: documents.minutes_html(version, kind) for kind in documents.MINUTES_KINDS}

    # The action log goes on: the action is re-worded, re-dated and done; people change name and organisation;
    # the meeting's record is tidied.
    MeetingAction.objects.filter(pk=action.pk).update(
        description="Write to all schools", due_date=datetime.date(2032, 1, 1), status=MeetingAction.Status.DONE
    )
    Person.objects.filter(pk=tom.person_id).update(name="Thomas Hughes", role="chair")
    Meeting.objects.filter(pk=meeting.pk).update(title="Renamed meeting", venue="Elsewhere")

    assert _pages(admin_client, meeting)[0] == before
    assert _main(client.get(reverse("meetings:public_minutes", args=[meeting.pk])).content.decode()) == public_before
    for kind, html in pdfs_before.items():
        assert _without_timestamp(documents.minutes_html(version, kind)) == _without_timestamp(html)
    assert "Write to schools about training" in before and "Write to all schools" not in before


def _without_timestamp(html):
    return html.split("Produced by", 1)[0]


def test_a_correction_changes_attendance_and_the_approved_versions_keep_theirs(admin_client, held):
    meeting, morag, tom = held["meeting"], held["morag"], held["tom"]
    v1, v2 = _lock_after_a_correction(meeting)
    v3 = services.minutes_correct(v2, reason="Morag was absent, not sending apologies")

    services.attendance_record(meeting, {morag.pk: (ABSENT, ""), tom.pk: ("present", "")})
    approve_minutes(v3)

    pages = {
        number: admin_client.get(reverse("meetings:minutes_version", args=[meeting.pk, number])).content.decode()
        for number in (1, 2, 3)
    }
    assert "Apologies" in _morag_row(pages[1]) and "Apologies" in _morag_row(pages[2])
    assert "Absent" in _morag_row(pages[3])
    for version, word in ((v1, "Apologies"), (v2, "Apologies"), (v3, "Absent")):
        version.refresh_from_db()
        assert {row["name"]: row["attendance"] for row in version.record["invitations"]}["Morag Stewart"] == (
            word.lower()
        )


def test_anonymising_a_former_member_reaches_the_minutes_kept_record(held):
    morag = held["morag"].person
    Person.objects.filter(pk=morag.pk).update(status=Person.Status.FORMER)

    person_anonymise(person=morag)

    version = MinutesVersion.objects.get(minutes__meeting=held["meeting"])
    names = [row["name"] for row in version.record["invitations"]]
    assert "Morag Stewart" not in names
    assert f"Former member {morag.pk}" in names


def test_the_back_office_cannot_change_what_approved_minutes_print_either(rf, admin_user, held):
    from django.contrib import admin as django_admin

    request = rf.get("/")
    request.user = type(admin_user).objects.get(pk=admin_user.pk)
    request.user.is_superuser = request.user.is_staff = True
    version = MinutesVersion.objects.get(minutes__meeting=held["meeting"])
    for obj in (held["morag"], held["meeting"].guests.get(), held["item"], version):
        model_admin = django_admin.site._registry[type(obj)]
        assert not model_admin.has_change_permission(request, obj), type(obj).__name__
        assert not model_admin.has_delete_permission(request, obj), type(obj).__name__
    assert django_admin.site._registry[MeetingAction].has_change_permission(request, held["action"])
