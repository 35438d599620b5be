"""The one outbox: every email the app sends is a row here, claimed before it is sent, so it goes once.

An app declares its kinds of email (`outbox.kinds.register_kinds`) and says how each is written with
`@renders(kind)` in its `emails` module. It adds rows inside the transaction of the change that causes them
(`email_enqueue` for one message, `deliveries_add` + `deliveries_queue` for many): the rows commit with the
change, and the broker is only asked, after commit, to wake the sender. An app whose emails fall due with time
(reminders, chasers, return requests) registers its planner with `register_planner`; the beat task
`outbox.tasks.send_due_emails` runs every planner, then sends whatever is due, whichever app added it, and so
whatever waited while the broker was away.

`deliveries_send` claims each row on its own just before sending it (a conditional update from pending to
sending), sends it over the batch's one connection, and records it as sent with the server's answer at once.
A worker killed part-way leaves at most the one message it was sending undecided ("not known if sent", never
sent again by itself); the rest of its batch is still pending and goes once. A row the mail server refused
goes back to pending with exponential backoff; after EMAIL_MAX_ATTEMPTS, or refused for good, it is failed:
admins see it and can send it again.
"""

import datetime
import functools
import re
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext

from common.email import Mailer, MaybeSent, NotSent

from .kinds import is_kind, register_kinds, renderer, renders  # noqa: F401 - the apps' one import
from .models import EmailDelivery

Status = EmailDelivery.Status

_PLANNERS = []


def register_planner(plan):
    """Register `plan(now=None)`: it adds a pending row for each of its app's emails that has fallen due."""
    if plan not in _PLANNERS:
        _PLANNERS.append(plan)
    return plan


class Batch:
    """The rows claimed together; renderers keep what the rows share in `cached` (a meeting read once, not per row)."""

    def __init__(self, deliveries):
        self.deliveries = deliveries
        self._cache = {}

    def cached(self, name, load):
        if name not in self._cache:
            self._cache[name] = load()
        return self._cache[name]

    def ids_about(self, *kinds):
        return {d.about_id for d in self.deliveries if d.kind in kinds}


# Adding rows ------------------------------------------------------------------------------------


def delivery_new(kind, *, about=None, person=None, person_id=None, to_email="", to_name="", meeting_id=None, key=""):
    """An unsaved row: `about` is what the email is about, `person` the member it goes to (if it goes to one)."""
    if not is_kind(kind):
        raise ValueError(f"{kind!r} is not a registered kind of email (outbox.kinds.register_kinds)")
    if person is not None:
        person_id, to_name, to_email = person.pk, to_name or person.name, to_email or person.email
    return EmailDelivery(
        kind=kind,
        key=key,
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=about.pk if about is not None else None,
        person_id=person_id,
        to_name=to_name[:200],
        to_email=to_email,
        meeting_id=meeting_id,
    )


def deliveries_add(rows, *, ignore_conflicts=True):
    """Save planned rows; a row that exists already (same about, person, kind and key) is not added again.

    With ignore_conflicts PostgreSQL gives the saved rows no ids: a caller that needs them passes False
    (having made sure itself, e.g. by a claim, that the rows are new).
    """
    return EmailDelivery.objects.bulk_create(rows, ignore_conflicts=ignore_conflicts, batch_size=1000)


def email_enqueue(kind, **fields):
    """Add one email (in the caller's transaction) and wake the sender once it commits."""
    delivery = delivery_new(kind, **fields)
    delivery.save()
    deliveries_queue([delivery.pk], on_commit=True)
    return delivery


def deliveries_queue(ids, *, on_commit=False):
    """Wake the sender for these rows, in batches (once the transaction commits, when asked).

    The rows are saved already: if the broker cannot be reached, the beat's sweep sends them when it is back.
    """
    from .tasks import send_deliveries

    ids = list(ids)
    batch = settings.EMAIL_BATCH_SIZE
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        if on_commit:
            send_deliveries.delay_on_commit(chunk)
        else:
            send_deliveries.wake(chunk)
    return len(ids)


UNDECIDED_MESSAGE = (
    "The worker sending this email stopped after handing it to the mail server and before hearing back: "
    "it may or may not have been sent. Check with the recipient before sending it again."
)


def deliveries_expire_stuck(now=None):
    """A row claimed longer ago than any one message takes to send: its worker died while sending it."""
    now = now or timezone.now()
    stuck_after = datetime.timedelta(seconds=settings.EMAIL_STUCK_AFTER_SECONDS)
    return EmailDelivery.objects.filter(status=Status.SENDING, claimed_at__lt=now - stuck_after).update(
        status=Status.UNDECIDED, claim=None, last_error=UNDECIDED_MESSAGE
    )


def deliveries_plan(now=None):
    """Ask every registered planner to add the rows now due; return how many were added."""
    return sum(plan(now=now) for plan in _PLANNERS)


def deliveries_due_ids(now=None):
    return list(EmailDelivery.objects.due(now).order_by("pk").values_list("pk", flat=True))


# Sending ----------------------------------------------------------------------------------------


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; `retry_ids` go again after `retry_in` seconds."""

    def __init__(self, error, *, retry_ids, retry_in):
        super().__init__(str(error))
        self.retry_ids = retry_ids
        self.retry_in = retry_in


@dataclass
class SendResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    failed_ids: list = field(default_factory=list)
    undecided_ids: list = field(default_factory=list)
    # Refused for now: they go again after `retry_in` seconds.
    retry_ids: list = field(default_factory=list)
    retry_in: float = None


def backoff_seconds(attempts):
    """Exponential backoff after the nth failed attempt, capped."""
    base, cap = settings.EMAIL_RETRY_BASE_SECONDS, settings.EMAIL_RETRY_MAX_SECONDS
    return min(cap, base * 2 ** max(attempts - 1, 0))


def _pending(ids, now):
    """The rows among `ids` that are waiting and due, in order: read, not yet claimed."""
    return list(EmailDelivery.objects.filter(pk__in=ids, status=Status.PENDING, not_before__lte=now).order_by("pk"))


def _prepare(deliveries, now, result):
    """Write each row's message: the (delivery, message) pairs to send. Unwanted rows skipped, broken failed.

    Rendering comes before the claim (a second sender may render the same rows; only one claims each).
    `claimed_at` is set first: a renderer may list what happened up to this moment (late papers).
    """
    batch = Batch(deliveries)
    outgoing, unwanted = [], []
    for delivery in deliveries:
        delivery.claimed_at = now
        try:
            message = renderer(delivery.kind)(delivery, batch)
        except Exception as error:  # a broken template must not hold up everyone else's email
            changed = EmailDelivery.objects.filter(pk=delivery.pk, status=Status.PENDING).update(
                status=Status.FAILED, claim=None, last_error=f"Could not prepare the email: {error}"[:2000]
            )
            if changed:
                result.failed += 1
                result.failed_ids.append(delivery.pk)
            continue
        if message is None:
            unwanted.append(delivery.pk)
            continue
        outgoing.append((delivery, message))
    result.skipped += EmailDelivery.objects.filter(pk__in=unwanted, status=Status.PENDING).update(
        status=Status.SKIPPED, claim=None
    )
    return outgoing


def _claim_one(delivery, message, token, now, *, sent=None):
    """Claim this row for this sender, and fix where it goes as written: True if no other sender has it.

    `sent`: (row, answer, when) of the message this sender sent just before, recorded as sent in the same
    statement: a batch costs one query a message, and a sender never holds more than one row undecided.
    """
    # The address is fixed when written: what the admin sees is where it went.
    delivery.to_email = ", ".join(message.to)[:254]
    delivery.subject = message.subject[:300]
    delivery.attempts += 1
    previous, answer, sent_at = sent or (None, "", None)
    expected = 1 if previous is None else 2
    with connection.cursor() as cursor:
        cursor.execute(
            _claim_sql(connection.vendor),
            _claim_params(delivery, _prep("claim", token), _prep("claimed_at", now), previous, answer, sent_at),
        )
        changed = cursor.rowcount
    if changed == expected:
        return True
    # One of the two did not match: most likely another sender has the new row.
    return EmailDelivery.objects.filter(pk=delivery.pk, claim=token).exists()


# Records the row sent last (`previous`, under this sender's claim) and claims the next (if still pending), in one
# statement: the ORM's Case/When builds the same at several times the cost in Python, for every message.
_CLAIM_SQL = (
    "UPDATE {table} SET "
    "{status} = CASE WHEN {id} = %s THEN %s ELSE %s END, "
    "{claim} = CASE WHEN {id} = %s THEN NULL ELSE %s END, "
    "{sent_at} = CASE WHEN {id} = %s THEN %s ELSE {sent_at} END, "
    "{last_error} = CASE WHEN {id} = %s THEN '' ELSE {last_error} END, "
    "{smtp_reply} = CASE WHEN {id} = %s THEN %s ELSE {smtp_reply} END, "
    "{claimed_at} = CASE WHEN {id} = %s THEN {claimed_at} ELSE %s END, "
    "{attempts} = CASE WHEN {id} = %s THEN {attempts} ELSE {attempts} + 1 END, "
    "{to_email} = CASE WHEN {id} = %s THEN {to_email} ELSE %s END, "
    "{subject} = CASE WHEN {id} = %s THEN {subject} ELSE %s END, "
    "{meeting_sequence} = CASE WHEN {id} = %s THEN {meeting_sequence} ELSE %s END "
    "WHERE ({id} = %s AND {claim} = %s) OR ({id} = %s AND {status} = %s)"
)
_CLAIM_COLUMNS = ["status", "claim", "sent_at", "last_error", "smtp_reply", "claimed_at", "attempts", "to_email"]
_CLAIM_COLUMNS += ["subject", "meeting_sequence"]


@functools.cache
def _claim_sql(vendor):
    quote, meta = connection.ops.quote_name, EmailDelivery._meta
    return _CLAIM_SQL.format(
        table=quote(meta.db_table),
        id=quote(meta.pk.column),
        **{name: quote(meta.get_field(name).column) for name in _CLAIM_COLUMNS},
    )


def _prep(name, value):
    return EmailDelivery._meta.get_field(name).get_db_prep_value(value, connection)


def _claim_params(delivery, claim, now, previous, answer, sent_at):
    """The statement's parameters; `claim` and `now` are the batch's, ready for the database (`_prep`)."""
    before = previous.pk if previous is not None else None
    return [
        before, Status.SENT, Status.SENDING,
        before, claim,
        before, _prep("sent_at", sent_at),
        before,
        before, answer,
        before, now,
        before,
        before, delivery.to_email,
        before, delivery.subject,
        before, delivery.meeting_sequence,
        before, claim, delivery.pk, Status.PENDING,
    ]  # fmt: skip


def _record(delivery, token, **fields):
    EmailDelivery.objects.filter(pk=delivery.pk, claim=token).update(claim=None, **fields)


def _refused(delivery, token, failure, now):
    """The server did not take it: back to pending with backoff, or failed (for good, or out of attempts)."""
    text = f"{type(failure.error).__name__}: {failure.error}"[:2000]
    if failure.permanent or delivery.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        _record(delivery, token, status=Status.FAILED, last_error=text, smtp_reply=failure.answer)
        return None
    retry_in = backoff_seconds(delivery.attempts)
    _record(
        delivery,
        token,
        status=Status.PENDING,
        last_error=text,
        smtp_reply=failure.answer,
        not_before=now + datetime.timedelta(seconds=retry_in),
    )
    return retry_in


def _release_untried(ids, failure, now):
    """Rows of a batch whose connection broke before their turn: an attempt each, back to wait (or failed)."""
    text = f"{type(failure.error).__name__}: {failure.error}"[:2000]
    rows = EmailDelivery.objects.filter(pk__in=ids, status=Status.PENDING)
    out_of_attempts = list(rows.filter(attempts__gte=settings.EMAIL_MAX_ATTEMPTS - 1).values_list("pk", flat=True))
    rows.filter(pk__in=out_of_attempts).update(status=Status.FAILED, attempts=F("attempts") + 1, last_error=text)
    waiting = rows.exclude(pk__in=out_of_attempts)
    for attempts in set(waiting.values_list("attempts", flat=True)):
        wait = datetime.timedelta(seconds=backoff_seconds(attempts + 1))
        waiting.filter(attempts=attempts).update(attempts=F("attempts") + 1, last_error=text, not_before=now + wait)
    return out_of_attempts


def _send_one(mailer, delivery, message, token, result):
    """Send one claimed row: (answer, None) when it went (recorded with the next claim), else (None, lost) where
    `lost` is the failure if the connection went with it. A failure is recorded at once."""
    try:
        return mailer.send(message), None
    except MaybeSent as failure:
        error = f"{UNDECIDED_MESSAGE} ({type(failure.error).__name__}: {failure.error})"
        _record(delivery, token, status=Status.UNDECIDED, last_error=error[:2000], smtp_reply=failure.answer)
        result.undecided_ids.append(delivery.pk)
        return None, failure
    except NotSent as failure:
        wait = _refused(delivery, token, failure, delivery.claimed_at)
        if wait is None:
            result.failed += 1
            result.failed_ids.append(delivery.pk)
        else:
            result.retry_ids.append(delivery.pk)
            result.retry_in = min(wait, result.retry_in or wait)
        return None, (failure if failure.connection_lost else None)


def _send_batch(outgoing, token, now, result):
    """Send a batch over one connection; returns the failure that lost the connection and the rows not tried."""
    sent = None  # the message that went last, recorded with the next claim (or at the end)
    try:
        with Mailer() as mailer:
            for index, (delivery, message) in enumerate(outgoing):
                claimed = _claim_one(delivery, message, token, now, sent=sent)
                sent = None
                if not claimed:
                    continue  # another sender has it
                answer, lost = _send_one(mailer, delivery, message, token, result)
                if lost is not None:
                    return lost, [d.pk for d, _ in outgoing[index + 1 :]]
                if answer is not None:
                    sent = (delivery, answer, timezone.now())
                    result.sent += 1
    finally:
        if sent is not None:
            previous, answer, sent_at = sent
            _record(previous, token, status=Status.SENT, sent_at=sent_at, last_error="", smtp_reply=answer)
    return None, []


def deliveries_send(ids, *, batch_size=None):
    """Send the due, pending rows among `ids`: one connection per batch, each row claimed and recorded on its own.

    Raises DeliveryFailed when the mail server fails: what went is recorded as sent, a message refused goes
    back for a retry (or is failed for good), and the rows not yet tried wait for the retry.
    """
    batch_size = batch_size or settings.EMAIL_BATCH_SIZE
    ids = list(ids)
    result = SendResult()
    token = uuid.uuid4()
    for start in range(0, len(ids), batch_size):
        now = timezone.now()
        outgoing = _prepare(_pending(ids[start : start + batch_size], now), now, result)
        lost, rest = _send_batch(outgoing, token, now, result)
        if lost is not None:
            # The connection is gone: the rest of this batch waits with it (an attempt each, none handed over),
            # the later batches untouched; all go again with the retry.
            result.failed_ids += _release_untried(rest, lost, now)
            raise DeliveryFailed(
                lost.error,
                retry_ids=result.retry_ids + rest + ids[start + batch_size :],
                retry_in=result.retry_in or backoff_seconds(1),
            ) from lost
    if result.retry_ids:
        raise DeliveryFailed(
            "the mail server refused some messages for now", retry_ids=result.retry_ids, retry_in=result.retry_in
        )
    return result


@transaction.atomic
def delivery_send_again(delivery):
    """An admin asks for a failed or undecided email to be sent again: back to pending, with a full set of retries."""
    changed = EmailDelivery.objects.filter(pk=delivery.pk, status__in=[Status.FAILED, Status.UNDECIDED]).update(
        status=Status.PENDING, attempts=0, not_before=timezone.now(), claim=None
    )
    if changed != 1:
        raise ValidationError(gettext("This email is not waiting to be sent again: it may have been sent already"))
    deliveries_queue([delivery.pk], on_commit=True)


def deliveries_anonymise(*, person_id, emails, label, names=()):
    """A member's details are being erased: the rows addressed to them keep that an email went, not to whom; and the
    rows to others that named them in the subject (the admins' "New application to join: <name>") keep the label."""
    addressed = Q(pk__in=[])
    if person_id is not None:
        addressed |= Q(person_id=person_id)
    for address in (email for email in emails if email):
        addressed |= Q(to_email__iexact=address)
    count = EmailDelivery.objects.filter(addressed).update(to_name=label, to_email="")
    names = [name for name in names if name and name.strip()]
    if names:
        pattern = re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)
        naming = Q(pk__in=[])
        for name in names:
            naming |= Q(subject__icontains=name) | Q(to_name__iexact=name)
        rows = list(EmailDelivery.objects.filter(naming))
        for row in rows:
            row.subject = pattern.sub(label, row.subject)
            row.to_name = pattern.sub(label, row.to_name)
        EmailDelivery.objects.bulk_update(rows, ["subject", "to_name"])
        count += len(rows)
    return count


# Reading ----------------------------------------------------------------------------------------


def delivery_counts(rows):
    """[(status, label, count)] of these rows, in one query."""
    counts = {row["status"]: row["n"] for row in rows.order_by().values("status").annotate(n=Count("pk"))}
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def deliveries_listed(rows):
    """Rows as the lists show them: latest first, with what they are about read in one query per kind of thing."""
    return rows.prefetch_related("about").order_by(F("sent_at").desc(nulls_first=True), "-created_at", "pk")
