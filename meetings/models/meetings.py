"""Groups, meetings, their agendas, papers, invitations and the actions they raise."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common import need_to_know
from common.need_to_know import EXEMPT, SHOWN, is_admin, member_of
from members.models import Person

from .. import policy
from ..policy import MeetingScopedQuerySet


class Marking(models.TextChoices):
    """UK Government Security Classifications used by the partnership."""

    OFFICIAL = "official", _("OFFICIAL")
    OFFICIAL_SENSITIVE = "official_sensitive", _("OFFICIAL-SENSITIVE")


class Group(models.Model):
    """A body that meets: the Partnership board itself, or a sub-group with its own members."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_main_board = models.BooleanField(default=False)
    members = models.ManyToManyField(Person, through="GroupMembership", related_name="meeting_groups")
    # Days before a meeting that invitees are reminded, e.g. [14, 2].
    reminder_offsets_days = models.JSONField(default=list, blank=True)
    # Quorum as a fraction of member organisations, e.g. 0.33 for a third.
    quorum_fraction = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0.33"))
    version = models.PositiveIntegerField(default=1, editable=False)

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

    def in_calendar_feed_of(self, owner):
        """A private calendar feed is read by its secret address, with no session: its own rule
        (`need_to_know.reads_as_admin_by_secret`). An admin's lists every meeting, a partner's those they are
        invited to."""
        if need_to_know.reads_as_admin_by_secret(owner):
            return self.all()
        member = member_of(owner)
        if member is None:
            return self.none()
        return self.visible_to(owner).filter(invitations__person=member)

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
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        AGENDA_PUBLISHED = "agenda_published", _("Agenda published")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    # A field of its own: the guard against case data stops postcodes in free text, never the venue's own.
    venue_postcode = models.CharField("venue postcode", max_length=10, blank=True)
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
        max_length=300, blank=True, help_text=_("Why it was cancelled or postponed, shown to invitees.")
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
        return f"{self.title} ({date_format(timezone.localtime(self.starts_at))})"

    @property
    def place(self):
        """The venue with its postcode, as invitations and calendars give it ("" when not yet known)."""
        return ", ".join(part for part in (self.venue, self.venue_postcode) if part)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def has_published_agenda(self):
        return self.status in (self.Status.AGENDA_PUBLISHED, self.Status.HELD)

    @property
    def agenda_frozen_reason(self):
        """Why the agenda, its items and papers can no longer change ("" while they can): the pages say it before
        anyone types, and the services refuse with it."""
        if self.status in (self.Status.HELD, self.Status.CANCELLED):
            return f"The agenda of a {self.get_status_display().lower()} meeting cannot change"
        return ""

    @property
    def status_frozen_reason(self):
        if self.status == self.Status.HELD:
            return "This meeting has been held; its status can no longer change"
        return ""


class AgendaItemQuerySet(MeetingScopedQuerySet):
    """Items listed to a user: shown in full, or as "Exempt item" with the title (see `policy.present_items`)."""

    content = policy.ITEM_TITLE
    own_marking, item_marking = True, False
    accept = (SHOWN, EXEMPT)


class StandingItem(models.Model):
    """An item every new meeting of its group starts with; admins edit each group's list."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="standing_items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    minutes_allowed = models.PositiveIntegerField(null=True, blank=True)
    purpose = models.CharField(max_length=20, default="information")
    kind = models.CharField(max_length=30, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = models.Manager()

    class Meta:
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "position"], name="one_standing_item_per_position"),
        ]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "", _("Ordinary item")
        APOLOGIES = "apologies", _("Welcome and apologies")
        MINUTES = "minutes", _("Minutes of the last meeting")
        MATTERS_ARISING = "matters_arising", _("Matters arising and action log")
        ACTION_PLAN = "action_plan", _("Action plan progress")

    class Purpose(models.TextChoices):
        INFORMATION = "information", _("For information")
        DISCUSSION = "discussion", _("For discussion")
        DECISION = "decision", _("For decision")

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

    content = policy.ACTIONS_ARISING

    def visible_to(self, user, meeting=None):
        """The public reads a meeting's actions arising as its published minutes show them, but has no action log."""
        if meeting is None and not is_admin(user) and member_of(user) is None:
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
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    # PROTECT: an action takes its item's level (need-to-know); were the item to go, it would fall to OFFICIAL.
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
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
    content = policy.PAPERS
    own_marking = True


class Paper(models.Model):
    """A file attached to an agenda item. Stored privately; downloaded only through an access-checking view."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        DOCX = "docx", _("Word document")
        XLSX = "xlsx", _("Excel spreadsheet")
        PPTX = "pptx", _("PowerPoint presentation")
        ODT = "odt", _("OpenDocument text")

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
        NO_REPLY = "no_reply", _("No reply")
        ATTENDING = "attending", _("Attending")
        APOLOGIES = "apologies", _("Apologies")
        DEPUTY = "deputy", _("Sending a deputy")

    class Attendance(models.TextChoices):
        NOT_RECORDED = "not_recorded", _("Not recorded")
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Apologies")
        ABSENT = "absent", _("Absent")
        DEPUTY = "deputy", _("Deputy attended")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    reply = models.CharField(max_length=20, choices=Reply.choices, default=Reply.NO_REPLY)
    deputy_name = models.CharField(_("deputy's name"), max_length=200, blank=True)
    deputy = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="deputising")
    replied_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.NOT_RECORDED)
    attended_deputy_name = models.CharField(_("deputy who attended"), max_length=200, blank=True)
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
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role or reason for attending"), max_length=200, blank=True)

    objects = models.Manager()

    class Meta:
        ordering = ["meeting", "name"]

    def __str__(self):
        return self.name
