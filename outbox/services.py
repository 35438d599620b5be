"""The one outbox: every email the app sends is a row here, claimed before it is sent, so it goes once.

An app adds rows (`email_enqueue` for one message, `deliveries_add` for a planner's many) and says how each
kind is written with `@renders(kind)` in its `emails` module. An app whose emails fall due with time (reminders,
chasers) registers its planner with `register_planner` in its AppConfig.ready; the beat task
`outbox.tasks.send_due_emails` runs every planner, then sends whatever is due, whichever app added it.

`deliveries_send` claims rows with a conditional update (pending to sending, under a fresh claim token), so a
retry, a second worker or an overlapping tick never sends a row twice; renders each at send time; sends a batch
over one SMTP connection; records what went. A row the mail server refused goes back to pending with exponential
backoff, and after EMAIL_MAX_ATTEMPTS it is failed: admins see it and can send it again.
"""

import datetime
import smtplib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext

from common.email import send_batch

from .models import EmailDelivery

Kind = EmailDelivery.Kind
Status = EmailDelivery.Status

# Rows stuck in "sending" this long belong to a worker that died mid-batch; they may or may not have gone.
STUCK_AFTER = datetime.timedelta(hours=1)

_RENDERERS = {}
_PLANNERS = []


def renders(*kinds):
    """Register `render(delivery, batch)` for these kinds: it returns the message, or None when no longer wanted."""

    def register(render):
        for kind in kinds:
            _RENDERERS[kind] = render
        return render

    return register


def renderer(kind):
    """The function that writes emails of this kind (registered by its app's `emails` module)."""
    return _RENDERERS[kind]


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
    """Add one email and send it once the current transaction commits."""
    delivery = delivery_new(kind, **fields)
    delivery.save()
    deliveries_queue([delivery.pk], on_commit=True)
    return delivery


def deliveries_queue(ids, *, on_commit=False):
    """Queue the sending of these rows in batches (after the transaction commits when asked)."""
    from .tasks import send_deliveries

    ids = list(ids)
    batch = settings.EMAIL_BATCH_SIZE
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        if on_commit:
            transaction.on_commit(lambda chunk=chunk: send_deliveries.delay(chunk))
        else:
            send_deliveries.delay(chunk)
    return len(ids)


def deliveries_expire_stuck(now=None):
    now = now or timezone.now()
    return EmailDelivery.objects.filter(status=Status.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        status=Status.FAILED,
        claim=None,
        last_error="The worker sending this email stopped part-way; it may or may not have been sent. "
        "Check with the recipient before sending it again.",
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


def backoff_seconds(attempts):
    """Exponential backoff after the nth failed attempt, capped."""
    base, cap = settings.EMAIL_RETRY_BASE_SECONDS, settings.EMAIL_RETRY_MAX_SECONDS
    return min(cap, base * 2 ** max(attempts - 1, 0))


def _claim(ids, now):
    """Claim pending rows for this sender: the conditional update changes each row for one claimer only."""
    token = uuid.uuid4()
    EmailDelivery.objects.filter(pk__in=ids, status=Status.PENDING, not_before__lte=now).update(
        status=Status.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return list(EmailDelivery.objects.filter(claim=token, status=Status.SENDING).order_by("pk"))


def _prepare(deliveries, result):
    """Write each claimed row's message: the (delivery, message) pairs to send. Unwanted rows skipped, broken failed."""
    batch = Batch(deliveries)
    outgoing, unwanted = [], []
    for delivery in deliveries:
        try:
            message = renderer(delivery.kind)(delivery, batch)
        except Exception as error:  # a broken template must not hold up everyone else's email
            EmailDelivery.objects.filter(pk=delivery.pk).update(
                status=Status.FAILED, claim=None, last_error=f"Could not prepare the email: {error}"[:2000]
            )
            result.failed += 1
            result.failed_ids.append(delivery.pk)
            continue
        if message is None:
            unwanted.append(delivery.pk)
            continue
        # The address is fixed when written: what the admin sees is where it went.
        delivery.to_email = ", ".join(message.to)[:254]
        delivery.subject = message.subject[:300]
        outgoing.append((delivery, message))
    EmailDelivery.objects.filter(pk__in=unwanted).update(status=Status.SKIPPED, claim=None)
    result.skipped += len(unwanted)
    EmailDelivery.objects.bulk_update([d for d, _ in outgoing], ["to_email", "subject", "meeting_sequence"])
    return outgoing


def _record_sent(deliveries, now):
    EmailDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=Status.SENT, sent_at=now, claim=None, last_error=""
    )


def _release(deliveries, error, now):
    """Put unsent rows back for a later attempt with backoff, or fail them once attempts run out."""
    text = f"{type(error).__name__}: {error}"[:2000]
    retry, fail = [], []
    for delivery in deliveries:
        (fail if delivery.attempts >= settings.EMAIL_MAX_ATTEMPTS else retry).append(delivery)
    retry_in = backoff_seconds(max((d.attempts for d in retry), default=1))
    EmailDelivery.objects.filter(pk__in=[d.pk for d in retry]).update(
        status=Status.PENDING, claim=None, last_error=text, not_before=now + datetime.timedelta(seconds=retry_in)
    )
    EmailDelivery.objects.filter(pk__in=[d.pk for d in fail]).update(status=Status.FAILED, claim=None, last_error=text)
    return [d.pk for d in retry], [d.pk for d in fail], retry_in


def _send_over_one_connection(outgoing):
    """Send (delivery, message) pairs on one SMTP connection: (accepted rows, the error that stopped it or None)."""
    by_message = {id(message): delivery for delivery, message in outgoing}
    accepted = []
    try:
        send_batch(
            [message for _, message in outgoing],
            batch_size=len(outgoing) or 1,
            on_sent=lambda message: accepted.append(by_message[id(message)]),
        )
    except (smtplib.SMTPException, OSError) as error:
        return accepted, error
    return accepted, None


def deliveries_send(ids, *, batch_size=None):
    """Send the due, pending rows among `ids`, one SMTP connection per batch.

    Raises DeliveryFailed when the mail server fails; what was accepted before the failure is recorded
    as sent, the rest is released for a retry (or failed for good after EMAIL_MAX_ATTEMPTS).
    """
    batch_size = batch_size or settings.EMAIL_BATCH_SIZE
    ids = list(ids)
    result = SendResult()
    for start in range(0, len(ids), batch_size):
        now = timezone.now()
        deliveries = _claim(ids[start : start + batch_size], now)
        if not deliveries:
            continue
        outgoing = _prepare(deliveries, result)
        accepted, error = _send_over_one_connection(outgoing)
        _record_sent(accepted, timezone.now())
        if error is not None:
            done = {d.pk for d in accepted}
            retry_ids, failed_ids, retry_in = _release([d for d, _ in outgoing if d.pk not in done], error, now)
            result.failed_ids += failed_ids
            # Rows of later batches were never claimed: they are still pending and go with the retry.
            raise DeliveryFailed(error, retry_ids=retry_ids + ids[start + batch_size :], retry_in=retry_in) from error
        result.sent += len(accepted)
    return result


@transaction.atomic
def delivery_send_again(delivery):
    """An admin asks for a failed email to be sent again: back to pending, with a full set of retries."""
    changed = EmailDelivery.objects.filter(pk=delivery.pk, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, not_before=timezone.now(), claim=None
    )
    if changed != 1:
        raise ValidationError(gettext("This email is not waiting to be sent again: it may have been sent already"))
    deliveries_queue([delivery.pk], on_commit=True)


def deliveries_anonymise(*, person_id, emails, label):
    """A member's details are being erased: the rows addressed to them keep that an email went, not to whom."""
    addressed = Q(pk__in=[])
    if person_id is not None:
        addressed |= Q(person_id=person_id)
    addresses = [email for email in emails if email]
    if addresses:
        addressed |= Q(to_email__in=addresses)
    return EmailDelivery.objects.filter(addressed).update(to_name=label, to_email="")


# Reading ----------------------------------------------------------------------------------------


def delivery_counts(rows):
    """[(status, label, count)] of these rows, in one query."""
    counts = {row["status"]: row["n"] for row in rows.order_by().values("status").annotate(n=Count("pk"))}
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def deliveries_listed(rows):
    """Rows as the lists show them: latest first, with what they are about read in one query per kind of thing."""
    return rows.prefetch_related("about").order_by(F("sent_at").desc(nulls_first=True), "-created_at", "pk")
