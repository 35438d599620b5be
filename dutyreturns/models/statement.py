"""The annual Channel assurance statement, the referral pathway page and information-sharing agreements."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from members.models import Organisation, User


class ControlArea(models.Model):
    """An area of the Home Office's Channel assurance template (data: admins edit the list)."""

    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class Rating(models.TextChoices):
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class AssuranceStatement(models.Model):
    year = models.PositiveSmallIntegerField(unique=True, help_text="The financial year it starts in.")
    summary = models.TextField(blank=True)
    signed_by_name = models.CharField("chief officer", max_length=200, blank=True)
    signed_by_role = models.CharField("chief officer's role", max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | ~Q(signed_by_name=""), name="statement_signed_by_someone"
            )
        ]

    def __str__(self):
        return f"Channel assurance statement {self.year} to {self.year + 1}"

    @property
    def is_signed(self):
        return self.signed_at is not None


class StatementRating(models.Model):
    statement = models.ForeignKey(AssuranceStatement, on_delete=models.CASCADE, related_name="ratings")
    area = models.ForeignKey(ControlArea, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=30, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["area__order", "area__title"]
        constraints = [models.UniqueConstraint(fields=["statement", "area"], name="one_rating_per_area")]

    def __str__(self):
        return f"{self.area}: {self.get_rating_display() or 'not rated'}"


class ReferralPathway(models.Model):
    """A version of the public page on how to raise a concern locally; the newest published one is shown."""

    number = models.PositiveIntegerField(unique=True)
    body = models.TextField()
    review_date = models.DateField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"Referral pathway, version {self.number}"


class SharingAgreementQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(signed_date__lte=on, review_date__gte=on)


class SharingAgreement(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sharing_agreements")
    title = models.CharField(max_length=200)
    parties = models.TextField(help_text="Every organisation party to it, one a line.")
    legal_basis = models.CharField(max_length=300)
    scope = models.TextField()
    signed_date = models.DateField()
    review_date = models.DateField()
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SharingAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "-signed_date"]
        constraints = [
            models.CheckConstraint(condition=Q(review_date__gt=F("signed_date")), name="agreement_review_after_signing")
        ]

    def __str__(self):
        return self.title
