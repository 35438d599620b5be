"""Progress on a meeting action, as its owner gives it: signed in (My actions) or by the emailed link."""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from members.models import Person, User

from .meetings import MeetingAction


class ActionProgress(models.Model):
    class Via(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        LINK = "link", "By the emailed link"

    action = models.ForeignKey(MeetingAction, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField("progress")
    # Who gave it: a signed-in user, or (by the emailed link, without a sign-in) the owner it was sent to.
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reported_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.SIGNED_IN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = models.Manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "action progress"

    def __str__(self):
        return f"Progress on {self.action} ({date_format(timezone.localtime(self.created_at))})"

    @property
    def by_name(self):
        """Who gave it, in words (select `recorded_by__person` and `reported_by` when listing)."""
        if self.recorded_by_id is not None:
            person = getattr(self.recorded_by, "person", None)
            return person.name if person is not None else self.recorded_by.email
        name = self.reported_by.name if self.reported_by else "The owner"
        return f"{name} (by emailed link)"
