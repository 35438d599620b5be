"""The lists the app starts with, as data admins then edit: training products (GOV.UK Prevent courses, WRAP), sector
questions, the Home Office's Channel categories (referral statistics since November 2025) and the control areas of
the Channel assurance template."""

PRODUCTS = [
    ("GOV.UK Prevent duty awareness", "Home Office", 24, []),
    ("GOV.UK Prevent referrals", "Home Office", 24, []),
    ("GOV.UK Channel awareness", "Home Office", 24, []),
    ("WRAP (Workshop to Raise Awareness of Prevent)", "Home Office", 36, []),
    ("NHS Prevent training (levels 1 to 3)", "NHS England", 36, ["nhs_trust", "icb"]),
    (
        "Education and Training Foundation Prevent",
        "Education and Training Foundation",
        24,
        ["further_education", "higher_education"],
    ),
]
QUESTIONS = [
    ("higher_education", "Events and speakers reviewed under the external speaker policy", True, False),
    ("higher_education", "Welfare cases with a Prevent concern", True, True),
    ("further_education", "Welfare cases with a Prevent concern", True, True),
    ("nhs_trust", "Prevent referrals made", True, True),
    ("nhs_trust", "Engagement with Prevent leads in the period (what was done)", False, False),
    ("secondary_school", "Prevent referrals made", True, True),
]
RELEASE = "Home Office Prevent referral statistics, November 2025"
CATEGORIES = {
    "sector": ["Education", "Police", "Health", "Local authority", "Community", "Family and friends", "Other"],
    "concern": [
        "Extreme right-wing",
        "Islamist",
        "Conflicted",
        "Mixed, unclear or unstable",
        "School massacre",
        "Other",
    ],
    "age": ["Under 15", "15 to 17", "18 to 20", "21 to 39", "40 and over", "Not known"],
}
AREAS = [
    ("Panel membership and attendance", "The agencies of Schedule 7 attend and take part."),
    ("Case management", "Referrals are screened, discussed and decided within the expected times."),
    ("Support plans and providers", "Support plans are proportionate; intervention providers are used well."),
    ("Reviews after closure", "Closed cases are reviewed at 6 and 12 months, on time."),
    ("Information sharing", "Agreements are in place and followed by every agency."),
    ("Governance and training", "Panel members are trained; the panel reports to the partnership."),
]


def ensure(apps):
    """Add whatever of the lists is missing (by name): run by the migration, and by the demo (a test that empties
    the database between tests empties these too)."""
    Product = apps.get_model("dutyreturns", "TrainingProduct")
    Question = apps.get_model("dutyreturns", "SectorQuestion")
    Category = apps.get_model("dutyreturns", "ChannelCategory")
    Area = apps.get_model("dutyreturns", "ControlArea")
    for order, (name, provider, months, sectors) in enumerate(PRODUCTS):
        Product.objects.get_or_create(
            name=name, defaults={"provider": provider, "refresher_months": months, "sectors": sectors, "order": order}
        )
    for order, (sector, text, is_count, people) in enumerate(QUESTIONS):
        Question.objects.get_or_create(
            sector=sector, text=text, defaults={"is_count": is_count, "describes_people": people, "order": order}
        )
    for dimension, labels in CATEGORIES.items():
        for order, label in enumerate(labels):
            Category.objects.get_or_create(
                dimension=dimension, label=label, defaults={"order": order, "release": RELEASE}
            )
    for order, (title, description) in enumerate(AREAS):
        Area.objects.get_or_create(title=title, defaults={"description": description, "order": order})
