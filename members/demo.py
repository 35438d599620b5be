"""A fictional partnership for the demo: every name, address and email here is invented."""

import datetime

from django.utils import timezone

from .models import Organisation, Person, Sector, User

ORGANISATIONS = [
    ("Northport City Council", Sector.LOCAL_AUTHORITY),
    ("Northport Teaching Hospitals NHS Trust", Sector.NHS_TRUST),
    ("Northport and District Integrated Care Board", Sector.ICB),
    ("Northshire Police", Sector.POLICE),
    ("Harbourside Primary School", Sector.PRIMARY_SCHOOL),
    ("St Ives Road Primary School", Sector.PRIMARY_SCHOOL),
    ("Northport Academy", Sector.SECONDARY_SCHOOL),
    ("Westgate High School", Sector.SECONDARY_SCHOOL),
    ("Ferndale Special School", Sector.SPECIAL_SCHOOL),
    ("Northport College", Sector.FURTHER_EDUCATION),
    ("University of Northport", Sector.HIGHER_EDUCATION),
    ("Northshire Probation Service", Sector.PROBATION),
    ("Northport Youth Justice Service", Sector.YOUTH_JUSTICE),
    ("Northport Council for Voluntary Service", Sector.VOLUNTARY_COMMUNITY),
    ("Northport Interfaith Forum", Sector.FAITH),
    ("Eastside Community Association", Sector.VOLUNTARY_COMMUNITY),
]

# (name, job title, email, organisation, role, login role or None)
PEOPLE = [
    (
        "Alex Morgan",
        "Prevent Partnership Officer",
        "admin@example.org",
        "Northport City Council",
        Person.Role.SECRETARY,
        User.Role.ADMIN,
    ),
    (
        "Priya Raman",
        "Designated Safeguarding Lead",
        "partner@example.org",
        "Northport College",
        Person.Role.REPRESENTATIVE,
        User.Role.PARTNER,
    ),
    (
        "Tom Hughes",
        "Safeguarding Adults Lead",
        "partner2@example.org",
        "Northport Teaching Hospitals NHS Trust",
        Person.Role.REPRESENTATIVE,
        User.Role.PARTNER,
    ),
    (
        "Dr Helen Carter",
        "Director of Public Protection",
        "helen.carter@example.org",
        "Northport City Council",
        Person.Role.CHAIR,
        None,
    ),
    (
        "Inspector Sam Patel",
        "Prevent Engagement Officer",
        "sam.patel@example.org",
        "Northshire Police",
        Person.Role.VICE_CHAIR,
        None,
    ),
    (
        "Grace Okafor",
        "Head of Safeguarding",
        "grace.okafor@example.org",
        "Northport and District Integrated Care Board",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Daniel Kerr",
        "Headteacher",
        "daniel.kerr@example.org",
        "Harbourside Primary School",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Fatima Begum",
        "Deputy Headteacher",
        "fatima.begum@example.org",
        "Northport Academy",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Owen Lloyd",
        "Assistant Head (Pastoral)",
        "owen.lloyd@example.org",
        "Westgate High School",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Chloe Brennan",
        "Safeguarding Manager",
        "chloe.brennan@example.org",
        "University of Northport",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Marcus Reid",
        "Senior Probation Officer",
        "marcus.reid@example.org",
        "Northshire Probation Service",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Aisha Siddiqui",
        "Coordinator",
        "aisha.siddiqui@example.org",
        "Northport Interfaith Forum",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Ben Walsh",
        "Development Worker",
        "ben.walsh@example.org",
        "Northport Council for Voluntary Service",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Nadia Hussain",
        "Team Manager",
        "nadia.hussain@example.org",
        "Northport Youth Justice Service",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "Jordan Ellis",
        "Community Safety Manager",
        "jordan.ellis@example.org",
        "Northport City Council",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    ("Ruth Adeyemi", "Chair", "ruth.adeyemi@example.org", "Eastside Community Association", Person.Role.OBSERVER, None),
    ("Kieran Doyle", "Community researcher", "kieran.doyle@example.org", None, Person.Role.ADVISER, None),
]


def load(*, stdout, password):
    today = timezone.localdate()
    joined = today.replace(year=today.year - 3, month=4, day=1)
    organisations = {}
    for name, sector in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name,
            defaults={"sector": sector, "has_prevent_duty": sector in Sector.statutory(), "date_joined": joined},
        )
    for name, job_title, email, organisation, role, login_role in PEOPLE:
        person, _ = Person.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "job_title": job_title,
                "organisation": organisations.get(organisation),
                "role": role,
                "term_start": joined,
                "status": Person.Status.ACTIVE,
            },
        )
        if login_role and person.user_id is None:
            user = User.objects.filter(email__iexact=email).first() or User.objects.create_user(
                email,
                password,
                role=login_role,
                is_staff=login_role == User.Role.ADMIN,
                is_superuser=login_role == User.Role.ADMIN,
            )
            person.user = user
            person.save(update_fields=["user"])
    _load_deputies_and_former(organisations, joined)
    stdout.write(f"Members: {Organisation.objects.count()} organisations, {Person.objects.count()} people.")


def _load_deputies_and_former(organisations, joined):
    college_rep = Person.objects.get(email="partner@example.org")
    Person.objects.get_or_create(
        email="leon.fraser@example.org",
        defaults={
            "name": "Leon Fraser",
            "job_title": "Student Services Manager",
            "organisation": organisations["Northport College"],
            "role": Person.Role.DEPUTY,
            "deputy_for": college_rep,
            "term_start": joined,
        },
    )
    # The special school's representative left and nobody has replaced them: a coverage gap.
    Person.objects.get_or_create(
        email="morag.stewart@example.org",
        defaults={
            "name": "Morag Stewart",
            "job_title": "Headteacher (retired)",
            "organisation": organisations["Ferndale Special School"],
            "role": Person.Role.REPRESENTATIVE,
            "term_start": joined,
            "term_end": joined + datetime.timedelta(days=700),
            "status": Person.Status.FORMER,
        },
    )
