import secrets

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common import need_to_know
from common.rendered import RenderedPdf
from meetings.models import Group, Marking, Meeting, MeetingAction
from members.models import LinkedBody, Organisation, Person, User

from . import policy


class ToolkitArea(models.TextChoices):
    """The areas of the Prevent duty toolkit for local authorities."""

    PARTNERSHIP = "partnership", _("Partnership")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    PARTNERSHIP_PLAN = "partnership_plan", _("Partnership plan")
    REFERRAL_PATHWAY = "referral_pathway", _("Referral pathway")
    CHANNEL_PANEL = "channel_panel", _("Channel panel")
    TRAINING = "training", _("Training")
    PERMISSIVE_ENVIRONMENTS = "permissive_environments", _("Reducing permissive environments")
    COMMUNICATIONS = "communications", _("Communications and engagement")


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        reader = need_to_know.role(user)
        if reader == need_to_know.ADMIN:
            return self
        if need_to_know.shown(policy.PLANS, reader):
            # Drafts are the admins' working copy; partners see what the partnership approved.
            return self.exclude(status=ActionPlan.Status.DRAFT)
        return self.none()

    def published(self):
        return self.exclude(status=ActionPlan.Status.DRAFT).filter(summary_published=True)


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        ARCHIVED = "archived", _("Archived")

    year_label = models.CharField(
        _("year"),
        max_length=7,
        unique=True,
        validators=[RegexValidator(r"^\d{4}/\d{2}$", "Enter the year like 2026/27.")],
        help_text=_("For example, 2026/27"),
    )
    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="approved_plans"
    )
    approved_on = models.DateField(null=True, blank=True)
    # Set when an admin reopens an approved plan: why its approved content is being changed.
    reopened_reason = models.TextField(blank=True)
    summary_published = models.BooleanField(default=False)
    public_summary = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="plan_ends_after_start",
                violation_error_message="The plan must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.year_label}"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    def owning_group(self):
        """The group that owns, and so approves, the plan: the partnership's board (one plan a year, its plan)."""
        return Group.objects.filter(is_main_board=True).first()


class Priority(models.Model):
    class Source(models.TextChoices):
        CTLP = "ctlp", _("CTLP recommendation")
        LOCAL = "local", _("Local priority")
        NATIONAL = "national", _("National Prevent objective")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LOCAL)
    ctlp_reference = models.CharField(
        _("CTLP recommendation reference"),
        max_length=40,
        blank=True,
        help_text=_("For example, R4. Never the CTLP itself."),
    )
    unclassified_summary = models.TextField(
        _("unclassified summary"),
        blank=True,
        help_text=_("A short summary that is safe at OFFICIAL. Do not copy text from the CTLP."),
    )
    toolkit_area = models.CharField(_("Prevent duty toolkit area"), max_length=30, choices=ToolkitArea.choices)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = models.Manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_priority_number"),
            models.CheckConstraint(
                condition=~Q(source="ctlp") | ~Q(ctlp_reference=""),
                name="ctlp_priority_has_reference",
                violation_error_message="Enter the CTLP recommendation's reference, for example R4.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_additional_data(self):
        """Stored with each audit entry (django-auditlog), so the plan's change history finds deleted priorities."""
        return {"plan": self.plan_id}

    def free_reference(self, reference, taken=None):
        """`reference`, or with a letter after it ("3.1a") until no action of this priority has it.
        `taken`: the references already used, when the caller is adding several (it keeps the set up to date)."""
        if taken is None:
            taken = set(self.actions.values_list("reference", flat=True))
        while reference in taken:
            reference = f"{reference}a"
        taken.add(reference)
        return reference


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(priority__plan__in=ActionPlan.objects.visible_to(user))

    def open(self):
        return self.exclude(status__in=Action.CLOSED)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def led_by(self, organisation):
        return self.filter(lead_organisation=organisation) if organisation else self.none()


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")
        COMPLETE = "complete", _("Complete")
        CANCELLED = "cancelled", _("Cancelled")

    # (RAG word, colour class) per status: the word is always shown, colour is never the only cue.
    RAG = {
        "not_started": (_("Not started"), "grey"),
        "on_track": (_("Green"), "green"),
        "at_risk": (_("Amber"), "amber"),
        "off_track": (_("Red"), "red"),
        "complete": (_("Complete"), "blue"),
        "cancelled": (_("Cancelled"), "grey"),
    }
    CLOSED = ("complete", "cancelled")

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=10, help_text=_("For example, 2.3"))
    description = models.TextField()
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="led_plan_actions")
    lead_officer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_plan_actions"
    )
    supporting_organisations = models.ManyToManyField(Organisation, blank=True, related_name="supported_plan_actions")
    start_date = models.DateField()
    due_date = models.DateField()
    measure_of_success = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    weight = models.PositiveSmallIntegerField(
        default=1, help_text=_("How much this action counts in roll-ups (1 to 10).")
    )
    marking = models.CharField(_("security marking"), max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    meeting_actions = models.ManyToManyField(MeetingAction, blank=True, related_name="plan_actions")
    origin = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rolled_over_to")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["priority__number", "reference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "reference"], name="unique_action_reference"),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")),
                name="action_due_after_start",
                violation_error_message="The due date must be the same as or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100),
                name="action_percent_at_most_100",
                violation_error_message="Percent complete must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=~Q(status="complete") | Q(percent_complete=100),
                name="complete_action_is_100_percent",
                # Django fills in %(name)s in this message, so a literal percent sign is written %%.
                violation_error_message=(
                    "An action can only be complete when it is 100%% done. Set percent complete to 100."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["lead_organisation", "status"])]

    def __str__(self):
        return f"{self.reference} {self.description[:60]}"

    def get_additional_data(self):
        """Stored with each audit entry (django-auditlog), so the plan's change history finds deleted actions."""
        return {"plan": self.priority.plan_id}

    @property
    def rag_label(self):
        return self.RAG[self.status][0]

    @property
    def rag_colour(self):
        return self.RAG[self.status][1]

    @property
    def rag_text(self):
        return rag_text(self.status)

    @property
    def is_open(self):
        return self.status not in self.CLOSED

    @property
    def is_overdue(self):
        return self.is_open and self.due_date < timezone.localdate()

    def can_be_updated_by(self, user):
        if need_to_know.is_admin(user):
            return True
        member = need_to_know.member_of(user)
        return member is not None and member.organisation_id == self.lead_organisation_id


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    # Who recorded it: a signed-in user, or (by a return's emailed link, without signing in) the person asked.
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_updates")
    reported_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_updates_by_link"
    )
    date = models.DateField(default=timezone.localdate)
    narrative = models.TextField()
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    percent_complete = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(100)])
    created_at = models.DateTimeField(default=timezone.now)

    objects = models.Manager()

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["action", "-date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"Update on {self.action.reference} ({date_format(self.date)})"

    @property
    def rag_label(self):
        return Action.RAG[self.status][0]

    @property
    def rag_colour(self):
        return Action.RAG[self.status][1]

    @property
    def rag_text(self):
        return rag_text(self.status)

    @property
    def by_name(self):
        """Who gave it, in words (select `author__person` and `reported_by` when listing)."""
        if self.author_id is not None:
            person = getattr(self.author, "person", None)
            return person.name if person is not None else self.author.email
        return f"{self.reported_by.name} (by emailed link)" if self.reported_by else "By emailed link"


def rag_text(status):
    """A status as the RAG tables write it: "Green: on track", or the label alone where it is the colour's word."""
    word, label = Action.RAG[status][0], Action.Status(status).label
    return label if word == label else gettext("%(colour)s: %(status)s") % {"colour": word, "status": label.lower()}


def _new_token():
    """Kept for migration 0001, which made the old progress returns' tokens (returns now sign their links)."""
    return secrets.token_urlsafe(24)


class BoardReport(models.Model):
    """A report to a linked board in the seed's format; the narrative is the admin's, the figures are live."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    SECTIONS = [
        ("summary", "1. Summary"),
        ("recommendations", "2. Recommendations"),
        ("risk_assessment", "3. Risk assessment and opportunities appraisal"),
        ("financial_implications", "4. Financial implications"),
        ("background", "5. Background"),
        ("additional_information", "6. Additional information"),
        ("conclusions", "7. Conclusions"),
        ("background_papers", "List of background papers"),
        ("appendices", "Appendices"),
    ]

    linked_body = models.ForeignKey(
        LinkedBody, null=True, blank=True, on_delete=models.SET_NULL, related_name="board_reports"
    )
    # The name printed on the report: the linked body's name when it was written, kept if the body is renamed.
    addressee = models.CharField(_("addressed to"), max_length=200, help_text=_("The board this report goes to."))
    plan = models.ForeignKey(ActionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    period_start = models.DateField()
    period_end = models.DateField()
    meeting_date = models.DateField(_("board meeting date"), null=True, blank=True)
    item_title = models.CharField(_("item"), max_length=300)
    responsible_officer = models.CharField(max_length=200, blank=True)
    threat_level = models.CharField(_("current national threat level"), max_length=40, blank=True)
    summary = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    risk_assessment = models.TextField(_("risk assessment and opportunities appraisal"), blank=True)
    financial_implications = models.TextField(blank=True)
    background = models.TextField(blank=True)
    additional_information = models.TextField(blank=True)
    conclusions = models.TextField(blank=True)
    background_papers = models.TextField(blank=True)
    appendices = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = models.Manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_period_in_order",
                violation_error_message="The end of the period must be on or after its start.",
            ),
        ]

    def __str__(self):
        return f"{self.item_title} ({self.addressee})"


class BoardReportVersion(models.Model):
    """An approved version, frozen: the narrative and the figures as they were when approved."""

    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField()

    objects = models.Manager()

    class Meta:
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")]

    def __str__(self):
        return f"{self.report} v{self.number}"


def generated_report_upload_to(instance, filename):
    return f"generated/actionplans/{filename}"


class GeneratedReport(RenderedPdf):
    """The PDF of an action plan or of a board report's current draft, rendered by a worker.

    Kept to one row per plan or report: asking again raises its generation, and a render that
    finishes after a newer request is thrown away, so the last request wins.
    """

    plan = models.OneToOneField(ActionPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="pdf")
    board_report = models.OneToOneField(
        BoardReport, null=True, blank=True, on_delete=models.CASCADE, related_name="pdf"
    )
    file = models.FileField(upload_to=generated_report_upload_to, max_length=300, blank=True)

    class Meta:
        verbose_name = "generated report PDF"
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, board_report__isnull=True)
                | Q(plan__isnull=True, board_report__isnull=False),
                name="generated_report_of_one_plan_or_report",
            ),
        ]

    def __str__(self):
        return self.filename or f"PDF of {self.plan or self.board_report}"
