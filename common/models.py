"""The one table `common` holds: the one-time token of each form sent (see common.middleware.OnceMiddleware)."""

from django.db import models
from django.utils import timezone


class FormSubmission(models.Model):
    """A form that was sent: its one-time token, and where the first sending took the reader."""

    token = models.UUIDField(primary_key=True)
    path = models.CharField(max_length=300)
    redirect_to = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "form sent"
        verbose_name_plural = "forms sent"

    def __str__(self):
        return f"{self.path} at {self.created_at:%Y-%m-%d %H:%M}"
