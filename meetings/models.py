import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from members.models import Person

from .policy import Content, MeetingScopedQuerySet, Verdict, invited_exists, is_admin, member_of


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

    objects = models.Manager()

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

    objects = models.Manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="unique_group_member")]

    def __str__(self):
        return f"{self.person} in {self.group}"


class MeetingQuerySet(MeetingScopedQuerySet):
    meeting_field = ""

    def visible_to(self, user, meeting=None):
        """The signed-in pages' meetings (see `policy.MEETING_STATUSES`); the public reads theirs through `public`."""
        if not is_admin(user) and member_of(user) is None:
            return self.none()
        return super().visible_to(user)

    def public(self):
        """Meetings whose date the public may know."""
        return super().visible_to(None)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)

    def past(self):
        return self.filter(ends_at__lt=timezone.now())

    def with_invited(self, person):
        """Annotate `is_invited` for one person, in the same query."""
        if person is None:
            return self.annotate(is_invited=models.Value(False))
        return self.annotate(is_invited=Exists(Invitation.objects.filter(meeting=OuterRef("pk"), person=person)))


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
    agenda_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the meeting first left draft (scheduled, published, postponed or held): from then on invitees
    # know of it, so cancelling it tells them.
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_note = models.CharField(
        max_length=300, blank=True, help_text="Why it was cancelled or postponed, shown to invitees."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%-d %B %Y})"

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def has_published_agenda(self):
        return self.status in (self.Status.AGENDA_PUBLISHED, self.Status.HELD)


class AgendaItemQuerySet(MeetingScopedQuerySet):
    """Items listed to a user: shown in full, or as "Exempt item" with the title (see `policy.present_items`)."""

    content = Content.ITEM_TITLE
    own_marking, item_marking = True, False
    accept = (Verdict.SHOWN, Verdict.EXEMPT)


class StandingItem(models.Model):
    """An item every new meeting's agenda starts with; admins edit the list."""

    position = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    minutes_allowed = models.PositiveIntegerField(null=True, blank=True)
    purpose = models.CharField(max_length=20, default="information")
    kind = models.CharField(max_length=30, blank=True)

    objects = models.Manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "", "Ordinary item"
        APOLOGIES = "apologies", "Welcome and apologies"
        MINUTES = "minutes", "Minutes of the last meeting"
        MATTERS_ARISING = "matters_arising", "Matters arising and action log"
        ACTION_PLAN = "action_plan", "Action plan progress"

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
    # Standing items with a job: "matters arising" lists open actions carried forward.
    kind = models.CharField(max_length=30, choices=Kind.choices, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AgendaItemQuerySet.as_manager()

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


class MeetingActionQuerySet(MeetingScopedQuerySet):
    """The action log: actions under exempt items only for admins, invitees and their owner (see `policy`)."""

    content = Content.ACTIONS_ARISING

    def visible_to(self, user, meeting=None):
        if not is_admin(user) and member_of(user) is None:
            return self.none()
        return super().visible_to(user, meeting)

    def _own_q(self, member):
        return Q(owner=member)

    def open(self):
        return self.filter(status=MeetingAction.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


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
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.description[:80]

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and self.due_date is not None and self.due_date < timezone.localdate()


def paper_upload_to(instance, filename):
    # A random name: the original is kept in `filename` for downloads, never trusted as a path.
    return f"papers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class PaperQuerySet(MeetingScopedQuerySet):
    meeting_field = "item__meeting"
    content = Content.PAPERS
    own_marking = True


class Paper(models.Model):
    """A file attached to an agenda item. Stored privately; downloaded only through an access-checking view."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        XLSX = "xlsx", "Excel spreadsheet"
        PPTX = "pptx", "PowerPoint presentation"
        ODT = "odt", "OpenDocument text"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=paper_upload_to, max_length=300)
    filename = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField()
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    is_confidential = models.BooleanField(default=False)
    confidential_reason = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["item", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_confidential=False) | ~Q(confidential_reason=""), name="confidential_paper_has_reason"
            ),
        ]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    """One invitee of one meeting: their reply before it, and their attendance at it."""

    class Reply(models.TextChoices):
        NO_REPLY = "no_reply", "No reply"
        ATTENDING = "attending", "Attending"
        APOLOGIES = "apologies", "Apologies"
        DEPUTY = "deputy", "Sending a deputy"

    class Attendance(models.TextChoices):
        NOT_RECORDED = "not_recorded", "Not recorded"
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        DEPUTY = "deputy", "Deputy attended"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    reply = models.CharField(max_length=20, choices=Reply.choices, default=Reply.NO_REPLY)
    deputy_name = models.CharField("deputy's name", max_length=200, blank=True)
    deputy = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="deputising")
    replied_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.NOT_RECORDED)
    attended_deputy_name = models.CharField("deputy who attended", max_length=200, blank=True)
    # Part of every signed reply link: rotating it revokes the links already sent.
    reply_token = models.UUIDField(default=uuid.uuid4, editable=False)
    invited_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = models.Manager()

    class Meta:
        ordering = ["meeting", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_invitee"),
            models.CheckConstraint(condition=~Q(reply="deputy") | ~Q(deputy_name=""), name="deputy_reply_names_deputy"),
        ]
        indexes = [models.Index(fields=["person", "meeting"])]

    def __str__(self):
        return f"{self.person} to {self.meeting}"


class Guest(models.Model):
    """Someone who attended without being an invitee: a presenter, an observer."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(max_length=200)
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    role = models.CharField("role or reason for attending", max_length=200, blank=True)

    objects = models.Manager()

    class Meta:
        ordering = ["meeting", "name"]

    def __str__(self):
        return self.name


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
                | Q(status=MinutesVersion.Status.CIRCULATED) & invited_exists(user, "minutes__meeting")
            )
        )


class MinutesVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated for comment"
        APPROVED = "approved", "Approved"
        LOCKED = "locked", "Locked"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField("general notes", blank=True)
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
    content = Content.MINUTES_NOTES


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
    content = Content.DECISIONS


class Decision(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "Decision"
        RECOMMENDATION = "recommendation", "Recommendation"

    minutes_version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
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
    def visible_to(self, user):
        """Admins any; invitees the full agenda pack and the minutes they may read; partners and the
        public the versions without confidential items: public minutes only once approved and published."""
        published = [Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.HELD]
        public = Q(
            kind=GeneratedPdf.Kind.MINUTES_PUBLIC,
            minutes_version__status__in=[MinutesVersion.Status.APPROVED, MinutesVersion.Status.LOCKED],
            minutes_version__minutes__published_version=F("minutes_version"),
        ) | Q(kind=GeneratedPdf.Kind.AGENDA_PACK_PUBLIC, meeting__status__in=published)
        if is_admin(user):
            return self
        if member_of(user) is not None:
            invited = invited_exists(user, "meeting")
            minutes = Q(minutes_version__in=MinutesVersion.objects.visible_to(user))
            return self.filter(
                public
                | Q(kind=GeneratedPdf.Kind.MINUTES_PUBLIC) & minutes
                | Q(kind=GeneratedPdf.Kind.MINUTES_FULL) & minutes & invited
                | Q(kind=GeneratedPdf.Kind.AGENDA_PACK, meeting__status__in=published) & invited
            )
        return self.filter(public)

    def ready(self):
        return self.filter(state=GeneratedPdf.State.READY)

    def available(self):
        """With a file to serve: ready, or being prepared again while the last good copy stays readable."""
        return self.exclude(file="")

    def stuck(self, now=None):
        """Renders still "being prepared" well past the longest a render may take: their task was lost."""
        since = (now or timezone.now()) - timezone.timedelta(seconds=settings.PDF_STUCK_AFTER_SECONDS)
        return self.filter(state=GeneratedPdf.State.PREPARING, requested_at__lt=since)


class GeneratedPdf(models.Model):
    """A PDF the workers render (minutes, agenda pack) and its state, stored through Django's storage API."""

    class Kind(models.TextChoices):
        MINUTES_FULL = "minutes_full", "Minutes"
        MINUTES_PUBLIC = "minutes_public", "Minutes (public version)"
        AGENDA_PACK = "agenda_pack", "Agenda pack"
        AGENDA_PACK_PUBLIC = "agenda_pack_public", "Agenda pack (without confidential items)"

    class State(models.TextChoices):
        PREPARING = "preparing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pdfs")
    minutes_version = models.ForeignKey(
        MinutesVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="pdfs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREPARING)
    # Raised on every request: a render that finishes after a newer request was made is thrown away.
    generation = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to=generated_pdf_upload_to, max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
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
    def is_ready(self):
        return self.state == self.State.READY and bool(self.file)

    @property
    def is_available(self):
        return bool(self.file)
