"""The return-request engine: ask someone for a return by a signed link, send and chase it once, record the answer.

An app registers a kind (`registry.ReturnKind`) and adds requests with `requests_add` (its planner, run by the
outbox's sweep, or an admin's "Ask now"). The engine sends what is due, one email per person and round listing
every request of theirs (`requests_send`), chases what is still unanswered once (`requests_chase`; again on an
admin's demand), and records the answer whichever way it came (`requests_answered`). The emails go through the
one outbox, written by the app's renderer, which lists the requests an email carries (`requests_in_email`),
each with its signed link (`link_url`). Everything happens on the outbox's one scheduler: `requests_due` is the
planner the engine registers with it.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from outbox import services as outbox

from . import registry
from .models import ReturnRequest

SALT = "returnrequests.link"
# On an admin's demand a request may be chased once it is a day old, and again a day after the last chase.
ON_DEMAND_GAP = datetime.timedelta(days=1)


class LinkError(Exception):
    """The link cannot be used; the message says why, in words for the person holding it."""


# Adding -----------------------------------------------------------------------------------------


def request_new(kind, *, subject, round, person, key="", send_after=None, chase_after=None, closes_at=None):
    """An unsaved request: `person` is the member asked (anything with pk, name and email)."""
    registry.get(kind)
    return ReturnRequest(
        kind=kind,
        key=key,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        round_type=ContentType.objects.get_for_model(round),
        round_id=round.pk,
        person_id=person.pk,
        to_name=person.name[:200],
        to_email=person.email or "",
        send_after=send_after or timezone.now(),
        chase_after=chase_after,
        closes_at=closes_at,
    )


def requests_add(rows):
    """Save new requests; one that exists already (same kind, subject, round and key) is not added again."""
    return ReturnRequest.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


def request_ensure(kind, *, subject, round, person, key=""):
    """The request for this subject, round and key, made if it is not there yet (a link an app's email carries)."""
    new = request_new(kind, subject=subject, round=round, person=person, key=key)
    found, _ = ReturnRequest.objects.get_or_create(
        kind=kind,
        subject_type=new.subject_type,
        subject_id=new.subject_id,
        round_type=new.round_type,
        round_id=new.round_id,
        key=key,
        defaults={"person_id": new.person_id, "to_name": new.to_name, "to_email": new.to_email},
    )
    return found


# Sending and chasing ----------------------------------------------------------------------------


def _emails_for(kind, requests, *, email_kind, field, email_field, now):
    """Claim the requests (locked, so a second run skips them), then one email per person and round listing theirs.

    Runs inside the caller's transaction: the claim, the outbox rows and the links between them commit together,
    and the sender is woken after commit.
    """
    locked = requests.select_for_update(skip_locked=True, of=("self",)).order_by("pk")
    claimed = list(locked)
    if not claimed:
        return 0
    groups = {}
    for request in claimed:
        groups.setdefault((request.round_type_id, request.round_id, request.person_id), []).append(request)
    rounds = {}
    for (round_type_id, round_id, _), _rows in groups.items():
        if (round_type_id, round_id) not in rounds:
            model = ContentType.objects.get_for_id(round_type_id).model_class()
            rounds[(round_type_id, round_id)] = model._default_manager.filter(pk=round_id).first()
    rows, carried = [], []
    for (round_type_id, round_id, person_id), listed in groups.items():
        round_obj = rounds[(round_type_id, round_id)]
        first = listed[0]
        chase_number = f"-{first.chases + 1}" if field == "chased_at" else ""
        delivery = outbox.delivery_new(
            email_kind,
            about=round_obj,
            person_id=person_id,
            to_name=first.to_name,
            to_email=first.to_email,
            key=f"{'chase' if field == 'chased_at' else 'request'}-{first.pk}{chase_number}",
            **(kind.round_fields(round_obj) if round_obj is not None else {}),
        )
        rows.append(delivery)
        carried.append(listed)
    created = outbox.deliveries_add(rows, ignore_conflicts=False)
    for delivery, listed in zip(created, carried, strict=True):
        for request in listed:
            setattr(request, field, now)
            setattr(request, email_field, delivery.pk)
            if field == "chased_at":
                request.chases += 1
    ReturnRequest.objects.bulk_update(
        [request for listed in carried for request in listed],
        [field, email_field, "chases"] if field == "chased_at" else [field, email_field],
    )
    outbox.deliveries_queue([delivery.pk for delivery in created], on_commit=True)
    return len(claimed)


@transaction.atomic
def requests_send(*, kind, round=None, now=None):
    """Email every request of this kind (in this round, if given) that is due and not yet sent; how many went."""
    kind = registry.get(kind) if isinstance(kind, str) else kind
    if kind.request_email is None:
        return 0
    now = now or timezone.now()
    due = ReturnRequest.objects.open_at(now).filter(kind=kind.value, sent_at__isnull=True, send_after__lte=now)
    due = due.exclude(to_email="")
    if round is not None:
        due = due.for_round(round)
    # A request no longer wanted by the time it is written (the subject closed) is skipped by the renderer.
    return _emails_for(
        kind, due, email_kind=kind.request_email, field="sent_at", email_field="request_email_id", now=now
    )


@transaction.atomic
def requests_chase(*, kind, round=None, now=None, on_demand=False):
    """Chase the sent, unanswered requests of this kind (in this round): once when due, or again on demand.

    When due: once, after `chase_after` and the kind's `chase_gap`. On demand: any that went at least a day
    ago and were not chased in the last day.
    """
    kind = registry.get(kind) if isinstance(kind, str) else kind
    if kind.chase_email is None:
        return 0
    now = now or timezone.now()
    unanswered = ReturnRequest.objects.open_at(now).filter(kind=kind.value, sent_at__isnull=False)
    unanswered = unanswered.exclude(to_email="")
    if on_demand:
        unanswered = unanswered.filter(
            Q(chased_at__isnull=True) | Q(chased_at__lte=now - ON_DEMAND_GAP), sent_at__lte=now - ON_DEMAND_GAP
        )
    else:
        unanswered = unanswered.filter(chased_at__isnull=True, chase_after__lte=now, sent_at__lte=now - kind.chase_gap)
    if round is not None:
        unanswered = unanswered.for_round(round)
    return _emails_for(
        kind, unanswered, email_kind=kind.chase_email, field="chased_at", email_field="chase_email_id", now=now
    )


def requests_due(now=None):
    """The outbox sweep's planner: each kind adds what has fallen due, then the engine sends and chases it.

    Returns how many emails were added (the outbox planners' count)."""
    now = now or timezone.now()
    added = 0
    for kind in registry.kinds():
        kind.plan(now)
        added += requests_send(kind=kind, now=now)
        added += requests_chase(kind=kind, now=now)
    return added


@transaction.atomic
def round_ask_now(*, kind, round):
    """An admin asks now: the round's requests are made, and every one not yet sent goes (whatever the date)."""
    kind = registry.get(kind) if isinstance(kind, str) else kind
    kind.open_round(round)
    now = timezone.now()
    ReturnRequest.objects.filter(kind=kind.value, sent_at__isnull=True, returned_at__isnull=True).for_round(
        round
    ).update(send_after=now)
    return requests_send(kind=kind, round=round, now=now)


def round_chase_now(*, kind, round):
    """An admin chases now: every unanswered request of the round that went at least a day ago."""
    return requests_chase(kind=kind, round=round, on_demand=True)


# Answers ----------------------------------------------------------------------------------------


def requests_answered(*, kind, subject, answer=None, via=ReturnRequest.Via.SIGNED_IN, now=None):
    """The subject has its answer (however it came): its unanswered requests of this kind are returned."""
    answer_type = ContentType.objects.get_for_model(answer) if answer is not None else None
    return (
        ReturnRequest.objects.about(subject)
        .filter(kind=kind, returned_at__isnull=True)
        .update(
            returned_at=now or timezone.now(),
            returned_via=via,
            answer_type=answer_type,
            answer_id=answer.pk if answer is not None else None,
        )
    )


# Signed links -----------------------------------------------------------------------------------


def link_token(request):
    """The request's link token: the same every time it is made (an email written twice carries one link).

    It carries its own expiry (the kind's `link_days` after the request was made) and is signed with a salt for
    this purpose only, so a token made for anything else never verifies here.
    """
    kind = registry.get(request.kind)
    expires = int((request.created_at + datetime.timedelta(days=kind.link_days)).timestamp())
    return signing.Signer(salt=SALT).sign_object({"r": request.pk, "k": request.kind, "x": expires}, compress=True)


def link_url(request, *, absolute=True):
    path = reverse("returnrequests:respond", args=[link_token(request)])
    return f"{settings.SITE_URL}{path}" if absolute else path


def request_for_token(token):
    """The request a signed link stands for; LinkError says why it cannot be used."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature as error:
        raise LinkError(
            "This link is not valid. It may have been copied wrongly: use the link in your email."
        ) from error
    kind = registry.find(data.get("k")) if isinstance(data, dict) else None
    if kind is None:
        raise LinkError("This link is not valid.")
    if timezone.now().timestamp() > data.get("x", 0):
        raise LinkError("This link has expired. Ask the partnership officer for a new one.")
    request = ReturnRequest.objects.filter(pk=data.get("r"), kind=kind.value).first()
    if request is None or not kind.still_wanted(request):
        raise LinkError("This return is no longer needed, so the link no longer works.")
    return request


# Emails -----------------------------------------------------------------------------------------


def requests_in_email(batch, delivery):
    """The unanswered requests this outbox row carries (read once per batch), each with `link` set.

    The app reads their subjects itself, in one query, with what its email shows of them."""

    def load():
        ids = [d.pk for d in batch.deliveries]
        rows = ReturnRequest.objects.filter(
            Q(request_email_id__in=ids) | Q(chase_email_id__in=ids), returned_at__isnull=True
        )
        carried = {}
        for request in rows.order_by("pk"):
            request.link = link_url(request)
            for email_id in {request.request_email_id, request.chase_email_id} - {None}:
                carried.setdefault(email_id, []).append(request)
        return carried

    return batch.cached("return_requests", load).get(delivery.pk, [])


# Reading ----------------------------------------------------------------------------------------


def round_counts(kind):
    """Per round of this kind: how many were asked, sent, chased and returned (one query)."""
    return (
        ReturnRequest.objects.filter(kind=kind)
        .values("round_type", "round_id")
        .annotate(
            n_requests=Count("pk"),
            n_sent=Count("pk", filter=Q(sent_at__isnull=False)),
            n_chased=Count("pk", filter=Q(chased_at__isnull=False)),
            n_returned=Count("pk", filter=Q(returned_at__isnull=False)),
        )
        .order_by("-round_id")
    )
