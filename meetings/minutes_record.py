"""What approved minutes print, kept with the version: approved is approved.

Notes and decisions belong to a version already (a correction copies them). Everything else the minutes print lives
on other rows that go on changing after the meeting: invitations (attendance), guests, the actions arising (the
action log moves on: done, re-dated, re-owned), the people's names, roles and organisations, the meeting's title
and place. When a version is approved, `take(meeting)` copies what the minutes print of those into
`MinutesVersion.record`, and from then on the page, both PDFs and the public copy read the copy (`invitations`,
`guests`, `actions` rebuild unsaved rows from it, so templates and the need-to-know policy read them as before).
A change after that goes through a correction: a new draft reads the live rows again, and its own approval keeps
its own copy.

A person's name is kept with their id, so anonymising a former member reaches the copy too
(`meetings.data_protection`). Agenda items are not copied: once a meeting is held its agenda never changes
(`services._editable_agenda`), and each note keeps its item's title and number (`MinuteNote.item_title`).
"""

import datetime

from django.core.exceptions import ValidationError

from members.models import Organisation, Person

from .models import Invitation, MeetingAction, MinutesVersion

FINAL = (MinutesVersion.Status.APPROVED, MinutesVersion.Status.LOCKED)

VERSION = 1


def refuse_if_minutes_final(meeting, what):
    """`what` is printed in the meeting's minutes: once they are approved it changes only through a correction."""
    latest = MinutesVersion.objects.filter(minutes__meeting=meeting).order_by("-number").first()
    if latest is not None and latest.status in FINAL:
        raise ValidationError(
            f"The minutes of this meeting have been approved, so {what} cannot change. Make a correction to the "
            "minutes first: the approved version stays as it is."
        )


def frozen_because(meeting):
    """Why what the minutes print can no longer change here (for a page to say before anyone types), or ""."""
    try:
        refuse_if_minutes_final(meeting, "its attendance and guests")
    except ValidationError as error:
        return error.messages[0]
    return ""


def meetings_with_final_minutes(meetings):
    """Those of `meetings` whose latest minutes are approved or locked, in one query."""
    latest = {}
    rows = MinutesVersion.objects.filter(minutes__meeting__in=meetings).values_list(
        "minutes__meeting_id", "number", "status"
    )
    for meeting_id, number, status in rows:
        if meeting_id not in latest or number > latest[meeting_id][0]:
            latest[meeting_id] = (number, status)
    return [m for m in meetings if m.pk in latest and latest[m.pk][1] in FINAL]


def _date(value):
    return value.isoformat() if value else None


def take(meeting):
    """The live rows the minutes print, as plain data to keep with an approved version."""
    invitations = meeting.invitations.select_related("person__organisation").order_by("person__name", "pk")
    actions = MeetingAction.objects.filter(meeting=meeting).select_related("owner__organisation").order_by("pk")
    return {
        "version": VERSION,
        "meeting": {
            "title": meeting.title,
            "group": meeting.group.name,
            "starts_at": meeting.starts_at.isoformat(),
            "ends_at": meeting.ends_at.isoformat(),
            "venue": meeting.venue,
            "venue_postcode": meeting.venue_postcode,
            "joining_link": meeting.joining_link,
        },
        "invitations": [
            {
                "person": invitation.person_id,
                "name": invitation.person.name,
                "role": invitation.person.role,
                "organisation": invitation.person.organisation.name if invitation.person.organisation else "",
                "attendance": invitation.attendance,
                "deputy": invitation.attended_deputy_name,
            }
            for invitation in invitations
        ],
        "guests": [
            {"name": guest.name, "organisation": guest.organisation_name, "role": guest.role}
            for guest in meeting.guests.order_by("name", "pk")
        ],
        "actions": [
            {
                "action": action.pk,
                "description": action.description,
                "item": action.item_id,
                "owner": action.owner_id,
                "owner_name": action.owner.name,
                "owner_organisation": action.owner.organisation.name if action.owner.organisation else "",
                "due_date": _date(action.due_date),
                "status": action.status,
            }
            for action in actions
        ],
    }


def _person(pk, name, organisation, role=""):
    person = Person(pk=pk, name=name, role=role)
    person.organisation = Organisation(name=organisation) if organisation else None
    return person


def invitations(record):
    return [
        Invitation(
            person=_person(row["person"], row["name"], row["organisation"], row["role"]),
            attendance=row["attendance"],
            attended_deputy_name=row["deputy"],
        )
        for row in record["invitations"]
    ]


class Guest:
    """A guest as the approved minutes name them."""

    def __init__(self, row):
        self.name, self.organisation_name, self.role = row["name"], row["organisation"], row["role"]


def guests(record):
    return [Guest(row) for row in record["guests"]]


def actions(record, items):
    """The actions arising as approved, each under its agenda item (`items`: the meeting's, by pk)."""
    rows = []
    for row in record["actions"]:
        action = MeetingAction(
            pk=row["action"],
            description=row["description"],
            owner=_person(row["owner"], row["owner_name"], row["owner_organisation"]),
            due_date=datetime.date.fromisoformat(row["due_date"]) if row["due_date"] else None,
            status=row["status"],
        )
        if row["item"] in items:
            action.item = items[row["item"]]
        rows.append(action)
    return rows


def meeting_as_approved(meeting, record):
    """The meeting with the title, time and place the approved minutes give (an unsaved copy)."""
    if not record:
        return meeting
    kept = record["meeting"]
    copy = type(meeting)(
        pk=meeting.pk,
        group=meeting.group,
        status=meeting.status,
        title=kept["title"],
        starts_at=datetime.datetime.fromisoformat(kept["starts_at"]),
        ends_at=datetime.datetime.fromisoformat(kept["ends_at"]),
        venue=kept["venue"],
        venue_postcode=kept["venue_postcode"],
        joining_link=kept["joining_link"],
    )
    return copy


def rename(records, *, person_pk, label, names):
    """Anonymising a person: their name (and any deputy's name that was theirs) in each kept record becomes `label`.
    Returns the records that changed."""
    changed = []
    lowered = {name.lower() for name in names if name}
    for version in records:
        record, touched = version.record, False
        for row in record["invitations"]:
            if row["person"] == person_pk and row["name"] != label:
                row["name"], touched = label, True
            if row["deputy"] and row["deputy"].lower() in lowered:
                row["deputy"], touched = label, True
        for row in record["actions"]:
            if row["owner"] == person_pk and row["owner_name"] != label:
                row["owner_name"], touched = label, True
        if touched:
            changed.append(version)
    return changed
