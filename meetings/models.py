from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from members.models import Person


class Marking(models.TextChoices):
    """UK Government Security Classifications used by the partnership."""

    OFFICIAL = "official", "OFFICIAL"
    OFFICIAL_SENSITIVE = "official_sensitive", "OFFICIAL-SENSITIVE"


class Group(models.Model):
    """A body that meets: the Partnership board itself, or a sub-group with its own members."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_main_board = models.BooleanField(default=False)
    members = models.ManyToManyField(Person, through="GroupMembership", related_name="meeting_groups")
    # Days before a meeting that invitees are reminded, e.g. [14, 2].
    reminder_offsets_days = models.JSONField(default=list, blank=True)
    # Quorum as a fraction of member organisations, e.g. 0.33 for a third.
    quorum_fraction = models.DecimalField(max_digits=3, decimal_places=2, default=0.33)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_main_board", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_main_board"], condition=Q(is_main_board=True), name="one_main_board"),
        ]

    def __str__(self):
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="group_memberships")
    joined = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="unique_group_member")]

    def __str__(self):
        return f"{self.person} in {self.group}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    joining_link = models.URLField("online joining link", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # iCalendar SEQUENCE: raised on every change invitees should see, so calendars update in place.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d %B %Y})"


class AgendaItem(models.Model):
    class Purpose(models.TextChoices):
        INFORMATION = "information", "For information"
        DISCUSSION = "discussion", "For discussion"
        DECISION = "decision", "For decision"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    minutes_allowed = models.PositiveIntegerField(null=True, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.INFORMATION)
    description = models.TextField(blank=True)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    is_confidential = models.BooleanField(default=False)
    confidential_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="unique_item_position", deferrable=models.Deferrable.DEFERRED
            ),
            models.CheckConstraint(
                condition=Q(is_confidential=False) | ~Q(confidential_reason=""), name="confidential_item_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class MeetingAction(models.Model):
    """An action arising at a meeting. Open actions carry forward to the next meeting's action log."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_actions")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completion_note = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.description[:80]
