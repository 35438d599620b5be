"""The local risk assessment: a register of risks the partnership assessed together from the police's Counter
Terrorism Local Profile (CTLP), local data and partners' insight, each linked to the plan actions that answer it; and
the outside recommendations (CTLP recommendations, national reviews, the Home Office's assurance letter) tracked beside
it.

An assessment is agreed at a meeting and then never changes: a new version is made instead, copying its risks, and
agreeing the new version supersedes the old. The rules every write keeps are checked in `services` with messages
naming the field, and the simplest of them again by the database.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Action
from assurance.models import Criterion
from common import need_to_know
from common.rendered import RenderedPdf
from meetings.models import AgendaItem, Marking, Meeting
from members.models import Organisation, Person

from . import policy

SCALE = [MinValueValidator(1), MaxValueValidator(5)]

# Score bands (likelihood x impact, 1 to 25): the word is always shown beside the colour.
BANDS = (
    ("low", _("Low"), 1, 4),
    ("medium", _("Medium"), 5, 9),
    ("high", _("High"), 10, 16),
    ("very_high", _("Very high"), 17, 25),
)


def band_of(score):
    for key, label, low, high in BANDS:
        if low <= score <= high:
            return key, label
    raise ValueError(f"No band for a score of {score}")


def band_range(key):
    for band, _label, low, high in BANDS:
        if band == key:
            return low, high
    return None


class Theme(models.Model):
    """A theme a risk is filed under, kept as data so a new list from the Home Office is a data change, not a code
    change. Ideology themes follow the Home Office's type-of-concern categories (including no ideology and a
    fixation on violence)."""

    class Kind(models.TextChoices):
        IDEOLOGY = "ideology", _("Type of concern")
        SECTOR = "sector", _("Sector")
        PLACE = "place", _("Place")
        ONLINE = "online", _("Online")
        OTHER = "other", _("Other")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=120, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_current = models.BooleanField(default=True, help_text=_("Offered for new risks"))

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins see every version; partners agreed and superseded ones (as themes and counts, with the risks they
        own in full); the public none (see `published`)."""
        reader = need_to_know.role(user)
        if reader == need_to_know.ADMIN:
            return self
        if need_to_know.shown(policy.REGISTER_SUMMARY, reader):
            return self.exclude(status=RiskAssessment.Status.DRAFT)
        return self.none()

    def published(self):
        return self.filter(status=RiskAssessment.Status.AGREED, summary_published=True)


class RiskAssessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        SUPERSEDED = "superseded", _("Superseded")

    period_label = models.CharField(
        _("period"),
        max_length=7,
        validators=[RegexValidator(r"^\d{4}/\d{2}$", _("Enter the period like 2026/27."))],
        help_text=_("For example, 2026/27"),
    )
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    number = models.PositiveIntegerField(_("version"), default=1, editable=False)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version", editable=False
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False)
    marking = models.CharField(
        _("security marking"), max_length=20, choices=Marking.choices, default=Marking.OFFICIAL_SENSITIVE
    )
    agreed_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="agreed_risk_assessments"
    )
    agreed_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="agreed_risk_assessments"
    )
    agreed_on = models.DateField(null=True, blank=True)
    summary_published = models.BooleanField(default=False, editable=False)
    public_summary = models.TextField(
        blank=True, help_text=_("What the public may read beside the themes and counts. Never a risk's words.")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["period_label", "number"], name="unique_risk_assessment_version"),
            models.UniqueConstraint(
                fields=["period_label"], condition=Q(status="agreed"), name="one_agreed_risk_assessment_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="risk_assessment_ends_after_start",
                violation_error_message="The period must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(agreed_at_meeting__isnull=False),
                name="agreed_risk_assessment_has_meeting",
            ),
        ]

    def __str__(self):
        return f"Local risk assessment {self.period_label}, version {self.number}"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT


class RiskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins every risk; a partner the risks of agreed and superseded assessments that their organisation owns or
        that a plan action their organisation leads answers (`policy.RISK_OWNER`); nobody else any."""
        reader = need_to_know.role(user)
        if reader == need_to_know.ADMIN:
            return self
        member = need_to_know.member_of(user)
        if member is None or not need_to_know.shown(policy.RISKS, policy.RISK_OWNER):
            return self.none()
        return self.exclude(assessment__status=RiskAssessment.Status.DRAFT).filter(owned_by_q(member.organisation_id))

    def open(self):
        return self.exclude(status=Risk.Status.CLOSED)

    def past_review(self, today=None):
        return self.open().filter(review_date__lt=today or timezone.localdate())


def owned_by_q(organisation_id, prefix=""):
    """Risks (at `prefix`) an organisation owns or answers with a plan action it leads."""
    leads = Action.objects.filter(risks=OuterRef(f"{prefix}pk"), lead_organisation_id=organisation_id)
    return Q(**{f"{prefix}owner_organisation_id": organisation_id}) | Q(Exists(leads))


class Risk(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TOLERATED = "tolerated", _("Tolerated")
        CLOSED = "closed", _("Closed")

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="risks", editable=False)
    reference = models.CharField(max_length=10, help_text=_("For example, R3"))
    title = models.CharField(
        max_length=200, help_text=_("A short title that is safe at OFFICIAL. Never words from the CTLP.")
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="risks")
    from_local_data = models.BooleanField(_("local data"), default=False)
    from_partner_insight = models.BooleanField(_("partner insight"), default=False)
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="owned_risks")
    owner_officer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_risks"
    )
    inherent_likelihood = models.PositiveSmallIntegerField(_("inherent likelihood"), validators=SCALE)
    inherent_impact = models.PositiveSmallIntegerField(_("inherent impact"), validators=SCALE)
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"), validators=SCALE)
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"), validators=SCALE)
    residual_reason = models.TextField(
        _("why the residual risk is higher"),
        blank=True,
        help_text=_("Only when the residual score is above the inherent"),
    )
    controls = models.TextField(blank=True, help_text=_("What is in place already that reduces the risk"))
    review_date = models.DateField(_("review date"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.TextField(
        _("why it is closed while actions are open"),
        blank=True,
        help_text=_("Only when closing a risk whose linked plan actions are still open"),
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="risks", verbose_name=_("plan actions"))
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="risks", verbose_name=_("assurance criteria"))
    # The same risk in the version it was copied from, and the first version's risk (reminders follow it).
    origin = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    first = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "reference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "reference"], name="unique_risk_reference"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"risk_{name}_1_to_5",
                    violation_error_message="Scores are from 1 to 5.",
                )
                for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
            ],
        ]
        indexes = [models.Index(fields=["assessment", "status", "review_date"])]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_additional_data(self):
        """Kept with each audit entry, so a risk's history is found by its first version across assessments."""
        return {"assessment": self.assessment_id, "first": self.lineage_id}

    @property
    def lineage_id(self):
        return self.first_id or self.pk

    @property
    def inherent_score(self):
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self):
        return self.residual_likelihood * self.residual_impact

    @property
    def inherent_band(self):
        return band_of(self.inherent_score)

    @property
    def residual_band(self):
        return band_of(self.residual_score)

    @property
    def is_past_review(self):
        return self.status != self.Status.CLOSED and self.review_date < timezone.localdate()


class RecommendationSource(models.Model):
    """Where outside recommendations come from: the CTLP, a national review or inquiry, the Home Office's annual
    assurance letter, a peer review."""

    class Kind(models.TextChoices):
        CTLP = "ctlp", _("Counter Terrorism Local Profile (CTLP)")
        REVIEW = "review", _("National review")
        INQUIRY = "inquiry", _("Inquiry")
        ASSURANCE_LETTER = "assurance_letter", _("Home Office assurance letter")
        PEER_REVIEW = "peer_review", _("Peer review")
        OTHER = "other", _("Other")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200, unique=True, help_text=_("For example, Lessons for Prevent (July 2025)"))
    issued_on = models.DateField(_("date issued"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-issued_on", "name"]

    def __str__(self):
        return self.name

    @property
    def is_assurance_letter(self):
        return self.kind == self.Kind.ASSURANCE_LETTER


class LetterRating(models.TextChoices):
    """How the Home Office's assurance letter rates a criterion."""

    NOT_MET = "not_met", _("Not met")
    PARTLY_MET = "partly_met", _("Partly met")
    MET = "met", _("Met")
    EXCEEDING = "exceeding", _("Exceeding")


UNMET_RATINGS = (LetterRating.NOT_MET, LetterRating.PARTLY_MET)


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins every recommendation; partners OFFICIAL ones (partners answer them together); the public none."""
        reader = need_to_know.role(user)
        return self.filter(need_to_know.allowed_q(policy.RECOMMENDATIONS, reader, confidential_field=False))

    def with_neither(self):
        """Open recommendations answered by neither a risk nor a plan action (a CTLP one also counts an action under a
        plan priority citing its reference); one met, or rated met or exceeding, needs no answer."""
        by_priority = Action.objects.filter(
            priority__ctlp_reference__iexact=OuterRef("reference"), priority__source="ctlp"
        )
        return (
            self.exclude(status__in=[Recommendation.Status.MET, Recommendation.Status.CLOSED])
            .exclude(rating__in=[LetterRating.MET, LetterRating.EXCEEDING])
            .filter(~Exists(Risk.objects.filter(recommendations=OuterRef("pk"))))
            .filter(~Exists(Action.objects.filter(recommendations=OuterRef("pk"))))
            .exclude(Q(source__kind=RecommendationSource.Kind.CTLP) & Exists(by_priority))
        )

    def unmet_without_action(self):
        return self.filter(source__kind=RecommendationSource.Kind.ASSURANCE_LETTER, rating__in=UNMET_RATINGS).filter(
            ~Exists(Action.objects.filter(recommendations=OuterRef("pk")))
        )


class Recommendation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        CLOSED = "closed", _("Closed")

    source = models.ForeignKey(RecommendationSource, on_delete=models.PROTECT, related_name="recommendations")
    reference = models.CharField(max_length=20, help_text=_("Its number in the source, for example R4 or 7"))
    local_wording = models.TextField(
        _("in our words"),
        help_text=_("A short summary in the partnership's own words, safe at its marking. Never a restricted text."),
    )
    marking = models.CharField(_("security marking"), max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="owned_recommendations"
    )
    owner_officer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_recommendations"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    rating = models.CharField(
        _("rating in the letter"),
        max_length=12,
        choices=LetterRating.choices,
        blank=True,
        help_text=_("Home Office assurance letter criteria only"),
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="recommendations", verbose_name=_("plan actions"))
    risks = models.ManyToManyField(Risk, blank=True, related_name="recommendations")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["source", "reference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="unique_recommendation_reference"),
        ]

    def __str__(self):
        return f"{self.source.name} {self.reference}"

    @property
    def is_unmet(self):
        return self.rating in UNMET_RATINGS


def register_upload_to(instance, filename):
    return f"risks/register/{instance.assessment_id}/{filename}"


class RegisterPdf(RenderedPdf):
    """The register of one assessment as a PDF, rendered by a worker; one row per assessment, the last request wins."""

    assessment = models.OneToOneField(RiskAssessment, on_delete=models.CASCADE, related_name="register_pdf")
    file = models.FileField(upload_to=register_upload_to, max_length=300, blank=True)

    class Meta:
        verbose_name = "risk register PDF"

    def __str__(self):
        return self.filename or f"Register of {self.assessment}"
