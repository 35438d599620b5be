from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import need_to_know

from . import policy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # People type their address in any case; store and match it case-insensitively.
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A login. Council admins manage everything; partners see what their organisation may see."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Council admin")
        PARTNER = "partner", _("Partner")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTNER)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique")]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_council_admin(self):
        return self.is_active and self.role == self.Role.ADMIN

    @property
    def is_partner(self):
        return self.is_active and self.role == self.Role.PARTNER

    @property
    def member(self):
        """The active membership record linked to this login, if any."""
        person = getattr(self, "person", None)
        return person if person is not None and person.status == Person.Status.ACTIVE else None

    @property
    def organisation(self):
        member = self.member
        return member.organisation if member else None


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    NHS_TRUST = "nhs_trust", _("NHS trust")
    ICB = "icb", _("Integrated care board / CCG")
    POLICE = "police", _("Police")
    PRIMARY_SCHOOL = "primary_school", _("Primary school")
    SECONDARY_SCHOOL = "secondary_school", _("Secondary school")
    SPECIAL_SCHOOL = "special_school", _("Special school")
    FURTHER_EDUCATION = "further_education", _("Further education")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    PROBATION = "probation", _("Probation")
    YOUTH_JUSTICE = "youth_justice", _("Youth justice")
    VOLUNTARY_COMMUNITY = "voluntary_community", _("Voluntary and community")
    FAITH = "faith", _("Faith organisation")
    OTHER = "other", _("Other")

    @classmethod
    def statutory(cls):
        """Sectors named in the Prevent duty (Counter-Terrorism and Security Act 2015, Schedule 6)."""
        return [
            cls.LOCAL_AUTHORITY,
            cls.NHS_TRUST,
            cls.ICB,
            cls.POLICE,
            cls.PRIMARY_SCHOOL,
            cls.SECONDARY_SCHOOL,
            cls.SPECIAL_SCHOOL,
            cls.FURTHER_EDUCATION,
            cls.HIGHER_EDUCATION,
            cls.PROBATION,
        ]


class OrganisationQuerySet(models.QuerySet):
    def members(self):
        return self.filter(status=Organisation.Status.ACTIVE)

    def visible_to(self, user):
        """Organisations are public facts: everyone may see the current member organisations; admins see all."""
        if need_to_know.is_admin(user):
            return self.all()
        return self.members()


class Organisation(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=40, choices=Sector.choices)
    has_prevent_duty = models.BooleanField(
        _("carries the statutory Prevent duty"),
        help_text=_("Defaults from the sector; change it where the organisation differs."),
    )
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    date_joined = models.DateField(default=timezone.localdate)
    date_left = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_left__isnull=True) | Q(date_left__gte=models.F("date_joined")),
                name="organisation_left_after_joined",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_ended(self):
        """It has left the partnership; its record stays."""
        return self.status == self.Status.LEFT

    @staticmethod
    def default_prevent_duty(sector):
        return sector in Sector.statutory()

    def clean(self):
        if self.date_left and self.date_joined and self.date_left < self.date_joined:
            raise ValidationError({"date_left": _("The date it left must be on or after the date it joined.")})


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Person.Status.ACTIVE)

    def representing(self, on=None):
        """People who currently speak for their organisation: active, in a representing role, term not ended."""
        on = on or timezone.localdate()
        return (
            self.active()
            .filter(role__in=Person.REPRESENTING_ROLES)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
        )

    def visible_to(self, user):
        """Admins see everyone; partners see current members of member organisations (the directory); others none."""
        reader = need_to_know.role(user)
        if reader == need_to_know.ADMIN:
            return self.all()
        if need_to_know.shown(policy.CONTACT_DETAILS, reader):
            return self.active().filter(organisation__status=Organisation.Status.ACTIVE)
        return self.none()


class Person(models.Model):
    """A member of the partnership: a representative of an organisation or an individual."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        SECRETARY = "secretary", _("Secretary")
        REPRESENTATIVE = "representative", _("Representative")
        DEPUTY = "deputy", _("Deputy")
        ADVISER = "adviser", _("Adviser")
        OBSERVER = "observer", _("Observer")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Active")
        FORMER = "former", _("Former")

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.REPRESENTATIVE)
    deputy_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="deputies")
    term_start = models.DateField(default=timezone.localdate)
    term_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="person")
    # Set when retention replaced this former member's personal details with an anonymous label.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PersonQuerySet.as_manager()

    # Roles that speak for an organisation; advisers and observers do not cover a statutory duty.
    REPRESENTING_ROLES = [Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY, Role.REPRESENTATIVE, Role.DEPUTY]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="person_term_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="chair", status="active"),
                name="one_active_chair",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "role"]),
            models.Index(Lower("email"), name="person_email_ci"),
            # The people list pages through everyone by name.
            models.Index(fields=["name", "id"], name="person_name_order"),
        ]

    def __str__(self):
        return self.name

    @property
    def can_sign_in(self):
        """Has a login that works: emails may send them to pages behind the sign-in (select `user` when listing)."""
        return self.user_id is not None and self.user.is_active

    def clean(self):
        errors = {}
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = "The end of the term must be on or after its start."
        if self.role == self.Role.DEPUTY:
            if self.deputy_for_id is None:
                errors["deputy_for"] = "Choose the representative this person is a deputy for."
            elif self.deputy_for_id == self.pk:
                errors["deputy_for"] = "A person cannot be their own deputy."
            elif self.deputy_for.organisation_id != self.organisation_id:
                errors["deputy_for"] = (
                    f"{self.deputy_for.name} is at {self.deputy_for.organisation or 'no organisation'}: "
                    "a deputy must be from the same organisation as the representative they stand in for."
                )
        elif self.deputy_for_id is not None:
            errors["deputy_for"] = (
                "Only a deputy stands in for a named representative: choose the role Deputy or clear this."
            )
        if self.email and self.status == self.Status.ACTIVE:
            twin = Person.objects.active().filter(email__iexact=self.email).exclude(pk=self.pk).first()
            if twin is not None:
                errors["email"] = f"{self.email} already belongs to a current member, {twin.name}."
        if self.role == self.Role.CHAIR and self.status == self.Status.ACTIVE:
            chair = Person.objects.filter(role=self.Role.CHAIR, status=self.Status.ACTIVE).exclude(pk=self.pk).first()
            if chair is not None:
                errors["role"] = (
                    f"{chair.name} is already the chair. End their membership or change their role first: "
                    "the partnership has one chair."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self):
        return self.status == self.Status.ACTIVE and (self.term_end is None or self.term_end >= timezone.localdate())

    @property
    def has_ended(self):
        """A former member: the membership has ended; the record and its history stay."""
        return self.status == self.Status.FORMER


class LinkedBody(models.Model):
    """A board or partnership the Prevent Partnership has a formal link with, e.g. one it reports to."""

    class Relationship(models.TextChoices):
        REPORTS_TO = "reports_to", _("The partnership reports to it")
        REPORTS_FROM = "reports_from", _("It reports to the partnership")
        PEER = "peer", _("Works alongside the partnership")

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("Every quarter")
        TWICE_YEARLY = "twice_yearly", _("Twice a year")
        ANNUALLY = "annually", _("Once a year")
        AS_NEEDED = "as_needed", _("When needed")

    name = models.CharField(max_length=200, unique=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices, default=Relationship.REPORTS_TO)
    reporting_frequency = models.CharField(
        _("how often the partnership reports to it"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.ANNUALLY,
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(_("current link"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = models.Manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "linked bodies"

    def __str__(self):
        return self.name


class TermsOfReferenceQuerySet(models.QuerySet):
    def current(self):
        """The version in force: the most recently approved one."""
        return self.order_by("-approved_on", "-number").first()


class TermsOfReference(models.Model):
    """One approved version of the Terms of Reference. Published versions are never edited: a change is a new one."""

    number = models.PositiveIntegerField(_("version number"), unique=True)
    body = models.TextField(help_text=_("Markdown: ## for headings, * for bullet points, [text](address) for links."))
    approved_on = models.DateField(_("date approved"))
    approved_by = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("For example, the meeting that agreed it: Partnership meeting, 12 March."),
    )
    next_review = models.DateField(_("next review date"))
    summary_of_changes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = TermsOfReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = "Terms of Reference version"
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review__gt=models.F("approved_on")), name="tor_review_after_approval"
            ),
        ]

    def __str__(self):
        return f"Terms of Reference, version {self.number}"

    def clean(self):
        if self.approved_on and self.next_review and self.next_review <= self.approved_on:
            raise ValidationError({"next_review": _("The next review date must be after the date approved.")})

    @property
    def review_overdue(self):
        return self.next_review < timezone.localdate()

    @property
    def replaced_by(self):
        """The version that followed this one (None for the version in force): its approval replaced this one."""
        return (
            TermsOfReference.objects.filter(approved_on__gte=self.approved_on, number__gt=self.number)
            .order_by("approved_on", "number")
            .first()
        )


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)

    def visible_to(self, user):
        return self.all() if need_to_know.shown(policy.JOIN_REQUESTS, need_to_know.role(user)) else self.none()


class JoinRequest(models.Model):
    """An application to join from the public form. Approval creates the member; nothing is deleted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("On behalf of an organisation")
        INDIVIDUAL = "individual", _("As an individual")

    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    kind = models.CharField(_("joining"), max_length=20, choices=Kind.choices)
    organisation_name = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=40, choices=Sector.choices, blank=True)
    reason = models.TextField(_("why you want to join"))
    consent = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decline_reason = models.TextField(blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="join_requests")
    # Set when each email is claimed for sending, so a retried task never sends twice.
    receipt_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=Q(status="pending"), name="one_pending_request_per_email"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display().lower()})"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
