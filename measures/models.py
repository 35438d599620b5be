"""How the partnership will know an action worked: measures with a baseline, a target and thresholds, the results
recorded against them, dated milestones, sub-actions, and an admin's override of the RAG the app works out.

The rules every write must keep (a target that differs from its baseline, thresholds in order for the direction, no
result for a period not yet ended, no milestone after its action's due date, no circle of sub-actions) are checked by
`services` with messages naming the field, and the simplest of them again by the database.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from actionplans.models import Action, ActionPlan, rag_text
from common.rendered import RenderedPdf
from meetings.models import Marking
from members.models import User


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class ReportingPeriod(models.IntegerChoices):
    """How often an action is expected to report (a progress update or a result), in months."""

    MONTHLY = 1, "Monthly"
    QUARTERLY = 3, "Quarterly"
    HALF_YEARLY = 6, "Half-yearly"
    YEARLY = 12, "Yearly"


# The RAG statuses the app works out or an admin sets; the others (not started, complete, cancelled) are people's.
RAG_STATUSES = (Action.Status.ON_TRACK, Action.Status.AT_RISK, Action.Status.OFF_TRACK)
RAG_CHOICES = [(s, rag_text(s)) for s in RAG_STATUSES]  # "Amber: at risk": the word and what it means


class ByActionQuerySet(models.QuerySet):
    """Rows read through their plan action's rule (`Action.objects.visible_to`): `action_path` leads to it."""

    action_path = "action"

    def visible_to(self, user):
        return self.filter(**{f"{self.action_path}__in": Action.objects.visible_to(user)})


class MeasureQuerySet(ByActionQuerySet):
    pass


class Measure(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(
        "measure", max_length=200, help_text="What is counted, for example: Front-line staff trained in Prevent"
    )
    unit = models.CharField(max_length=40, blank=True, help_text="For example: people, referrals, %")
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    baseline_date = models.DateField("baseline date")
    target = models.DecimalField(max_digits=12, decimal_places=2)
    target_date = models.DateField("target date")
    amber_at = models.DecimalField(
        "amber threshold",
        max_digits=12,
        decimal_places=2,
        help_text="A result worse than this is amber: below it when higher is better, above it when lower is better",
    )
    red_at = models.DecimalField(
        "red threshold",
        max_digits=12,
        decimal_places=2,
        help_text="A result worse than this is red",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["action", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=F("baseline")),
                name="measure_target_differs_from_baseline",
                violation_error_message="The target must differ from the baseline.",
            ),
            models.CheckConstraint(
                condition=Q(direction="higher", red_at__lt=F("amber_at"))
                | Q(direction="lower", red_at__gt=F("amber_at")),
                name="measure_thresholds_in_order",
                violation_error_message="The red threshold must be worse than the amber threshold.",
            ),
            models.CheckConstraint(
                condition=Q(target_date__gte=F("baseline_date")),
                name="measure_target_date_after_baseline",
                violation_error_message="The target date must be on or after the baseline date.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_additional_data(self):
        """Kept with each audit entry, so a measure's history is found by its action after it is removed."""
        return {"action": self.action_id}

    @property
    def higher_is_better(self):
        return self.direction == Direction.HIGHER

    def rag_of(self, value):
        """The RAG status a result `value` gives: green at or better than the amber threshold, amber down to the red
        threshold, red beyond it."""
        value = Decimal(value)
        better = (lambda a, b: a >= b) if self.higher_is_better else (lambda a, b: a <= b)
        if better(value, self.amber_at):
            return Action.Status.ON_TRACK
        if better(value, self.red_at):
            return Action.Status.AT_RISK
        return Action.Status.OFF_TRACK


def evidence_upload_to(instance, filename):
    return f"measures/evidence/{instance.measure.action_id}/{filename}"


class MeasurementQuerySet(ByActionQuerySet):
    action_path = "measure__action"


class Measurement(models.Model):
    """A result: the value of a measure for a period, where it came from, and optional evidence (a checked file)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField("start of the period")
    period_end = models.DateField("end of the period")
    value = models.DecimalField("result", max_digits=12, decimal_places=2)
    source = models.CharField(max_length=200, help_text="Where the figure comes from, for example: training records")
    commentary = models.TextField(blank=True)
    evidence = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    evidence_name = models.CharField("evidence file name", max_length=255, blank=True)
    evidence_kind = models.CharField(max_length=10, blank=True)
    # The evidence file's own marking; the result is read at its action's level, raised by this one.
    marking = models.CharField(
        "evidence security marking", max_length=20, choices=Marking.choices, default=Marking.OFFICIAL
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="plan_measurements")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_end"],
                name="one_result_per_measure_period",
                violation_error_message="A result for this period has already been recorded.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="measurement_period_in_order",
                violation_error_message="The end of the period must be on or after its start.",
            ),
        ]
        indexes = [models.Index(fields=["measure", "-period_end"])]

    def __str__(self):
        unit = f" {self.measure.unit}" if self.measure.unit else ""
        value = f"{Decimal(self.value).normalize():f}{unit}"
        return f"{self.measure.title}: {value} for the period ending {date_format(self.period_end)}"

    @property
    def action(self):
        """The plan action this result belongs to: what it is read by (need to know, assurance evidence)."""
        return self.measure.action

    @property
    def rag(self):
        return self.measure.rag_of(self.value)

    def get_additional_data(self):
        return {"action": self.measure.action_id}


class MilestoneQuerySet(ByActionQuerySet):
    def missed(self, today=None):
        return self.filter(done_on__isnull=True, due_date__lt=today or timezone.localdate())


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("milestone", max_length=300)
    due_date = models.DateField("due date")
    done_on = models.DateField("done on", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["action", "due_date", "pk"]
        indexes = [models.Index(fields=["action", "done_on", "due_date"])]

    def __str__(self):
        return f"{self.title} (due {date_format(self.due_date)})"

    def get_additional_data(self):
        return {"action": self.action_id}

    def is_missed(self, today=None):
        return self.done_on is None and self.due_date < (today or timezone.localdate())


class TrackingQuerySet(ByActionQuerySet):
    pass


class Tracking(models.Model):
    """How an action is tracked beyond its own fields: the action it is part of, how often it reports, what people
    last entered as its status and percent (the app works the shown ones out from measures, milestones and
    sub-actions), and an admin's override of the worked-out RAG, with the reason."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="tracking")
    parent = models.ForeignKey(
        Action,
        verbose_name="part of",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sub_action_tracking",
    )
    reporting_period = models.PositiveSmallIntegerField(
        choices=ReportingPeriod.choices,
        default=ReportingPeriod.QUARTERLY,
        help_text="With no progress update or result for longer than this, the action is flagged",
    )
    entered_status = models.CharField(max_length=12, choices=Action.Status.choices)
    entered_percent = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(100)])
    override_status = models.CharField("RAG set by an admin", max_length=12, choices=RAG_CHOICES, blank=True)
    override_reason = models.TextField("why", blank=True)
    overridden_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    overridden_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TrackingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("action")),
                name="tracking_not_part_of_itself",
                violation_error_message="An action cannot be part of itself.",
            ),
            models.CheckConstraint(
                condition=Q(override_status="") | ~Q(override_reason=""),
                name="tracking_override_has_reason",
                violation_error_message="Say why the RAG is set by hand.",
            ),
        ]

    def __str__(self):
        return f"Tracking of {self.action}"

    def get_additional_data(self):
        return {"action": self.action_id}


class StatusPercent(models.Model):
    """The usual percent complete of a status (as Decidim's statuses have): what an update giving the status and no
    percent, or an imported action with none, takes."""

    status = models.CharField(max_length=12, choices=Action.Status.choices, unique=True)
    percent = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(100)])

    objects = models.Manager()

    class Meta:
        ordering = ["status"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="status_percent_at_most_100", violation_error_message="At most 100."
            ),
            models.CheckConstraint(
                condition=~Q(status="complete") | Q(percent=100),
                name="complete_status_percent_is_100",
                violation_error_message="Complete is always 100%%.",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.percent}%"


def highlight_upload_to(instance, filename):
    return f"generated/measures/{filename}"


class HighlightReport(RenderedPdf):
    """The quarterly highlight report of a plan for the board (its exceptions only), rendered by a worker; one row per
    plan, the last request wins."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="highlight_report")
    file = models.FileField(upload_to=highlight_upload_to, max_length=300, blank=True)

    class Meta:
        verbose_name = "highlight report PDF"

    def __str__(self):
        return self.filename or f"Highlight report of {self.plan}"
