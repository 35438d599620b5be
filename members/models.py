from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords


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
        ADMIN = "admin", "Council admin"
        PARTNER = "partner", "Partner"

    username = None
    email = models.EmailField("email address", unique=True)
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
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS_TRUST = "nhs_trust", "NHS trust"
    ICB = "icb", "Integrated care board / CCG"
    POLICE = "police", "Police"
    PRIMARY_SCHOOL = "primary_school", "Primary school"
    SECONDARY_SCHOOL = "secondary_school", "Secondary school"
    SPECIAL_SCHOOL = "special_school", "Special school"
    FURTHER_EDUCATION = "further_education", "Further education"
    HIGHER_EDUCATION = "higher_education", "Higher education"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary and community"
    FAITH = "faith", "Faith organisation"
    OTHER = "other", "Other"

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


class Organisation(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LEFT = "left", "Left"

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=40, choices=Sector.choices)
    has_prevent_duty = models.BooleanField(
        "carries the statutory Prevent duty",
        help_text="Defaults from the sector; change it where the organisation differs.",
    )
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    date_joined = models.DateField(default=timezone.localdate)
    date_left = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

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


class Person(models.Model):
    """A member of the partnership: a representative of an organisation or an individual."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        SECRETARY = "secretary", "Secretary"
        REPRESENTATIVE = "representative", "Representative"
        DEPUTY = "deputy", "Deputy"
        ADVISER = "adviser", "Adviser"
        OBSERVER = "observer", "Observer"

    class Status(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        ACTIVE = "active", "Active"
        FORMER = "former", "Former"

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
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

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
        indexes = [models.Index(fields=["status", "role"]), models.Index(Lower("email"), name="person_email_ci")]

    def __str__(self):
        return self.name
