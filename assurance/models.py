"""Prevent assurance: the annual self-assessment against the Prevent duty toolkit.

The toolkit is data (Framework → Area → Criterion), so a new Home Office wording is a new framework
version, never a code change. A cycle keeps the framework version it started with.
"""

from auditlog.registry import auditlog
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Action
from common import need_to_know
from common.rendered import RenderedPdf
from meetings.models import Marking
from members.models import User

from . import policy

SIGN_OFFS_NEEDED = 2
LOCKED_MESSAGE = (
    "This assessment has been signed off, so it cannot be changed. "
    "Make a correction (saying why) to change it; the signed-off version stays as it was."
)


class Framework(models.Model):
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40, help_text=_("For example, 2026"))
    is_current = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_current", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="unique_framework_version"),
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_framework"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.version})"

    @property
    def is_frozen(self):
        """A framework a signed-off assessment was rated against keeps its wording: revise it as a new version."""
        return self.cycles.filter(
            status__in=[AssessmentCycle.Status.SIGNED_OFF, AssessmentCycle.Status.SUPERSEDED]
        ).exists()


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(8)])
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="unique_area_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="criteria")
    number = models.CharField(max_length=10, help_text=_("For example, 1.2"))
    text = models.TextField()
    guidance = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["area__number", "order", "number"]
        verbose_name_plural = "criteria"
        constraints = [models.UniqueConstraint(fields=["area", "number"], name="unique_criterion_number")]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"


class CycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins see every cycle; partners a signed-off one; the public none (see `published`)."""
        reader = need_to_know.role(user)
        if reader == need_to_know.ADMIN:
            return self
        if need_to_know.shown(policy.CYCLES, reader):
            return self.filter(status=AssessmentCycle.Status.SIGNED_OFF)
        return self.none()

    def published(self):
        return self.filter(status=AssessmentCycle.Status.SIGNED_OFF, summary_published=True)


class AssessmentCycle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for sign-off")
        SIGNED_OFF = "signed_off", _("Signed off")
        SUPERSEDED = "superseded", _("Replaced by a correction")

    year_label = models.CharField(_("year"), max_length=7, help_text=_("For example, 2026/27"))
    number = models.PositiveIntegerField(_("version"), default=1)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="cycles")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    correction_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    summary_published = models.BooleanField(default=False)
    public_summary = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year_label", "-number"]
        constraints = [models.UniqueConstraint(fields=["year_label", "number"], name="unique_cycle_version")]

    def __str__(self):
        suffix = f", version {self.number}" if self.number > 1 else ""
        return f"Prevent assurance {self.year_label}{suffix}"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    @property
    def is_locked(self):
        return self.status in (self.Status.SIGNED_OFF, self.Status.SUPERSEDED)

    def refuse_unless_editable(self):
        if self.is_locked:
            raise ValidationError(LOCKED_MESSAGE)
        if self.status == self.Status.SUBMITTED:
            raise ValidationError(
                _("This assessment has been submitted for sign-off. Return it to draft to change it.")
            )


class Rating(models.TextChoices):
    """The Home Office's scale for Prevent assurance, up to "exceeding" (its annual assurance letter rates so)."""

    EXCEEDING = "exceeding", _("Exceeding")
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


GAP_RATINGS = (Rating.PARTLY_MET, Rating.NOT_MET)


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Assessment(models.Model):
    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="assessments")
    rating = models.CharField(max_length=16, choices=Rating.choices, blank=True)
    narrative = models.TextField(
        _("current position"), blank=True, help_text=_("Markdown: * for bullet points, [text](address) for links.")
    )
    not_applicable_reason = models.TextField(_("why it does not apply"), blank=True)
    confidence = models.CharField(max_length=6, choices=Confidence.choices, blank=True)
    improvement_action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="assurance_assessments"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion__area__number", "criterion__order", "criterion__number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "criterion"], name="one_assessment_per_criterion")]

    def __str__(self):
        return f"{self.criterion.number} ({self.cycle.year_label})"

    def get_additional_data(self):
        """Stored with each audit entry, so the cycle's change history finds its assessments."""
        return {"cycle": self.cycle_id}

    @staticmethod
    def rule_errors(*, rating, narrative, not_applicable_reason, confidence):
        """What is wrong with a rating as given: {field: message}, empty when it may be saved."""
        errors = {}
        if rating and not (narrative or "").strip():
            errors["narrative"] = "Describe the current position: a rating needs a narrative."
        if rating == Rating.NOT_APPLICABLE and not (not_applicable_reason or "").strip():
            errors["not_applicable_reason"] = "Say why this criterion does not apply."
        if rating and not confidence:
            errors["confidence"] = "Select how confident you are in this rating."
        return errors

    @property
    def is_complete(self):
        return bool(self.rating) and not self.rule_errors(
            rating=self.rating,
            narrative=self.narrative,
            not_applicable_reason=self.not_applicable_reason,
            confidence=self.confidence,
        )

    @property
    def is_gap(self):
        return self.rating in GAP_RATINGS


class SignOff(models.Model):
    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.CASCADE, related_name="sign_offs")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="assurance_sign_offs")
    name = models.CharField(max_length=200)
    role_title = models.CharField(
        _("role"), max_length=200, help_text=_("For example, Chair of the Prevent Partnership")
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="one_sign_off_per_person")]

    def __str__(self):
        return f"{self.name}, {self.role_title}"


# Records an assessment may cite. Each is read through its own visibility rule before linking.
EVIDENCE_MODELS = (
    "members.termsofreference",
    "meetings.meeting",
    "meetings.decision",
    "meetings.minutenote",
    "actionplans.actionplan",
    "actionplans.action",
    "actionplans.progressupdate",
    "actionplans.boardreport",
)


def evidence_upload_to(instance, filename):
    return f"assurance/evidence/{instance.assessment.cycle_id}/{filename}"


class EvidenceQuerySet(models.QuerySet):
    """Which evidence rows a reader sees is `selectors.evidence_for`'s: a document by its marking
    (`policy.EVIDENCE_DOCUMENTS`), a linked record by its own rule (`sources`)."""


class Evidence(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    document = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    marking = models.CharField(_("security marking"), max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    title = models.CharField(max_length=300)
    # Figures the app computes rather than a record it holds (membership coverage, attendance), kept as
    # they stood when proposed: the title says what they were and on which date.
    is_snapshot = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "created_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__isnull=False, object_id__isnull=False)
                | ~models.Q(document="")
                | models.Q(is_snapshot=True),
                name="evidence_is_a_record_document_or_snapshot",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.title

    def get_additional_data(self):
        return {"cycle": self.assessment.cycle_id}


def return_upload_to(instance, filename):
    return f"generated/assurance/{filename}"


class ReturnPdf(RenderedPdf):
    """The PDF return of a cycle, rendered by a worker; one row per cycle, the last request wins."""

    cycle = models.OneToOneField(AssessmentCycle, on_delete=models.CASCADE, related_name="pdf")
    file = models.FileField(upload_to=return_upload_to, max_length=300, blank=True)

    class Meta:
        verbose_name = "assurance return PDF"

    def __str__(self):
        return self.filename or f"PDF of {self.cycle}"


for _model in (Framework, Area, Criterion, AssessmentCycle, Assessment, SignOff, Evidence):
    auditlog.register(_model)
