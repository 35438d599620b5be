"""Minutes: versions, notes per item and decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.need_to_know import is_admin, member_of

from .. import policy
from ..policy import MeetingScopedQuerySet, invited_q
from .meetings import AgendaItem, Meeting


class Minutes(models.Model):
    """The minutes of one meeting: a chain of versions. Only a draft version is ever edited."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    # The version the admin chose to publish (public copy, confidential items withheld).
    published_version = models.ForeignKey(
        "MinutesVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = models.Manager()

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes of {self.meeting}"


class MinutesVersionQuerySet(MeetingScopedQuerySet):
    meeting_field = "minutes__meeting"

    def visible_to(self, user, meeting=None):
        if is_admin(user):
            return super().visible_to(user, meeting)
        if member_of(user) is None:
            return self.none()
        # Partners read approved minutes; invitees also read the circulated draft to comment.
        return (
            super()
            .visible_to(user, meeting)
            .filter(
                Q(status__in=[MinutesVersion.Status.APPROVED, MinutesVersion.Status.LOCKED])
                | Q(status=MinutesVersion.Status.CIRCULATED) & invited_q(user, "minutes__meeting", meeting)
            )
        )


class MinutesVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for comment")
        APPROVED = "approved", _("Approved")
        LOCKED = "locked", _("Locked")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("general notes"), blank=True)
    correction_reason = models.TextField(blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_approved"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # What the minutes print from other rows (attendance, guests, actions arising, the meeting's title and place),
    # kept when the version is approved: `meetings.minutes_record` takes and reads it. Empty while a draft.
    record = models.JSONField(null=True, blank=True, editable=False)

    objects = MinutesVersionQuerySet.as_manager()

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="unique_minutes_version_number"),
            models.CheckConstraint(condition=Q(number=1) | ~Q(correction_reason=""), name="correction_has_reason"),
        ]

    def __str__(self):
        return f"{self.minutes} v{self.number}"

    @property
    def is_editable(self):
        # Comments on circulated minutes are taken in place; approval freezes a version for good.
        return self.status in (self.Status.DRAFT, self.Status.CIRCULATED)

    @property
    def is_final(self):
        return self.status in (self.Status.APPROVED, self.Status.LOCKED)

    def as_approved(self, items, notes):
        """The agenda `items` as these minutes record them: once approved, each item's title and number are those
        kept in its note at approval (`notes`: this version's MinuteNotes), whatever later happened to the item."""
        if not self.is_final:
            return items
        kept = {note.item_id: note for note in notes if note.item_title}
        for item in items:
            if item.pk in kept:
                item.title = kept[item.pk].item_title
                item.position = kept[item.pk].item_position or item.position
        return sorted(items, key=lambda item: item.position)


class MinuteNoteQuerySet(MeetingScopedQuerySet):
    meeting_field = "minutes_version__minutes__meeting"
    content = policy.MINUTES_NOTES


class MinuteNote(models.Model):
    """The notes of one agenda item in one version of the minutes (Markdown, sanitised on display)."""

    minutes_version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="notes")
    # PROTECT, not CASCADE: an item with notes in approved minutes can never be deleted from under them
    # (agenda_item_delete removes draft notes first).
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="minute_notes")
    text = models.TextField(blank=True)
    # The item as it stood when the minutes were approved (empty while a draft): approved minutes show these.
    item_title = models.CharField(max_length=300, blank=True)
    item_position = models.PositiveIntegerField(null=True, blank=True)

    objects = MinuteNoteQuerySet.as_manager()

    class Meta:
        ordering = ["minutes_version", "item__position"]
        constraints = [models.UniqueConstraint(fields=["minutes_version", "item"], name="one_note_per_item")]

    def __str__(self):
        return f"Notes on {self.item_id} in {self.minutes_version_id}"


class DecisionQuerySet(MeetingScopedQuerySet):
    meeting_field = "minutes_version__minutes__meeting"
    content = policy.DECISIONS


class Decision(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        RECOMMENDATION = "recommendation", _("Recommendation")

    minutes_version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="decisions")
    # PROTECT: a decision takes its item's level (need-to-know); were the item to go, it would fall to OFFICIAL.
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DECISION)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    # The item's title when the minutes were approved, kept if the item later goes.
    item_title = models.CharField(max_length=300, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["minutes_version", "position", "pk"]

    def __str__(self):
        return self.text[:80]
