"""Bulk fictional membership for benchmarks: 300 organisations and 2,000 people."""

import itertools

from django.utils import timezone

from .models import Organisation, Person, Sector

ORGANISATIONS = 300
PEOPLE = 2000
FIRST = [
    "Alex",
    "Sam",
    "Jo",
    "Priya",
    "Tom",
    "Aisha",
    "Owen",
    "Grace",
    "Marcus",
    "Chloe",
    "Nadia",
    "Ben",
    "Ruth",
    "Kieran",
]
LAST = ["Morgan", "Patel", "Hughes", "Okafor", "Kerr", "Begum", "Lloyd", "Brennan", "Reid", "Walsh", "Hussain", "Ellis"]


def build(*, stdout):
    today = timezone.localdate()
    joined = today.replace(year=today.year - 10)
    sectors = itertools.cycle([value for value, _ in Sector.choices])
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Scale Organisation {n:04d}",
            sector=(sector := next(sectors)),
            has_prevent_duty=sector in Sector.statutory(),
            date_joined=joined,
        )
        for n in range(ORGANISATIONS)
    )
    names = itertools.cycle(f"{first} {last}" for first, last in itertools.product(FIRST, LAST))
    statuses = itertools.cycle([Person.Status.ACTIVE] * 9 + [Person.Status.FORMER])
    Person.objects.bulk_create(
        Person(
            name=f"{next(names)} {n:04d}",
            job_title="Safeguarding Lead",
            email=f"scale.person{n:04d}@example.org",
            organisation=organisations[n % ORGANISATIONS],
            role=Person.Role.REPRESENTATIVE,
            term_start=joined,
            status=(status := next(statuses)),
            term_end=today if status == Person.Status.FORMER else None,
        )
        for n in range(PEOPLE)
    )
    stdout.write(f"Members scale: +{ORGANISATIONS} organisations, +{PEOPLE} people.")
