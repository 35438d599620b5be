"""The row behind every PDF a worker renders (meetings' GeneratedPdf, actionplans' GeneratedReport, assurance's
ReturnPdf): its state, the generation that lets the last request win, and the stored file.

Asking raises the generation and marks the row being prepared; the render keeps its file only if the generation
is still the one it rendered (`common.pdf.store_rendered`), and records a failure the same way.
"""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RenderedPdf(models.Model):
    """A PDF a worker renders. Each subclass says what it is of and declares `file` with its own folder."""

    class State(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    state = models.CharField(max_length=10, choices=State.choices, default=State.PREPARING)
    # Raised on every request: a render that finishes after a newer request was made is thrown away.
    generation = models.PositiveIntegerField(default=1)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_ready(self):
        return self.state == self.State.READY and bool(self.file)

    @classmethod
    def request_for(cls, **owner):
        """The row for `owner` (e.g. plan=plan), new or asked for again, as it now stands."""
        pdf, created = cls.objects.get_or_create(**owner)
        if not created:
            pdf.request_again()
            pdf.refresh_from_db()
        return pdf

    def request_again(self, **reset):
        """Mark it being prepared by a newer render; `reset`: other fields to clear on the way."""
        type(self).objects.filter(pk=self.pk).update(
            state=self.State.PREPARING, generation=F("generation") + 1, error="", requested_at=timezone.now(), **reset
        )

    def record_failure(self, error):
        """Keep why this render failed, unless a newer request has come since it started."""
        type(self).objects.filter(pk=self.pk, generation=self.generation).update(
            state=self.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
