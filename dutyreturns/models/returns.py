"""Partner returns: per organisation per period, a named Prevent lead, training per product, sector questions.

Totals only, never records about people. Training products and sector questions are data admins edit (a new course
or a new regulator's question is a row, not a release).
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from common import need_to_know
from members.models import Organisation, Person, Sector, User

from .. import policy


class TrainingProduct(models.Model):
    name = models.CharField(max_length=200, unique=True)
    provider = models.CharField(max_length=200, blank=True)
    # Staff stay "in date" this long after completing it (e.g. 24: refreshed every two years).
    refresher_months = models.PositiveSmallIntegerField(default=24)
    # Sectors asked about it; empty: every sector.
    sectors = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def applies_to(self, sector):
        return not self.sectors or sector in self.sectors


class SectorQuestion(models.Model):
    sector = models.CharField(max_length=40, choices=Sector.choices)
    text = models.CharField(max_length=300)
    is_count = models.BooleanField("answered with a number", default=True)
    # A count of people (referrals, welfare cases): shown as "<5" when 1 to 4, everywhere but its entry form.
    describes_people = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sector", "order", "pk"]

    def __str__(self):
        return self.text


class ReturnPeriod(models.Model):
    """A period returns are asked for (a quarter or a year); also the round of the return requests."""

    label = models.CharField(max_length=100, unique=True)
    start = models.DateField()
    end = models.DateField()
    due = models.DateField(help_text="Returns for the period are due by this date.")

    class Meta:
        ordering = ["-start", "-end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="return_period_ends_after_start"),
            models.CheckConstraint(condition=Q(due__gte=F("end")), name="return_period_due_after_end"),
            models.UniqueConstraint(fields=["start", "end"], name="one_return_period_per_dates"),
        ]

    def __str__(self):
        return self.label

    @property
    def has_started(self):
        return self.start <= timezone.localdate()


class PartnerReturnQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins read every return; a partner their own organisation's (the row in `policy`); the public none."""
        audience = need_to_know.role(user)
        if need_to_know.shown(policy.PARTNER_RETURNS, audience):
            return self.all()
        member = need_to_know.member_of(user)
        if member is not None and member.organisation_id and need_to_know.shown(policy.PARTNER_RETURNS, policy.OWN):
            return self.filter(organisation_id=member.organisation_id)
        return self.none()


class PartnerReturn(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="duty_returns")
    period = models.ForeignKey(ReturnPeriod, on_delete=models.PROTECT, related_name="returns")
    prevent_lead = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="Prevent lead"
    )
    notes = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # By the emailed link: who it was sent to (no sign-in, so no user).
    submitted_by_name = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PartnerReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-period__start", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period"], name="one_partner_return_per_period"),
        ]

    def __str__(self):
        return f"{self.organisation}, {self.period}"

    @property
    def is_late(self):
        return timezone.localdate(self.submitted_at) > self.period.due


class TrainingLine(models.Model):
    partner_return = models.ForeignKey(PartnerReturn, on_delete=models.CASCADE, related_name="training")
    product = models.ForeignKey(TrainingProduct, on_delete=models.PROTECT, related_name="+")
    in_scope = models.PositiveIntegerField("staff in scope")
    completions = models.PositiveIntegerField("completions in the period")
    in_date = models.PositiveIntegerField("staff in date")

    class Meta:
        ordering = ["product__order", "product__name"]
        constraints = [
            models.UniqueConstraint(fields=["partner_return", "product"], name="one_training_line_per_product"),
            models.CheckConstraint(condition=Q(completions__lte=F("in_scope")), name="completions_within_scope"),
            models.CheckConstraint(condition=Q(in_date__lte=F("in_scope")), name="in_date_within_scope"),
        ]

    def __str__(self):
        return f"{self.product}: {self.in_date} of {self.in_scope} in date"

    @property
    def coverage(self):
        return None if not self.in_scope else self.in_date / self.in_scope


class SectorAnswer(models.Model):
    partner_return = models.ForeignKey(PartnerReturn, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SectorQuestion, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner_return", "question"], name="one_answer_per_question")]

    def __str__(self):
        return str(self.question)
