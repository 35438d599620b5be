"""A demo local risk assessment for this year, agreed at the main board: about a dozen fictional risks across themes,
one past its review date and one with no plan action; the CTLP recommendations R1 to R4 by reference only (R4 answered
by nothing yet), "Lessons for Prevent" recommendations, and the Home Office's assurance letter with one unmet
criterion that has no action yet. Everything here is fictional. Uses the members, meetings and action plans demos.

The assessment is agreed, so its risks are written as they stood when it was agreed (the services refuse changes to
an agreed assessment); one review date is then set in the past, as time would have done.
"""

import datetime

from django.utils import timezone

from actionplans.models import Action, ActionPlan
from meetings.models import Meeting
from members.models import Organisation, Person

from . import themes as themes_data
from .models import LetterRating, Recommendation, RecommendationSource, Risk, RiskAssessment, Theme

COLLEGE = "Northport College"
NHS = "Northport Teaching Hospitals NHS Trust"
COUNCIL = "Northport City Council"
POLICE = "Northshire Police"
UNI = "University of Northport"
PROBATION = "Northshire Probation Service"
YJS = "Northport Youth Justice Service"

# (title, theme, organisation, owner's email, inherent L, I, residual L, I, controls, CTLP refs, plan actions, days
# to review)
RISKS = [
    ("Young people drawn to extremist content on gaming and video platforms", "Online radicalisation", COLLEGE,
     "partner@example.org", 4, 4, 3, 3, "Filtering at the college; online safety sessions in schools.", ["R1"],
     ["1.1", "1.6"], 90),
    ("Extreme right-wing stickering and leafleting around the town centre", "Extreme right-wing", POLICE, None,
     3, 3, 2, 3, "Council street cleansing removes material within a day; neighbourhood policing patrols.", [],
     ["5.1"], 120),
    ("Health staff unsure how to refer a concern", "Health", NHS, "partner2@example.org", 3, 4, 2, 3,
     "Prevent training in induction; a named Prevent lead in each hospital.", ["R2"], ["2.3", "2.4"], 60),
    ("Council venues booked by speakers promoting hatred", "A place of concern", COUNCIL, "admin@example.org",
     2, 4, 1, 4, "Venue hire terms and a due diligence check before bookings.", ["R3"], ["5.3"], 150),
    ("Young people with a fixation on violence and school attacks", "Violence fixation", YJS, None, 3, 5, 3, 4,
     "Channel panel considers cases with no ideology; schools report concerns.", [], ["4.3"], 75),
    ("Vulnerable adults referred with no ideology and no other support", "No ideology: vulnerability present",
     COUNCIL, "admin@example.org", 4, 3, 3, 3, "Referrals with no terrorism risk are passed to adult social care.",
     [], ["4.5"], 45),
    ("Islamist recruitment at informal study circles", "Islamist", POLICE, None, 2, 5, 2, 4,
     "Community engagement through the interfaith forum.", [], ["5.2"], 200),
    ("Students encountering extremist speakers on campus", "Education", UNI, None, 2, 3, 1, 3,
     "External speaker policy and a risk assessment for each event.", [], ["3.1"], 180),
    ("People on probation for terrorism offences released into the area", "Conflicted", PROBATION, None, 2, 5, 2, 4,
     "Multi-agency public protection arrangements.", [], ["3.4"], 100),
    ("Misogynist online communities targeting young men", "Incel", COLLEGE, "partner@example.org", 3, 3, 3, 3,
     "Awareness sessions for tutors.", [], [], 120),
    ("Single-issue protest groups escalating to criminal damage", "Left-wing, anarchist or single-issue", POLICE,
     None, 2, 2, 2, 2, "Liaison with protest organisers.", [], ["5.4"], 160),
    ("Unclear concerns referred without enough information", "Unclear", COUNCIL, "admin@example.org", 3, 2, 2, 2,
     "A referral form that asks for what the panel needs.", [], ["2.3"], -10),
]  # fmt: skip

CTLP = [("R1", "Online harms to young people"), ("R2", "Referral routes in health settings"),
        ("R3", "Venues used by groups promoting hatred"), ("R4", "Awareness in small faith settings")]  # fmt: skip
LESSONS = [("1", "Prevent should take referrals with no ideology seriously and pass them on to the right support.",
            ["6"]),
           ("4", "Partners should review their training on violence fixation.", [])]  # fmt: skip
LETTER = [("1", "Partnership governance", LetterRating.EXCEEDING), ("2", "Risk assessment", LetterRating.MET),
          ("3", "Training of front-line staff", LetterRating.NOT_MET)]  # fmt: skip


def _year_start(today):
    return datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def load(*, stdout, password):
    today = timezone.localdate()
    start = _year_start(today)
    label = f"{start.year}/{(start.year + 1) % 100:02d}"
    organisations = {o.name: o for o in Organisation.objects.all()}
    people = {p.email: p for p in Person.objects.all()}
    plan = ActionPlan.objects.filter(year_label=label).first()
    meeting = (
        Meeting.objects.filter(group__is_main_board=True, starts_at__date__lt=today).order_by("-starts_at").first()
    )
    if plan is None or meeting is None or COLLEGE not in organisations:
        stdout.write("Risks: skipped (load the members, meetings and action plans demos first).")
        return
    if RiskAssessment.objects.filter(period_label=label).exists():
        stdout.write("Risks: already loaded.")
        return
    themes_data.ensure()
    actions = {a.reference: a for a in Action.objects.filter(priority__plan=plan)}
    sources = _sources(start)
    ctlp = {}
    for reference, words in CTLP:
        ctlp[reference] = Recommendation.objects.create(
            source=sources["ctlp"], reference=reference, local_wording=words, owner_organisation=organisations[POLICE]
        )
    assessment = RiskAssessment.objects.create(
        period_label=label,
        period_start=start,
        period_end=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
        status=RiskAssessment.Status.AGREED,
        agreed_at_meeting=meeting,
        agreed_item=meeting.items.filter(title__icontains="risk").first()
        or meeting.items.filter(kind="action_plan").first(),
        agreed_on=timezone.localtime(meeting.starts_at).date(),
        public_summary="The partnership reviews the local risk every year with the police and its partners.",
    )
    themes = {t.name: t for t in Theme.objects.all()}
    created = []
    for number, row in enumerate(RISKS, start=1):
        title, theme, org, email, il, ii, rl, ri, controls, refs, refs_actions, days = row
        risk = Risk.objects.create(
            assessment=assessment,
            reference=f"R{number}",
            title=title,
            theme=themes[theme],
            from_local_data=number % 2 == 0,
            from_partner_insight=not refs,
            owner_organisation=organisations[org],
            owner_officer=people.get(email) if email and people.get(email) else None,
            inherent_likelihood=il,
            inherent_impact=ii,
            residual_likelihood=rl,
            residual_impact=ri,
            controls=controls,
            review_date=today + datetime.timedelta(days=days),
        )
        risk.actions.set([actions[r] for r in refs_actions if r in actions])
        for reference in refs:
            ctlp[reference].risks.add(risk)
        created.append(risk)
    for number, words, linked in LESSONS:
        rec = Recommendation.objects.create(
            source=sources["lessons"],
            reference=number,
            local_wording=words,
            owner_organisation=organisations[COUNCIL],
            status=Recommendation.Status.IN_PROGRESS,
        )
        rec.risks.set([created[int(n) - 1] for n in linked])
    for number, words, rating in LETTER:
        rec = Recommendation.objects.create(
            source=sources["letter"],
            reference=number,
            local_wording=words,
            owner_organisation=organisations[COUNCIL],
            rating=rating,
            status=Recommendation.Status.MET if rating != LetterRating.NOT_MET else Recommendation.Status.OPEN,
        )
        if rating == LetterRating.MET:
            rec.risks.set(created[:1])
    stdout.write(
        f"Risks: {assessment} with {len(created)} risks, {Recommendation.objects.count()} outside recommendations."
    )


def _sources(start):
    ctlp, _ = RecommendationSource.objects.get_or_create(
        name=f"Counter Terrorism Local Profile {start.year}",
        defaults={"kind": RecommendationSource.Kind.CTLP, "issued_on": start - datetime.timedelta(days=40)},
    )
    lessons = RecommendationSource.objects.get(name="Lessons for Prevent")
    letter, _ = RecommendationSource.objects.get_or_create(
        name=f"Home Office assurance letter {start.year}",
        defaults={"kind": RecommendationSource.Kind.ASSURANCE_LETTER, "issued_on": start + datetime.timedelta(days=60)},
    )
    return {"ctlp": ctlp, "lessons": lessons, "letter": letter}
