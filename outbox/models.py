"""One row per email the app sends: claimed before sending, so it goes once; retried; recorded.

The outbox sits below every app, so it points at what an email is about generically (`about`), at the
member it is addressed to by id (`person_id`), and at the meeting whose emails page lists it (`meeting_id`).
Bodies are never stored: each kind is written at send time by its app's renderer, so a password link
is never kept where admins can read it.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds
from .kinds import validate_kind


class EmailDeliveryQuerySet(models.QuerySet):
    def for_meeting(self, meeting):
        """What was sent about a meeting: to its invitees, and to owners of the actions it raised."""
        return self.filter(meeting_id=meeting.pk)

    def about(self, obj):
        return self.filter(about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk)

    def due(self, now=None):
        return self.filter(status=EmailDelivery.Status.PENDING, not_before__lte=now or timezone.now())

    def failed(self):
        return self.filter(status=EmailDelivery.Status.FAILED)

    def of_kind(self, *values):
        return self.filter(kind__in=values)


class EmailDelivery(models.Model):
    """One email to one address: the row is claimed before sending, so it goes once.

    For rows addressed to a member the unique constraint makes (about, person, kind, key) happen at most
    once; `key` tells repeats of a kind apart: the offset of a reminder ("14d"), the meeting's SEQUENCE of
    an update, the due date of an action reminder, the week of an overdue chase.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to send")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # The worker sending it stopped after handing it to the mail server and before hearing back: it may
        # or may not have gone. Never sent again by itself; an admin checks and may send it again.
        UNDECIDED = "undecided", "Not known if sent"
        SKIPPED = "skipped", _("No longer needed")

    # The apps declare their kinds (outbox.kinds.register_kinds): a new kind needs no migration here.
    kind = models.CharField(max_length=40, validators=[validate_kind])
    key = models.CharField(max_length=40, blank=True)
    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    # The members app sits above the outbox, so the addressee is kept by id and by name, not as a foreign key.
    person_id = models.PositiveBigIntegerField(null=True, blank=True)
    to_name = models.CharField(_("to"), max_length=200, blank=True)
    to_email = models.EmailField(_("sent to"), blank=True)
    # The meeting whose emails page lists this row (the meeting itself, or the one an action came from).
    meeting_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    # The meeting's SEQUENCE in what was sent: a later change sends an update to whoever saw an older one.
    meeting_sequence = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # What the mail server last answered about this message ("250 2.0.0 Ok: queued as 4Bx..."), when it did.
    smtp_reply = models.CharField("mail server's answer", max_length=500, blank=True)
    not_before = models.DateTimeField(default=timezone.now)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = EmailDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = "email"
        constraints = [
            models.UniqueConstraint(
                fields=["about_type", "about_id", "person_id", "kind", "key"],
                condition=Q(person_id__isnull=False, about_id__isnull=False),
                name="one_email_per_about_person_kind_key",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "not_before"]),
            models.Index(fields=["claim"]),
            models.Index(fields=["about_type", "about_id"]),
        ]

    def __str__(self):
        return f"{self.kind_label} to {self.to_name or self.to_email} ({self.get_status_display()})"

    @property
    def kind_label(self):
        return kinds.label(self.kind)

    @property
    def label(self):
        """This row's label: its kind's, or what its app says of it ("Reminder (14 days before)")."""
        return kinds.describe(self)

    @property
    def detail(self):
        """What its app says the email is about, under the label on the emails page (prefetch `about`)."""
        return kinds.detail(self)
