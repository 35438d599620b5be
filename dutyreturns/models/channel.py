"""The Channel panel and its quarterly figures: counts on the national categories, never case content.

The panel is a group of the meetings app (its meetings carry date, quorum and who attended, nothing else); which group
it is, is one row here. The categories are data (a new Home Office release's list is a data change).
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from meetings.models import Group
from members.models import User


class ChannelPanel(models.Model):
    """Which group of the meetings app is the Channel panel (one row)."""

    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+")
    singleton = models.BooleanField(default=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["singleton"], name="one_channel_panel")]

    def __str__(self):
        return str(self.group)


class Dimension(models.TextChoices):
    SECTOR = "sector", "Sector of referral"
    CONCERN = "concern", "Type of concern"
    AGE = "age", "Age band"


class ChannelCategory(models.Model):
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    label = models.CharField(max_length=200)
    release = models.CharField(max_length=100, blank=True, help_text="The Home Office release the list comes from.")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["dimension", "order", "label"]
        constraints = [models.UniqueConstraint(fields=["dimension", "label"], name="one_channel_category_label")]

    def __str__(self):
        return self.label


class ChannelQuarter(models.Model):
    """One quarter's figures, keyed in by the Channel chair from the national system."""

    year = models.PositiveSmallIntegerField(help_text="The financial year it starts in (2026 for 2026 to 2027).")
    quarter = models.PositiveSmallIntegerField(choices=[(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")])
    referrals = models.PositiveIntegerField("referrals received")
    discussed = models.PositiveIntegerField("discussed at panel")
    adopted = models.PositiveIntegerField("adopted as Channel cases")
    closed = models.PositiveIntegerField("cases closed")
    repeat_referrals = models.PositiveIntegerField("repeat referrals considered together", default=0)
    reviews_6_on_time = models.PositiveIntegerField("6-month reviews on time", default=0)
    reviews_6_due = models.PositiveIntegerField("6-month reviews due", default=0)
    reviews_12_on_time = models.PositiveIntegerField("12-month reviews on time", default=0)
    reviews_12_due = models.PositiveIntegerField("12-month reviews due", default=0)
    signposted = models.PositiveIntegerField("signposted to other local support", default=0)
    keyed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    keyed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_channel_quarter"),
            models.CheckConstraint(condition=Q(adopted__lte=F("discussed")), name="adopted_within_discussed"),
            models.CheckConstraint(condition=Q(discussed__lte=F("referrals")), name="discussed_within_referrals"),
            models.CheckConstraint(condition=Q(reviews_6_on_time__lte=F("reviews_6_due")), name="reviews_6_within_due"),
            models.CheckConstraint(
                condition=Q(reviews_12_on_time__lte=F("reviews_12_due")), name="reviews_12_within_due"
            ),
        ]

    def __str__(self):
        return f"{self.year} to {self.year + 1}, Q{self.quarter}"


class ChannelCount(models.Model):
    quarter = models.ForeignKey(ChannelQuarter, on_delete=models.CASCADE, related_name="counts")
    category = models.ForeignKey(ChannelCategory, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quarter", "category"], name="one_count_per_category")]

    def __str__(self):
        return f"{self.category}: {self.count}"
