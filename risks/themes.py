"""The themes a new install starts with (the Home Office's type-of-concern categories, including no ideology and a
fixation on violence, then sector, place, online and other), and the national sources of recommendations every
partnership answers. Data: admins add or retire themes in the back office. Migration 0002 writes the same lists."""

import datetime

THEMES = [
    ("ideology", "Islamist", ""),
    ("ideology", "Extreme right-wing", ""),
    ("ideology", "Left-wing, anarchist or single-issue", ""),
    ("ideology", "Conflicted", "More than one ideology, or moving between them"),
    ("ideology", "Unclear", "No clear ideology identified yet"),
    ("ideology", "No ideology: vulnerability present", "Vulnerability present but no ideology or terrorism risk"),
    ("ideology", "Violence fixation", "A fixation on violence or mass-casualty attacks, including school massacre"),
    ("ideology", "Incel", "Involuntary celibate ideology"),
    ("sector", "Education", ""),
    ("sector", "Health", ""),
    ("place", "A place of concern", "A locality, venue or institution"),
    ("online", "Online radicalisation", ""),
    ("other", "Other", ""),
]

SOURCES = [
    ("review", "Southport Prevent Learning Review", None),
    ("review", "Lessons for Prevent", datetime.date(2025, 7, 1)),
    ("inquiry", "Southport Inquiry", None),
]


def ensure():
    """Add the starting themes and sources that are missing (the demo, on a database a test has emptied)."""
    from .models import RecommendationSource, Theme

    for order, (kind, name, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"kind": kind, "description": description, "order": order})
    for kind, name, issued_on in SOURCES:
        RecommendationSource.objects.get_or_create(name=name, defaults={"kind": kind, "issued_on": issued_on})
