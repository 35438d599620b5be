"""Demo Prevent assurance: last year's self-assessment, signed off by two admins, and this year's draft.

Uses the people, meetings and plans from the other demo modules. Everything here is fictional.
"""

import datetime

from django.utils import timezone

from common import need_to_know
from members.models import Person, User

from . import services
from .models import AssessmentCycle, Evidence, Framework, SignOff
from .toolkit import SHIPPED

CHAIR_EMAIL = "helen.carter@example.org"

# Last year's ratings by criterion (anything not listed is met), and the narrative for each rating.
LAST_YEAR = {"2.2": "partly_met", "4.2": "partly_met", "6.2": "not_met", "7.2": "partly_met", "8.2": "partly_met"}
THIS_YEAR = {"1.1": "met", "1.2": "partly_met", "2.1": "met", "3.1": "met", "3.2": "partly_met", "6.2": "not_met"}
NARRATIVE = {
    "met": "The partnership does this and can show it. See the linked evidence.",
    "partly_met": "Mostly in place. **Gap:** not every agency takes part yet; the improvement action covers the rest.",
    "not_met": "Not in place this year. Take-up is not recorded consistently across agencies.",
}


def _label(year):
    return f"{year}/{(year + 1) % 100:02d}"


def _rate(cycle, ratings, default):
    for assessment in cycle.assessments.select_related("criterion"):
        rating = ratings.get(assessment.criterion.number, default)
        if rating:
            services.assessment_save(
                assessment=assessment,
                rating=rating,
                narrative=NARRATIVE[rating],
                confidence="high" if rating == "met" else "medium",
            )


def _chair(password):
    """The chair signs off with the Prevent Partnership Officer: give her a demo admin login."""
    person = Person.objects.filter(email=CHAIR_EMAIL).first()
    if person is None:
        return None
    if person.user_id is None:
        user = User.objects.filter(email__iexact=CHAIR_EMAIL).first() or User.objects.create_user(
            CHAIR_EMAIL, password, role=User.Role.ADMIN
        )
        person.user = user
        person.save(update_fields=["user"])
    return person.user


def load(*, stdout, password):
    # The demo acts for its admins at the console (need_to_know.at_the_console).
    admin = need_to_know.at_the_console(User.objects.filter(email="admin@example.org").first())
    chair = need_to_know.at_the_console(_chair(password))
    if admin is None or chair is None:
        stdout.write("Prevent assurance: skipped (load the members demo first).")
        return
    if not Framework.objects.filter(is_current=True).exists():
        # The shipped toolkit comes with the migrations; a database emptied since (a test's flush) gets it again.
        services.framework_import_csv(
            name="Prevent duty toolkit for local authorities",
            version="2026",
            text=SHIPPED.read_text(encoding="utf-8"),
        )
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    last_label, this_label = _label(year - 1), _label(year)

    if not AssessmentCycle.objects.filter(year_label=last_label).exists():
        last = services.cycle_start(year_label=last_label)
        _rate(last, LAST_YEAR, "met")
        services.evidence_propose(cycle=last, by=admin)
        Evidence.objects.filter(assessment__cycle=last).update(status=Evidence.Status.ACCEPTED)
        services.cycle_submit(cycle=last)
        services.cycle_sign_off(cycle=last, by=chair, role_title="Chair of the Prevent Partnership")
        services.cycle_sign_off(cycle=last, by=admin, role_title="Senior council lead for Prevent")
        signed = timezone.make_aware(datetime.datetime(year, 4, 20, 11, 0))
        SignOff.objects.filter(cycle=last).update(signed_at=signed)
        AssessmentCycle.objects.filter(pk=last.pk).update(signed_off_at=signed, submitted_at=signed)

    if not AssessmentCycle.objects.filter(year_label=this_label).exists():
        this = services.cycle_start(year_label=this_label)
        _rate(this, THIS_YEAR, None)
        services.evidence_propose(cycle=this, by=admin)

    stdout.write(
        f"Prevent assurance: {AssessmentCycle.objects.count()} self-assessments "
        f"({last_label} signed off, {this_label} draft). The chair signs in as {CHAIR_EMAIL}."
    )
