"""The Home Office's current Prevent type-of-concern categories as themes (including no ideology and a fixation on
violence), and the national sources of recommendations every partnership answers. Data, so a new list is a data
change: admins add or retire themes in the back office."""

import datetime

from django.db import migrations

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


def add(apps, schema_editor):
    Theme = apps.get_model("risks", "Theme")
    for order, (kind, name, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"kind": kind, "description": description, "order": order})
    Source = apps.get_model("risks", "RecommendationSource")
    for kind, name, issued_on in SOURCES:
        Source.objects.get_or_create(name=name, defaults={"kind": kind, "issued_on": issued_on})


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_register_and_recommendations")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
