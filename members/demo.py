"""A fictional partnership for the demo: every name, address and email here is invented."""

import datetime

from django.utils import timezone

from .models import JoinRequest, LinkedBody, Organisation, Person, Sector, TermsOfReference, User

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
    _load_more_members(organisations, joined)
    _load_linked_bodies()
    _load_terms_of_reference(today)
    _load_join_request()
    stdout.write(
        f"Members: {Organisation.objects.count()} organisations, {Person.objects.count()} people, "
        f"{LinkedBody.objects.count()} linked bodies, {TermsOfReference.objects.count()} Terms of Reference versions, "
        f"{JoinRequest.objects.pending().count()} pending application."
    )


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


MORE_PEOPLE = [
    # (name, job title, email, organisation, role, deputy for (email) or None)
    (
        "Hannah Price",
        "Designated Safeguarding Lead",
        "hannah.price@example.org",
        "St Ives Road Primary School",
        Person.Role.REPRESENTATIVE,
        None,
    ),
    (
        "PC Lewis Grant",
        "Prevent Officer",
        "lewis.grant@example.org",
        "Northshire Police",
        Person.Role.DEPUTY,
        "sam.patel@example.org",
    ),
    (
        "Dr Femi Adebayo",
        "Named Doctor for Safeguarding",
        "femi.adebayo@example.org",
        "Northport Teaching Hospitals NHS Trust",
        Person.Role.DEPUTY,
        "partner2@example.org",
    ),
    (
        "Imam Yusuf Rahman",
        "Trustee",
        "yusuf.rahman@example.org",
        "Northport Interfaith Forum",
        Person.Role.DEPUTY,
        "aisha.siddiqui@example.org",
    ),
]

LINKED_BODIES = [
    (
        "Northport Community Safety Partnership",
        LinkedBody.Relationship.REPORTS_TO,
        LinkedBody.Frequency.QUARTERLY,
        "Jordan Ellis",
        "jordan.ellis@example.org",
    ),
    (
        "Northport Safeguarding Adults Board",
        LinkedBody.Relationship.REPORTS_TO,
        LinkedBody.Frequency.ANNUALLY,
        "Board Manager",
        "sab@example.org",
    ),
    (
        "Northport Safeguarding Children Partnership",
        LinkedBody.Relationship.REPORTS_TO,
        LinkedBody.Frequency.ANNUALLY,
        "Business Manager",
        "nscp@example.org",
    ),
    (
        "Northport Health and Wellbeing Board",
        LinkedBody.Relationship.REPORTS_TO,
        LinkedBody.Frequency.ANNUALLY,
        "Democratic Services",
        "hwb@example.org",
    ),
    (
        "Northshire CONTEST Board",
        LinkedBody.Relationship.PEER,
        LinkedBody.Frequency.AS_NEEDED,
        "Regional Prevent Coordinator",
        "contest@example.org",
    ),
]

TERMS_V1 = """## Purpose

The Northport Prevent Partnership brings together agencies working to stop vulnerable people being drawn into violent
extremism, and to support local communities and institutions to challenge and reject its message.

## Membership

Any individual or organisation committed to the aims and priorities of the partnership is welcome to take part.

The partnership will include representatives of every agency with a statutory Prevent duty:

* Northport City Council
* the NHS in Northport
* Northshire Police
* schools (primary, secondary and special)
* further and higher education
* probation

## Administration

The partnership is administered by Northport City Council and meets every quarter.
"""

TERMS_V2 = """## Purpose

The Northport Prevent Partnership brings together agencies working to stop vulnerable and susceptible people being
drawn into violent extremism, and to support local communities and institutions to challenge and reject its message.

## Membership

Membership is open to any individual or organisation committed to, and able to advance, the aims and priorities of
the partnership. Taking part is a commitment to more than a statutory duty: to strengthening communities and
promoting inclusion, and to making the partnership's work visible in the city.

The partnership aims to be a forum where communities who are often talked about are able to take part openly in
discussions about preventing extremism and promoting social cohesion.

The partnership **will** include representatives of every agency with a statutory Prevent duty:

* Northport City Council
* Northport Teaching Hospitals NHS Trust and the Northport and District Integrated Care Board
* Northshire Police
* schools (primary, secondary and special)
* further and higher education
* Northshire Probation Service

Each member organisation names a representative and may name a deputy from the same organisation.

## Administration

The partnership is administered by Northport City Council and meets every quarter. It develops and delivers an annual
action plan based on priorities identified locally and in the Counter Terrorism Local Profile.

## Links

The partnership reports to the Community Safety Partnership, the Safeguarding Adults Board, the Safeguarding Children
Partnership and the Health and Wellbeing Board.
"""


def _load_more_members(organisations, joined):
    for name, job_title, email, organisation, role, deputy_for in MORE_PEOPLE:
        Person.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "job_title": job_title,
                "organisation": organisations[organisation],
                "role": role,
                "deputy_for": Person.objects.get(email=deputy_for) if deputy_for else None,
                "term_start": joined + datetime.timedelta(days=120),
            },
        )


def _load_linked_bodies():
    for name, relationship, frequency, contact_name, contact_email in LINKED_BODIES:
        LinkedBody.objects.get_or_create(
            name=name,
            defaults={
                "relationship": relationship,
                "reporting_frequency": frequency,
                "contact_name": contact_name,
                "contact_email": contact_email,
            },
        )


def _load_terms_of_reference(today):
    # Version 2 was approved about fourteen months ago for a year, so its review is overdue and the dashboard warns.
    first = today.replace(year=today.year - 3, month=4, day=1)
    second = today - datetime.timedelta(days=425)
    TermsOfReference.objects.get_or_create(
        number=1,
        defaults={
            "body": TERMS_V1,
            "approved_on": first,
            "approved_by": "Partnership meeting",
            "next_review": first.replace(year=first.year + 1),
            "summary_of_changes": "First version.",
        },
    )
    TermsOfReference.objects.get_or_create(
        number=2,
        defaults={
            "body": TERMS_V2,
            "approved_on": second,
            "approved_by": "Partnership meeting",
            "next_review": second + datetime.timedelta(days=365),
            "summary_of_changes": "Adds community participation, deputies, the action plan and the linked boards.",
        },
    )


def _load_join_request():
    JoinRequest.objects.get_or_create(
        email="amina.warsame@example.org",
        defaults={
            "name": "Amina Warsame",
            "job_title": "Project Coordinator",
            "phone": "01632 960123",
            "kind": JoinRequest.Kind.ORGANISATION,
            "organisation_name": "Northport Somali Women's Network",
            "sector": Sector.VOLUNTARY_COMMUNITY,
            "reason": "We support women and families in the east of the city and want to make sure their voices "
            "are heard when the partnership sets its priorities.",
            "consent": True,
        },
    )
