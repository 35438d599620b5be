"""Ways of signing in beyond the password: links to a single sign-on provider, and second-factor recoveries."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ProviderLink(models.Model):
    """A login's account at an OpenID Connect provider, known by the provider's stable subject (`iss`, `sub`).

    Made the first time the person signs in there with a verified email that matches a current login; after that the
    subject alone finds the login, whatever the email says."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_links")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    email = models.EmailField("email when linked")
    linked_at = models.DateTimeField(auto_now_add=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="provider_link_one_login_per_subject"),
            models.UniqueConstraint(fields=["user", "issuer"], name="provider_link_one_subject_per_login"),
        ]

    def __str__(self):
        return f"{self.user} at {self.issuer}"


class FactorRecovery(models.Model):
    """An admin who lost every second factor asks for them to be reset; another admin must approve it.

    Asked for after the password (or single sign-on) alone; approving removes the asker's authenticator app, backup
    codes and passkeys, so their next sign-in sets up new ones."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for another admin"
        APPROVED = "approved", "Approved"
        CANCELLED = "cancelled", "Cancelled"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="factor_recoveries")
    reason = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_from = models.GenericIPAddressField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name_plural = "factor recoveries"
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(status="pending"), name="one_pending_recovery"),
            models.CheckConstraint(
                condition=~Q(status="approved") | ~Q(decided_by=models.F("user")), name="recovery_approved_by_another"
            ),
        ]

    def __str__(self):
        return f"Second-factor recovery for {self.user}"
