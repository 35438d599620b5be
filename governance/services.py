"""Governance's rules across records: interests and their yearly confirmation, declarations at meetings, the
decision register's status, and decisions between meetings. Each refusal is a ValidationError naming the field."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from common.casedata import confirmation_record
from common.uploads import accepted_upload
from meetings.models import Invitation, Meeting, MinutesVersion
from returnrequests import services as returns

from .models import ConfirmationRound, DecisionStatus, Declaration, Interest, InterestConfirmation, Motion, Vote

VOTE_KIND = "motion_vote"
# Voters who have not voted are reminded this long before voting closes.
REMINDER_BEFORE_CLOSE = datetime.timedelta(days=1)


class AlreadyDone(ValidationError):
    """What was asked has been done already: nothing changed."""


def _when(moment):
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {date_format(local.date())}"


# Interests ---------------------------------------------------------------------------------------


def _check_dates(starts_on, ends_on):
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The date the interest ended must be on or after the date it started"})


@transaction.atomic
def interest_add(person, *, kind, body, starts_on, ends_on=None, description="", organisation=None, case_data=None):
    _check_dates(starts_on, ends_on)
    interest = Interest.objects.create(
        person=person, kind=kind, body=body, starts_on=starts_on, ends_on=ends_on, description=description,
        organisation=organisation,
    )  # fmt: skip
    confirmation_record(interest, case_data)
    return interest


@transaction.atomic
def interest_edit(interest, *, expected_version, case_data=None, **fields):
    from common.concurrency import EditConflict

    _check_dates(fields.get("starts_on", interest.starts_on), fields.get("ends_on", interest.ends_on))
    current = Interest.objects.select_for_update().get(pk=interest.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    confirmation_record(current, case_data)
    return current


@transaction.atomic
def confirmations_ask(*, year, by):
    """An admin asks every member to confirm their register for `year`: the outbox's sweep emails each one once."""
    round_, created = ConfirmationRound.objects.get_or_create(year=year, defaults={"opened_by": by})
    if not created:
        raise AlreadyDone(f"Members were asked to confirm their registers for {year} on "
                          f"{date_format(timezone.localdate(round_.opened_at))}")  # fmt: skip
    return round_


@transaction.atomic
def interests_confirm(person, *, year=None):
    """The member's word that their register is complete for the year."""
    year = year or timezone.localdate().year
    confirmation, created = InterestConfirmation.objects.get_or_create(person=person, year=year)
    if not created:
        raise AlreadyDone(
            f"You confirmed your register for {year} on {date_format(timezone.localdate(confirmation.confirmed_at))}"
        )
    return confirmation


# Declarations at meetings --------------------------------------------------------------------------


def _refuse_if_minutes_final(meeting):
    latest = MinutesVersion.objects.filter(minutes__meeting=meeting).order_by("-number").first()
    if latest is not None and latest.is_final:
        raise ValidationError(
            "The minutes of this meeting are approved, so what they record cannot change. Make a correction to the "
            "minutes first: declarations can then be recorded on the new version."
        )


def was_at_meeting(meeting, person):
    """Invited and not recorded as absent or sending apologies (attendance may not be recorded yet while the meeting
    runs), or the deputy recorded as attending for an invitee."""
    return Invitation.objects.filter(
        Q(person=person) & Q(attendance__in=[Invitation.Attendance.PRESENT, Invitation.Attendance.NOT_RECORDED])
        | Q(deputy=person, attendance=Invitation.Attendance.DEPUTY),
        meeting=meeting,
    ).exists()


@transaction.atomic
def declaration_add(item, *, person, interest=None, text="", withdrew=False, by=None, case_data=None):
    meeting = item.meeting
    _refuse_if_minutes_final(meeting)
    if interest is None and not text.strip():
        raise ValidationError({"text": "Choose the interest from their register or describe the interest declared"})
    if interest is not None and interest.person_id != person.pk:
        raise ValidationError({"interest": f"That interest is not in {person.name}'s register"})
    if not was_at_meeting(meeting, person):
        raise ValidationError(
            {"person": f"{person.name} was not at this meeting: only those present (or a deputy who attended) declare"}
        )
    declaration = Declaration.objects.create(
        item=item, person=person, interest=interest, text=text.strip(), withdrew=withdrew, recorded_by=by
    )
    confirmation_record(declaration, case_data)
    return declaration


@transaction.atomic
def declaration_remove(declaration):
    _refuse_if_minutes_final(declaration.item.meeting)
    declaration.delete()


# The decision register -----------------------------------------------------------------------------


def _decided_on(decision):
    return decision.minutes_version.minutes.meeting.starts_at


@transaction.atomic
def decision_status_set(decision, *, status, superseded_by=None, actions=()):
    """Record where a decision stands: made, implemented, or superseded by a later decision."""
    if status == DecisionStatus.Status.SUPERSEDED:
        if superseded_by is None:
            raise ValidationError({"superseded_by": "Choose the later decision that superseded it"})
        if superseded_by.pk == decision.pk:
            raise ValidationError({"superseded_by": "A decision cannot supersede itself: choose a later decision"})
        later = _decided_on(superseded_by), superseded_by.position
        if later <= (_decided_on(decision), decision.position):
            raise ValidationError(
                {"superseded_by": "That decision was taken before this one: choose a decision taken later"}
            )
    else:
        superseded_by = None
    meeting_id = decision.minutes_version.minutes.meeting_id
    if any(action.meeting_id != meeting_id for action in actions):
        raise ValidationError({"actions": "Choose actions arising at the meeting that took the decision"})
    row, _ = DecisionStatus.objects.select_for_update().get_or_create(decision=decision)
    row.status, row.superseded_by, row.changed_at = status, superseded_by, timezone.now()
    row.version += 1
    row.save()
    row.actions.set(actions)
    return row


# Decisions between meetings --------------------------------------------------------------------------


@transaction.atomic
def motion_put(*, group, voters, closes_at, by=None, paper=None, case_data=None, **fields):
    """Put a motion to its voters: each is asked by email with a signed link, and reminded before it closes."""
    voters = list(voters)
    if not voters:
        raise ValidationError(
            {"voters": "Choose at least one member to vote: a motion with no voters cannot be decided"}
        )
    if closes_at <= timezone.now():
        raise ValidationError({"closes_at": "The closing time must be in the future"})
    motion = Motion.objects.create(group=group, closes_at=closes_at, created_by=by, **fields)
    confirmation_record(motion, case_data)
    if paper is not None:
        # The one way in for an uploaded file: checked by its content, a PDF cleaned of anything that runs.
        _kind, stored = accepted_upload(paper, field="paper")
        motion.paper_filename = paper.name[:255]
        motion.paper.save(paper.name, stored, save=True)
    votes = Vote.objects.bulk_create(Vote(motion=motion, person=person) for person in voters)
    reminder = closes_at - REMINDER_BEFORE_CLOSE
    returns.requests_add(
        [
            returns.request_new(
                VOTE_KIND, subject=vote, round=motion, person=vote.person, closes_at=closes_at,
                chase_after=reminder if reminder > timezone.now() else None,
            )
            for vote in votes
        ]
    )  # fmt: skip
    returns.requests_send(kind=VOTE_KIND, round=motion)
    return motion


def may_cast(vote, person):
    """The member asked, or their deputy."""
    return person is not None and (person.pk == vote.person_id or person.deputy_for_id == vote.person_id)


@transaction.atomic
def vote_cast(vote, *, choice, by, via="signed_in", now=None):
    now = now or timezone.now()
    motion = Motion.objects.select_for_update().get(pk=vote.motion_id)
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if motion.status != Motion.Status.OPEN or motion.closes_at <= now:
        raise ValidationError(f"Voting on this motion closed at {_when(motion.closes_at)}: your vote was not counted")
    if vote.choice:
        raise AlreadyDone(f"A vote was already cast for {vote.person.name} ({vote.get_choice_display().lower()})")
    if not may_cast(vote, by):
        raise ValidationError("Only the member asked, or their deputy, may vote")
    if choice not in Vote.Choice.values:
        raise ValidationError({"choice": "Choose for, against, abstain or wait for the meeting"})
    vote.choice, vote.cast_by, vote.cast_at, vote.via = choice, by, now, via
    vote.save()
    returns.requests_answered(kind=VOTE_KIND, subject=vote, answer=vote, via=via, now=now)
    if not motion.votes.filter(choice="").exists():
        motion_close(motion, now=now)
    return vote


def outcome_of(choices):
    """Any member asking for the meeting sends it there; otherwise more for than against carries it."""
    if Vote.Choice.WAIT in choices or not choices:
        return Motion.Outcome.REFERRED
    return (
        Motion.Outcome.CARRIED
        if choices.count(Vote.Choice.FOR) > choices.count(Vote.Choice.AGAINST)
        else (Motion.Outcome.LOST)
    )


@transaction.atomic
def motion_close(motion, *, now=None):
    """Record the outcome (at the closing time, or once every vote is in) and list it for the group's next meeting."""
    now = now or timezone.now()
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status == Motion.Status.CLOSED:
        return motion
    choices = list(motion.votes.exclude(choice="").values_list("choice", flat=True))
    motion.outcome = outcome_of(choices)
    motion.status, motion.decided_at = Motion.Status.CLOSED, now
    motion.ratify_at = (
        Meeting.objects.filter(group=motion.group, starts_at__gt=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    motion.save()
    return motion


def motions_close_due(now=None):
    """The outbox sweep's planner: close the motions whose time is up (no email of its own: returns 0)."""
    now = now or timezone.now()
    for motion in Motion.objects.filter(status=Motion.Status.OPEN, closes_at__lte=now):
        motion_close(motion, now=now)
    return 0


@transaction.atomic
def motion_ratify(motion, *, meeting):
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Motion.Status.CLOSED:
        raise ValidationError("Voting is still open: a motion is ratified once it has closed")
    if motion.ratified_at is not None:
        raise AlreadyDone(f"This decision was already ratified at {motion.ratify_at}")
    if meeting.starts_at < motion.decided_at:
        raise ValidationError({"meeting": "Choose a meeting held after the decision was taken"})
    motion.ratify_at, motion.ratified_at = meeting, timezone.now()
    motion.save(update_fields=["ratify_at", "ratified_at"])
    return motion
