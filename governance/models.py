"""Declarations of interest, the decision register's status of each decision, and decisions between meetings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from common import need_to_know
from common.need_to_know import allowed_q, is_admin, member_of
from meetings.models import AgendaItem, Decision, Group, Marking, Meeting, MeetingAction
from meetings.policy import MeetingScopedQuerySet
from members.models import Organisation, Person

from . import policy

# Interests ---------------------------------------------------------------------------------------


class RegisterQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if need_to_know.shown(policy.INTERESTS, need_to_know.role(user)) else self.none()


class InterestQuerySet(RegisterQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class Interest(models.Model):
    """One entry in a member's register of interests."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", "Employment, office or trade"
        DIRECTORSHIP = "directorship", "Directorship"
        MEMBERSHIP = "membership", "Membership of a body"
        GIFT = "gift", "Gift or hospitality above the threshold"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.CharField(
        "organisation or body", max_length=200, help_text="The employer, company, body or giver, by name."
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="If the body is a member organisation, choose it: agenda items about it prompt you to declare.",
    )  # fmt: skip
    description = models.TextField(blank=True)
    starts_on = models.DateField("from")
    ends_on = models.DateField("to", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="interest_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.body}"


class ConfirmationRound(models.Model):
    """The year's asking: an admin asks every member to confirm their register (the outbox's sweep then emails each
    member once); until then nobody is emailed."""

    year = models.PositiveIntegerField(unique=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return f"Register confirmations asked for {self.year}"


class InterestConfirmation(models.Model):
    """A member's word that their register is complete, once a year."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interest_confirmations")
    year = models.PositiveIntegerField()
    confirmed_at = models.DateTimeField(default=timezone.now)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "person__name"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_interest_confirmation_a_year")]

    def __str__(self):
        return f"{self.person} confirmed {self.year}"


# Declarations at meetings ------------------------------------------------------------------------


class DeclarationQuerySet(MeetingScopedQuerySet):
    meeting_field = "item__meeting"
    content = policy.DECLARATIONS

    def visible_to(self, user, meeting=None):
        if not is_admin(user) and member_of(user) is None:
            return self.none()
        return super().visible_to(user, meeting)


class Declaration(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    interest = models.ForeignKey(
        Interest, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    text = models.TextField("interest declared", blank=True)
    withdrew = models.BooleanField("withdrew from the item", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["item__position", "person__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interest__isnull=False) | ~Q(text=""), name="declaration_names_its_interest"
            ),
        ]

    def __str__(self):
        return f"{self.person} on {self.item}"

    @property
    def words(self):
        return self.text or str(self.interest)


# The decision register -----------------------------------------------------------------------------


class DecisionStatus(models.Model):
    """Where a decision of the minutes stands since: made (no row), implemented, or superseded by a later one."""

    class Status(models.TextChoices):
        MADE = "made", "Made"
        IMPLEMENTED = "implemented", "Implemented"
        SUPERSEDED = "superseded", "Superseded"

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="register_status")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MADE)
    superseded_by = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    actions = models.ManyToManyField(MeetingAction, blank=True, related_name="decisions_arising")
    changed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = models.Manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="superseded", superseded_by__isnull=False)
                | ~Q(status="superseded") & Q(superseded_by__isnull=True),
                name="superseded_names_its_successor",
            ),
            models.CheckConstraint(condition=~Q(superseded_by=F("decision")), name="not_superseded_by_itself"),
        ]

    def __str__(self):
        return f"{self.decision}: {self.get_status_display()}"


# Decisions between meetings --------------------------------------------------------------------------


class MotionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_admin(user):
            return self
        member = member_of(user)
        if member is None:
            return self.filter(allowed_q(policy.MOTIONS, need_to_know.PUBLIC, confidential_field=False))
        own = Q(votes__person=member) | Q(votes__person__deputies=member)
        return self.filter(allowed_q(policy.MOTIONS, need_to_know.PARTNER, confidential_field=False) | own).distinct()

    def filed(self):
        """Those the decision register lists: closed with an outcome."""
        return self.filter(status=Motion.Status.CLOSED).exclude(outcome=Motion.Outcome.REFERRED)


class Motion(models.Model):
    """A decision put to the members in writing between meetings, and what they decided."""

    class Status(models.TextChoices):
        OPEN = "open", "Open for votes"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        CARRIED = "carried", "Carried"
        LOST = "lost", "Not carried"
        REFERRED = "referred", "Referred to the next meeting"

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="motions")
    title = models.CharField(max_length=200)
    text = models.TextField("the decision proposed")
    reasons = models.TextField("reasons for the decision")
    alternatives = models.TextField("alternatives considered and rejected", blank=True)
    interests_declared = models.TextField("interests declared", blank=True)
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    paper = models.FileField(upload_to="motions/%Y/%m", blank=True, max_length=300)
    paper_filename = models.CharField(max_length=255, blank=True)
    closes_at = models.DateTimeField("voting closes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    ratify_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="motions_to_ratify"
    )
    ratified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MotionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", outcome="") | Q(status="closed") & ~Q(outcome=""),
                name="closed_motion_has_outcome",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Vote(models.Model):
    """One member asked to vote on a motion, and their vote once cast (by them or their deputy)."""

    class Choice(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"
        ABSTAIN = "abstain", "Abstain"
        WAIT = "wait", "Wait for the meeting"

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="motion_votes")
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)
    cast_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField(null=True, blank=True)
    via = models.CharField(max_length=10, blank=True)

    objects = models.Manager()

    class Meta:
        ordering = ["motion", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="one_vote_per_member"),
            models.CheckConstraint(
                condition=Q(choice="", cast_at__isnull=True) | ~Q(choice="") & Q(cast_at__isnull=False),
                name="vote_cast_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.person} on {self.motion}"
