"""Demo meetings: a past year of four held meetings and the next one with a published agenda.

Fictional throughout. Idempotent: meetings are found by group and title, and only filled in when new.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import Person, User

from . import services
from .models import (
    AgendaItem,
    Decision,
    Group,
    GroupMembership,
    Invitation,
    Marking,
    Meeting,
    MeetingAction,
    Minutes,
    Paper,
)

MAIN_BOARD = "Prevent Partnership Board"
SUB_GROUP = "Education Prevent Sub-group"
QUARTER_MONTHS = (3, 6, 9, 12)

NOTES = {
    "apologies": "The chair welcomed members. Apologies were received as recorded in the attendance table.",
    "": "Members discussed the item. No declarations of interest were made.",
    "minutes": "The minutes of the last meeting were agreed as an accurate record.",
    "matters_arising": "The action log was reviewed. Completed actions were closed; open actions carry forward.",
    "action_plan": "Leads reported progress against the annual action plan. **Two actions are behind schedule**; "
    "leads will report back next quarter.",
}

ACTIONS = [
    ("Circulate the refreshed Prevent referral pathway to all designated safeguarding leads", "partner@example.org"),
    ("Report WRAP training completion figures for acute and community staff", "partner2@example.org"),
    ("Share the Counter Terrorism Local Profile summary with sub-group chairs", "sam.patel@example.org"),
    ("Arrange a Prevent awareness session for the Interfaith Forum", "aisha.siddiqui@example.org"),
    ("Review online safety guidance for further education students", "partner@example.org"),
    ("Update the partnership's risk register after the threat briefing", "jordan.ellis@example.org"),
    ("Confirm the health representative on the Channel panel", "partner2@example.org"),
    ("Map community events for the summer engagement programme", "ben.walsh@example.org"),
]

DECISIONS = [
    "The board agreed the annual action plan for submission to the Community Safety Partnership.",
    "The board agreed to add online radicalisation of young people as a local priority.",
    "The board recommended that the Safeguarding Adults Board receives the Prevent duty self-assessment.",
    "The board agreed the revised Terms of Reference.",
]


def _quarter_dates(today):
    """The last four quarterly meeting days before today and the next one after it."""
    days = []
    for year in (today.year - 2, today.year - 1, today.year, today.year + 1):
        for month in QUARTER_MONTHS:
            days.append(services.nth_weekday(year, month, 1, 2))
    past = [d for d in days if d < today][-4:]
    upcoming = next(d for d in days if d > today)
    return past, upcoming


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=services.LONDON)


def _minimal_pdf(title):
    from common.pdf import html_to_pdf

    return html_to_pdf(
        f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>OFFICIAL. A fictional paper for the demo.</p></body></html>"
    )


def load(*, stdout, password):
    rng = random.Random(4)
    board, _ = Group.objects.get_or_create(
        name=MAIN_BOARD,
        defaults={
            "is_main_board": True,
            "description": "The quarterly meeting of all member organisations.",
            "reminder_offsets_days": [14, 2],
        },
    )
    active = list(Person.objects.filter(status=Person.Status.ACTIVE).exclude(role=Person.Role.DEPUTY))
    for person in active:
        GroupMembership.objects.get_or_create(group=board, person=person)
    schools, _ = Group.objects.get_or_create(
        name=SUB_GROUP,
        defaults={"description": "Schools, the college and the university.", "reminder_offsets_days": [7]},
    )
    for person in active:
        if person.organisation and person.organisation.sector.endswith(("school", "education")):
            GroupMembership.objects.get_or_create(group=schools, person=person)
    services.standing_items_ensure(board)
    if not schools.standing_items.exists():
        # Each group has its own standing items: the sub-group's swap the threat update for its own business.
        services.standing_items_ensure(schools)
        schools.standing_items.filter(title="Threat and risk update").update(
            title="Training and resources for education settings"
        )

    today = timezone.localdate()
    past_days, next_day = _quarter_dates(today)
    people = {p.email: p for p in Person.objects.all()}
    admin = User.objects.filter(email="admin@example.org").first()

    meetings = []
    for index, day in enumerate(past_days):
        title = f"{MAIN_BOARD}: {day:%B %Y}"
        meeting = Meeting.objects.filter(group=board, title=title).first()
        if meeting is None:
            meeting = _held_meeting(board, title, day, index, rng, people, admin)
        meetings.append(meeting)
    _approve_minutes(meetings)

    title = f"{MAIN_BOARD}: {next_day:%B %Y}"
    if not Meeting.objects.filter(group=board, title=title).exists():
        _next_meeting(board, title, next_day, people, admin)
    stdout.write(
        f"Meetings: {Meeting.objects.count()} meetings, {MeetingAction.objects.count()} actions, "
        f"{Invitation.objects.count()} invitations."
    )


def _held_meeting(board, title, day, index, rng, people, admin):
    meeting = services.meeting_create(
        group=board,
        title=title,
        starts_at=_at(day, 10),
        ends_at=_at(day, 12),
        venue="Committee Room 2, Northport Civic Centre",
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, agenda_published_at=_at(day, 9))
    meeting.refresh_from_db()
    extra = AgendaItem.objects.create(
        meeting=meeting,
        position=meeting.items.count() + 1,
        title=[
            "Prevent duty self-assessment",
            "Channel panel annual report",
            "Community engagement plan",
            "Online safety and young people",
        ][index],
        purpose=AgendaItem.Purpose.DISCUSSION,
        minutes_allowed=20,
        presenter="Jordan Ellis",
    )
    # Move the new item before "Any other business" and "Date of next meeting".
    items = list(meeting.items.order_by("position"))
    reordered = [*items[:-3], extra, *items[-3:-1]]
    for position, item in enumerate(reordered, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(position=position + 100)
    for position, item in enumerate(reordered, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(position=position)

    for invitation in meeting.invitations.select_related("person"):
        roll = rng.random()
        if invitation.person.email in ("partner@example.org", "admin@example.org", "helen.carter@example.org"):
            roll = 0.1
        if roll < 0.7:
            attendance, reply, deputy = Invitation.Attendance.PRESENT, Invitation.Reply.ATTENDING, ""
        elif roll < 0.8:
            attendance, reply, deputy = Invitation.Attendance.DEPUTY, Invitation.Reply.DEPUTY, "Sam Deputy"
        elif roll < 0.93:
            attendance, reply, deputy = Invitation.Attendance.APOLOGIES, Invitation.Reply.APOLOGIES, ""
        else:
            attendance, reply, deputy = Invitation.Attendance.ABSENT, Invitation.Reply.NO_REPLY, ""
        invitation.attendance, invitation.reply = attendance, reply
        invitation.deputy_name = invitation.attended_deputy_name = deputy
        invitation.replied_at = _at(day, 9) - datetime.timedelta(days=5) if reply != Invitation.Reply.NO_REPLY else None
        invitation.save()
    if index == 1:
        services.guest_add(meeting, name="Dr Lena Fischer", organisation_name="Home Office", role="Presenter")

    version = services.minutes_start(meeting, by=admin)
    for note in version.notes.select_related("item"):
        note.text = NOTES.get(note.item.kind, NOTES[""])
        note.save(update_fields=["text"])
    version.summary = "The meeting was quorate."
    version.save(update_fields=["summary"])
    Decision.objects.create(
        minutes_version=version,
        item=meeting.items.filter(kind=AgendaItem.Kind.ACTION_PLAN).first(),
        text=DECISIONS[index],
    )

    for offset in range(2):
        description, email = ACTIONS[(index * 2 + offset) % len(ACTIONS)]
        due = day + datetime.timedelta(days=60 + 30 * offset)
        action = MeetingAction.objects.create(
            meeting=meeting,
            item=extra,
            description=description,
            owner=people[email],
            due_date=due,
        )
        # The oldest actions are done; some later ones are overdue and still open.
        if index == 0 or (index == 1 and offset == 0):
            action.status = MeetingAction.Status.DONE
            action.completion_note = "Done and reported to the board."
            action.completed_at = _at(due, 9)
            action.save()
    return meeting


def _approve_minutes(meetings):
    """Minutes of each meeting are approved at the next; the latest are circulated, awaiting the next meeting."""
    for meeting, following in zip(meetings, [*meetings[1:], None], strict=True):
        minutes = Minutes.objects.get(meeting=meeting)
        version = minutes.versions.order_by("-number").first()
        if version.status in ("approved", "locked"):
            continue
        if following is None:
            if version.status == "draft":
                services.minutes_circulate(version)
            continue
        version = services.minutes_approve(version, at_meeting=following)
        services.minutes_publish(minutes, version=version)
    first = Minutes.objects.get(meeting=meetings[0])
    if first.versions.count() == 1:
        approved = services.minutes_lock(first.versions.get())
        corrected = services.minutes_correct(
            approved, reason="Apologies from Northport Academy were recorded as an absence."
        )
        corrected = services.minutes_approve(corrected, at_meeting=meetings[2])
        services.minutes_publish(first, version=corrected)


def _next_meeting(board, title, day, people, admin):
    meeting = services.meeting_create(
        group=board,
        title=title,
        starts_at=_at(day, 10),
        ends_at=_at(day, 12),
        venue="Committee Room 2, Northport Civic Centre",
        joining_link="https://meet.example.org/prevent-board",
    )
    position = meeting.items.count()
    threat = meeting.items.get(title="Threat and risk update")
    threat.marking = Marking.OFFICIAL_SENSITIVE
    threat.presenter = "Inspector Sam Patel"
    threat.description = "A briefing from Northshire Police on the Counter Terrorism Local Profile."
    threat.save()
    # The partnership never holds case data (that stays in the Channel panel's own case system): what it keeps
    # confidential is its own business, such as bids for a contract before the award.
    confidential = AgendaItem.objects.create(
        meeting=meeting,
        position=position + 1,
        title="Community mentoring contract: evaluation of the bids",
        presenter="Jordan Ellis",
        minutes_allowed=15,
        purpose=AgendaItem.Purpose.DECISION,
        description="The evaluation panel's scores and the prices of the three bids, for a decision on the award. "
        "No case information: individual cases stay in the Channel panel's own system.",
        marking=Marking.OFFICIAL_SENSITIVE,
        is_confidential=True,
        confidential_reason="Commercially sensitive until the contract is awarded.",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        position=position + 2,
        title="Annual Prevent duty self-assessment",
        presenter="Priya Raman",
        minutes_allowed=20,
        purpose=AgendaItem.Purpose.DECISION,
        description="The draft self-assessment for sign-off before it goes to the Community Safety Partnership.",
    )
    plan = meeting.items.get(kind=AgendaItem.Kind.ACTION_PLAN)
    paper = Paper(
        item=plan,
        title="Action plan progress report",
        filename="action-plan-progress.pdf",
        kind=Paper.Kind.PDF,
        marking=Marking.OFFICIAL,
        uploaded_by=admin,
    )
    content = _minimal_pdf("Action plan progress report")
    paper.size = len(content)
    paper.file.save("action-plan-progress.pdf", ContentFile(content), save=False)
    paper.save()
    secret = Paper(
        item=confidential,
        title="Bid evaluation scores (members only)",
        filename="bid-evaluation-scores.pdf",
        kind=Paper.Kind.PDF,
        marking=Marking.OFFICIAL_SENSITIVE,
        is_confidential=True,
        confidential_reason="Bidders' prices, commercially sensitive until the award.",
        uploaded_by=admin,
    )
    content = _minimal_pdf("Bid evaluation scores")
    secret.size = len(content)
    secret.file.save("bid-evaluation-scores.pdf", ContentFile(content), save=False)
    secret.save()

    # Tom Hughes (partner2) is a board member but not invited this time: the trust is one of the bidders.
    meeting.invitations.filter(person__email="partner2@example.org").delete()
    # Invited when the year was scheduled and the agenda out three weeks ago, so the reminder marks that have
    # passed (14 days before) send on the first beat of `make run`, as they would have in real life.
    meeting.invitations.update(invited_at=timezone.now() - datetime.timedelta(days=45))
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=timezone.now() - datetime.timedelta(days=21),
        sequence=1,
    )
    # An action from the last meeting falls due this week: its owner gets the "action due" email.
    last = Meeting.objects.filter(group=meeting.group, status=Meeting.Status.HELD).order_by("-starts_at").first()
    if last is not None:
        soon = MeetingAction.objects.create(
            meeting=last,
            description="Send the updated training offer to every secondary school.",
            owner=Person.objects.get(email="partner@example.org"),
            due_date=timezone.localdate() + datetime.timedelta(days=5),
        )
        MeetingAction.objects.filter(pk=soon.pk).update(created_at=last.ends_at)
    replies = {
        "partner@example.org": (Invitation.Reply.ATTENDING, ""),
        "helen.carter@example.org": (Invitation.Reply.ATTENDING, ""),
        "sam.patel@example.org": (Invitation.Reply.ATTENDING, ""),
        "grace.okafor@example.org": (Invitation.Reply.APOLOGIES, ""),
        "owen.lloyd@example.org": (Invitation.Reply.DEPUTY, "Hannah Price"),
    }
    for invitation in meeting.invitations.select_related("person"):
        if invitation.person.email in replies:
            reply, deputy = replies[invitation.person.email]
            services.invitation_reply(invitation, reply=reply, deputy_name=deputy)
    return meeting
