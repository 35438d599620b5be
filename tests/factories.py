"""Factories for every test, and the ONE way to sign an admin in for a test.

The suite runs with REQUIRE_ADMIN_2FA on, as production does (tests/conftest.py). An admin made here has given the
second factor: `UserFactory(role="admin")` has a confirmed authenticator and is marked verified, as django-otp marks
the user of a request whose session went through the two-factor page, so a selector or queryset asked with it
answers as for an admin. A client signs one in through `signed_in_client` (or `admin_client`), which puts the device
in the session as the two-factor page does; a bare `client.force_login(admin)` has given only the password.

- `admin_client()` (or the `admin_client` fixture): a test client signed in as an admin, second factor given.
- `signed_in_client(user)`: any user; an admin gives the second factor.
- A test about an admin who has given only the password says so: `UserFactory(role="admin", second_factor=False)`,
  or signs in through the real login page (tests/foundation/test_two_factor.py).
"""

import functools

import factory
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from members.models import Organisation, Person, Sector, User

PASSWORD = "correct horse battery staple"
_faker = Faker("en_GB")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.SECONDARY_SCHOOL
    has_prevent_duty = factory.LazyAttribute(lambda o: o.sector in Sector.statutory())
    date_joined = factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year - 2))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    role = User.Role.PARTNER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    person = factory.RelatedFactory(
        "tests.factories.PersonFactory", factory_related_name="user", email=factory.SelfAttribute("..email")
    )

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        """Admins give the second factor unless the test says `second_factor=False`."""
        if create and obj.role == User.Role.ADMIN and extracted is not False:
            give_second_factor(obj)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    # Faker's names, without apostrophes: tests compare names with pages, where "O'Neill" is escaped.
    name = factory.LazyFunction(lambda: _faker.name().replace("'", ""))
    job_title = "Safeguarding Lead"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Person.Role.REPRESENTATIVE
    status = Person.Status.ACTIVE
    term_start = factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year - 1))


def give_second_factor(user):
    """`user` as the two-factor page leaves an admin: a confirmed authenticator app, and verified by it
    (`otp_device`, `is_verified()`, as django-otp's middleware sets them). Signing this object in
    (`client.force_login`) puts the device in the session, as the page does."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    user.otp_device = device
    user.is_verified = functools.partial(is_verified, user)
    return user


def signed_in_client(user, client=None):
    """A test client signed in as `user`; an admin with the second factor given."""
    client = client or Client()
    client.force_login(user)
    if user.role == User.Role.ADMIN:
        if not getattr(user, "otp_device", None):
            give_second_factor(user)
        # What the two-factor page does (django_otp.login): the session names the device that verified it.
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = user.otp_device.persistent_id
        session.save()
    return client


def admin_client(user=None, **fields):
    """A test client signed in as a council admin (a new one unless `user` is given), second factor given."""
    return signed_in_client(user or UserFactory(role=User.Role.ADMIN, **fields))
