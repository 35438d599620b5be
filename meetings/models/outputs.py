"""What the app produces from meetings: calendar feeds and the PDFs the workers render."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.need_to_know import is_admin, known, member_of
from common.rendered import RenderedPdf

from ..policy import invited_q
from .meetings import Meeting
from .minutes import MinutesVersion


def _feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private iCal feed: whoever holds the secret URL reads this user's meetings. Revoke by resetting."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    objects = models.Manager()

    def __str__(self):
        return f"Calendar feed for {self.user}"

    def reset(self):
        self.token = _feed_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])


def generated_pdf_upload_to(instance, filename):
    return f"generated/{instance.meeting_id}/{filename}"


class GeneratedPdfQuerySet(models.QuerySet):
    def visible_to(self, user, meeting=None, kinds=None):
        """Admins any; invitees the full agenda pack and the minutes they may read; partners and the
        public the versions without confidential items: public minutes only once approved and published.

        Given the meeting, whether `user` is invited and whether its agenda is out are answered once, not
        per row; given the kinds, only their rules are built.
        """
        rows = self if meeting is None else self.filter(meeting=meeting)
        if kinds is not None:
            rows = rows.filter(kind__in=kinds)
        if is_admin(user):
            return rows
        kinds = set(GeneratedPdf.Kind.values if kinds is None else kinds)
        published = [Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.HELD]
        agenda_out = Q(meeting__status__in=published) if meeting is None else known(meeting.status in published)
        partner = member_of(user) is not None
        invited = invited_q(user, "meeting", meeting) if partner else known(False)
        rules = known(False)
        if GeneratedPdf.Kind.AGENDA_PACK_PUBLIC in kinds:
            rules |= Q(kind=GeneratedPdf.Kind.AGENDA_PACK_PUBLIC) & agenda_out
        if GeneratedPdf.Kind.AGENDA_PACK in kinds:
            rules |= Q(kind=GeneratedPdf.Kind.AGENDA_PACK) & agenda_out & invited
        if GeneratedPdf.Kind.MINUTES_PUBLIC in kinds:
            rules |= Q(
                kind=GeneratedPdf.Kind.MINUTES_PUBLIC,
                minutes_version__status__in=[MinutesVersion.Status.APPROVED, MinutesVersion.Status.LOCKED],
                minutes_version__minutes__published_version=F("minutes_version"),
            )
        if partner and kinds & {GeneratedPdf.Kind.MINUTES_PUBLIC, GeneratedPdf.Kind.MINUTES_FULL}:
            minutes = Q(minutes_version__in=MinutesVersion.objects.visible_to(user, meeting))
            rules |= Q(kind=GeneratedPdf.Kind.MINUTES_PUBLIC) & minutes
            rules |= Q(kind=GeneratedPdf.Kind.MINUTES_FULL) & minutes & invited
        return rows.filter(rules)

    def ready(self):
        return self.filter(state=GeneratedPdf.State.READY)

    def available(self):
        """With a file to serve: ready, or being prepared again while the last good copy stays readable."""
        return self.exclude(file="")

    def stuck(self, now=None):
        """Renders still "being prepared" well past the longest a render may take: their task was lost."""
        since = (now or timezone.now()) - timezone.timedelta(seconds=settings.PDF_STUCK_AFTER_SECONDS)
        return self.filter(state=GeneratedPdf.State.PREPARING, requested_at__lt=since)


class GeneratedPdf(RenderedPdf):
    """A PDF the workers render (minutes, agenda pack) and its state, stored through Django's storage API."""

    class Kind(models.TextChoices):
        MINUTES_FULL = "minutes_full", _("Minutes")
        MINUTES_PUBLIC = "minutes_public", _("Minutes (public version)")
        AGENDA_PACK = "agenda_pack", _("Agenda pack")
        AGENDA_PACK_PUBLIC = "agenda_pack_public", _("Agenda pack (without confidential items)")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pdfs")
    minutes_version = models.ForeignKey(
        MinutesVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="pdfs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=generated_pdf_upload_to, max_length=300, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    # How often the sweeper queued this render again after its task was lost (a worker killed mid-render).
    requeued = models.PositiveIntegerField(default=0)

    objects = GeneratedPdfQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "kind"]
        verbose_name = "generated PDF"
        constraints = [
            models.UniqueConstraint(
                fields=["minutes_version", "kind"],
                condition=Q(minutes_version__isnull=False),
                name="one_pdf_per_minutes_version_and_kind",
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=Q(minutes_version__isnull=True),
                name="one_pdf_per_meeting_and_kind",
            ),
        ]

    def __str__(self):
        return self.filename or f"{self.get_kind_display()} of {self.meeting_id}"

    @property
    def is_available(self):
        return bool(self.file)
