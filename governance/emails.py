"""Governance's emails, written at send time for the outbox: the yearly request to confirm the register of
interests, and the vote request and reminder of a decision between meetings (each with its signed link)."""

import datetime

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from common import need_to_know
from common.email import build_message
from members.models import Person
from outbox import services as outbox
from outbox.models import EmailDelivery
from returnrequests import services as returns

from . import policy
from .models import ConfirmationRound, InterestConfirmation, Motion, Vote


class Kind(models.TextChoices):
    INTERESTS_CONFIRM = "interests_confirm", "Register of interests: yearly confirmation"
    VOTE_REQUEST = "motion_vote_request", "Decision between meetings: vote request"
    VOTE_REMINDER = "motion_vote_reminder", "Decision between meetings: vote reminder"


outbox.register_kinds(Kind)

# Members are asked to confirm their register from this day each year (the start of the council's year).
CONFIRM_FROM = (4, 1)


def confirmation_year(today=None):
    """The year whose confirmation is being asked for, or None before this year's asking starts."""
    today = today or timezone.localdate()
    return today.year if (today.month, today.day) >= CONFIRM_FROM else None


def people_to_confirm(year):
    """Current members who can sign in (the page to confirm on is behind it: a login with no password chosen yet
    would be sent to sign in) and have not confirmed their register this year."""
    confirmed = InterestConfirmation.objects.filter(person=OuterRef("pk"), year=year)
    unusable = {"user__password__startswith": "!"}  # Django marks a login with no password chosen so
    people = Person.objects.active().filter(user__is_active=True).exclude(**unusable)
    return people.exclude(email="").exclude(Exists(confirmed))


def plan_confirmations(now=None):
    """The outbox sweep's planner: once an admin has asked for the year's confirmations, one request to each member
    who has not confirmed (the outbox's unique row per person, kind and key makes a second run add nothing)."""
    now = now or timezone.now()
    year = confirmation_year(timezone.localtime(now).date())
    if year is None or not ConfirmationRound.objects.filter(year=year).exists():
        return 0
    asked = EmailDelivery.objects.filter(kind=Kind.INTERESTS_CONFIRM, key=str(year), person_id=OuterRef("pk"))
    people = people_to_confirm(year).exclude(Exists(asked))
    rows = [outbox.delivery_new(Kind.INTERESTS_CONFIRM, about=p, person=p, key=str(year)) for p in people]
    return len(outbox.deliveries_add(rows))


@outbox.renders(Kind.INTERESTS_CONFIRM)
def render_confirmation(delivery, batch):
    people = batch.cached("interest_people", lambda: Person.objects.in_bulk({d.person_id for d in batch.deliveries}))
    person = people.get(delivery.person_id)
    if (
        person is None
        or not person.email
        or InterestConfirmation.objects.filter(person=person, year=int(delivery.key)).exists()
    ):
        return None
    return build_message(
        "interests_confirm",
        to=person.email,
        context={"person": person, "year": delivery.key, "path": reverse("governance:my_interests")},
    )


@outbox.renders(Kind.VOTE_REQUEST, Kind.VOTE_REMINDER)
def render_vote(delivery, batch):
    motions = batch.cached(
        "vote_motions", lambda: Motion.objects.in_bulk(batch.ids_about(Kind.VOTE_REQUEST, Kind.VOTE_REMINDER))
    )
    motion = motions.get(delivery.about_id)
    requests = returns.requests_in_email(batch, delivery)
    if motion is None or not motion.is_open or not requests or not delivery.to_email:
        return None
    votes = Vote.objects.in_bulk([r.subject_id for r in requests])
    if all(votes.get(r.subject_id) is None or votes[r.subject_id].choice for r in requests):
        return None
    # Email is an unprotected channel: the motion's words only where the public may read them.
    return build_message(
        "motion_vote_reminder" if delivery.kind == Kind.VOTE_REMINDER else "motion_vote_request",
        to=delivery.to_email,
        context={
            "name": delivery.to_name,
            "motion": motion,
            "text": need_to_know.for_email(policy.MOTIONS, motion, motion.text),
            "link": requests[0].link,
            "closes": timezone.localtime(motion.closes_at),
            "left": motion.closes_at - timezone.now() > datetime.timedelta(0),
        },
    )
