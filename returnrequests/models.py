"""One row per return asked of one person: what it is about, the round it belongs to, and what became of it.

The engine sits below the apps (it imports only `common` and `outbox`), so it points at what a request is
about (`subject`, e.g. a plan action), the round it is part of (`round`, e.g. the meeting the returns are for)
and its answer (`answer`, e.g. the progress update) generically, and at the person asked by id and name.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import registry
from .registry import validate_return_kind


class ReturnRequestQuerySet(models.QuerySet):
    def about(self, obj):
        return self.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)

    def for_round(self, obj):
        return self.filter(round_type=ContentType.objects.get_for_model(obj), round_id=obj.pk)

    def unanswered(self):
        return self.filter(returned_at__isnull=True)

    def open_at(self, now):
        """Still to be answered, and not closed: what may be sent or chased."""
        return self.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now), returned_at__isnull=True)


class ReturnRequest(models.Model):
    class Via(models.TextChoices):
        LINK = "link", "By the emailed link"
        SIGNED_IN = "signed_in", "Signed in"

    kind = models.CharField(max_length=40, validators=[validate_return_kind])
    # Tells apart several requests about the same subject in the same round (e.g. an action's due date).
    key = models.CharField(max_length=40, blank=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    round_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    round_id = models.PositiveBigIntegerField()
    round = GenericForeignKey("round_type", "round_id")
    # The person asked (the members app sits above the engine: by id and by name).
    person_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    to_name = models.CharField("asked", max_length=200, blank=True)
    to_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Not sent before this; chased once after `chase_after` if still unanswered.
    send_after = models.DateTimeField(default=timezone.now)
    chase_after = models.DateTimeField(null=True, blank=True)
    # Neither sent nor chased after this (e.g. the meeting the return was for has started).
    closes_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    chases = models.PositiveSmallIntegerField(default=0)
    # The outbox rows that carried the request and the latest chase (the emails page shows them).
    request_email_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    chase_email_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_via = models.CharField(max_length=10, choices=Via.choices, blank=True)
    answer_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer_id = models.PositiveBigIntegerField(null=True, blank=True)
    answer = GenericForeignKey("answer_type", "answer_id")

    objects = ReturnRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "round_type", "round_id", "key"],
                name="one_return_request_per_subject_round_key",
            ),
            models.CheckConstraint(
                condition=Q(chased_at__isnull=True) | Q(sent_at__isnull=False),
                name="return_request_chased_only_once_sent",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "round_type", "round_id"]),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["returned_at", "sent_at"]),
        ]

    def __str__(self):
        return f"{self.kind_label} for {self.to_name or 'nobody'} ({self.state})"

    @property
    def kind_label(self):
        return registry.label(self.kind)

    @property
    def state(self):
        if self.returned_at:
            return "Returned"
        if self.chased_at:
            return "Chased"
        if self.sent_at:
            return "Sent"
        return "Not sent yet"
