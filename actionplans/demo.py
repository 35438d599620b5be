"""Demo action plans: last year's (approved, mostly complete), this year's, with updates over several quarters, and
next year's draft, as the partnership has them mid-year (a Prevent assurance gap becomes an action in the draft).

Uses the organisations and people from members/demo.py. Everything here is fictional.
"""

import datetime

from django.utils import timezone

from common import need_to_know
from meetings.models import Meeting
from members.models import Organisation, Person, User
from returnrequests import services as returns
from returnrequests.models import ReturnRequest

from . import plan_returns, services
from .models import Action, ActionPlan, Priority, ProgressUpdate, ToolkitArea

COLLEGE = "Northport College"
NHS = "Northport Teaching Hospitals NHS Trust"
COUNCIL = "Northport City Council"
POLICE = "Northshire Police"
ICB = "Northport and District Integrated Care Board"
UNI = "University of Northport"
PROBATION = "Northshire Probation Service"
YJS = "Northport Youth Justice Service"
CVS = "Northport Council for Voluntary Service"
FAITH = "Northport Interfaith Forum"
ACADEMY = "Northport Academy"
WESTGATE = "Westgate High School"

# (number, title, source, CTLP reference, toolkit area, summary)
PRIORITIES = [
    (1, "Reduce the risk of online radicalisation of young people", "ctlp", "R1", ToolkitArea.PERMISSIVE_ENVIRONMENTS,
     "Young people in the area are being drawn to extremist content online, often through gaming platforms."),
    (2, "Make referral routes clear in health and care settings", "ctlp", "R2", ToolkitArea.REFERRAL_PATHWAY,
     "Referrals from health settings are low compared with similar areas."),
    (3, "Train frontline staff in schools, colleges and the council", "local", "", ToolkitArea.TRAINING,
     "Staff turnover means many frontline staff have not had Prevent awareness training."),
    (4, "Keep the Channel panel effective and well attended", "national", "", ToolkitArea.CHANNEL_PANEL,
     "Channel panel attendance and case review in line with the statutory guidance."),
    (5, "Engage communities and counter misinformation", "local", "", ToolkitArea.COMMUNICATIONS,
     "Build trust in Prevent with faith and community groups and answer misinformation quickly."),
    (6, "Review the use of council venues by groups promoting hatred", "ctlp", "R3", ToolkitArea.PERMISSIVE_ENVIRONMENTS,
     "Checks on bookings of council-owned venues and public spaces."),
]  # fmt: skip

# (priority, description, lead organisation, lead officer email, status, percent, overdue)
ACTIONS = [
    (1, "Deliver online safety sessions on extremism to all Year 9 pupils", ACADEMY, "fatima.begum@example.org", "on_track", 60, False),
    (1, "Brief parents on gaming platforms and extremist content", WESTGATE, "owen.lloyd@example.org", "at_risk", 30, False),
    (1, "Add online radicalisation to the college's tutorial programme", COLLEGE, "partner@example.org", "complete", 100, False),
    (1, "Share police intelligence summaries on online trends with schools each term", POLICE, "sam.patel@example.org", "on_track", 50, False),
    (1, "Run a student-led campaign on spotting misinformation", UNI, "chloe.brennan@example.org", "not_started", 0, False),
    (1, "Test the college's web filtering against extremist content", COLLEGE, "partner@example.org", "off_track", 20, True),
    (2, "Publish a one-page referral flowchart for NHS staff", NHS, "partner2@example.org", "complete", 100, False),
    (2, "Add Prevent to the trust's safeguarding induction", NHS, "partner2@example.org", "on_track", 70, False),
    (2, "Audit referrals from primary care and report to the partnership", ICB, "grace.okafor@example.org", "at_risk", 40, True),
    (2, "Name a Prevent lead in every GP practice", ICB, "grace.okafor@example.org", "off_track", 10, True),
    (2, "Review mental health pathways for people referred to Channel", NHS, "partner2@example.org", "not_started", 0, False),
    (2, "Join up adult social care referrals with the Prevent referral form", COUNCIL, "jordan.ellis@example.org", "cancelled", 0, False),
    (3, "Train all designated safeguarding leads in schools", COUNCIL, "jordan.ellis@example.org", "on_track", 55, False),
    (3, "Reach 90% completion of Prevent e-learning for college staff", COLLEGE, "partner@example.org", "at_risk", 65, False),
    (3, "Deliver WRAP sessions for council frontline teams", COUNCIL, "admin@example.org", "complete", 100, False),
    (3, "Train probation officers on the updated Prevent duty guidance", PROBATION, "marcus.reid@example.org", "on_track", 45, False),
    (3, "Train youth justice caseworkers on ideology-neutral risk factors", YJS, "nadia.hussain@example.org", "not_started", 0, True),
    (3, "Offer Prevent awareness to voluntary sector volunteers", CVS, "ben.walsh@example.org", "on_track", 35, False),
    (4, "Review the Channel panel's terms of reference", COUNCIL, "helen.carter@example.org", "complete", 100, False),
    (4, "Agree named deputies for every statutory panel member", COUNCIL, "admin@example.org", "at_risk", 50, False),
    (4, "Run a case review of cases closed in the last year", POLICE, "sam.patel@example.org", "on_track", 25, False),
    (4, "Record Channel panel attendance and report it to the partnership", COUNCIL, "admin@example.org", "on_track", 60, False),
    (4, "Bring health representation to every panel meeting", NHS, "partner2@example.org", "off_track", 15, False),
    (5, "Hold a community conversation on Prevent with the interfaith forum", FAITH, "aisha.siddiqui@example.org", "complete", 100, False),
    (5, "Publish a plain-English guide to Prevent for families", COUNCIL, "jordan.ellis@example.org", "on_track", 80, False),
    (5, "Set up a rapid response protocol for community tensions", POLICE, "sam.patel@example.org", "at_risk", 40, True),
    (5, "Fund two grassroots projects building resilience to extremism", CVS, "ben.walsh@example.org", "not_started", 0, False),
    (5, "Train community leaders to answer questions about Prevent", FAITH, "aisha.siddiqui@example.org", "on_track", 30, False),
    (5, "Hold a student union listening event on Prevent", UNI, "chloe.brennan@example.org", "cancelled", 0, False),
    (5, "Share a termly partnership newsletter", COUNCIL, "admin@example.org", "on_track", 50, False),
]  # fmt: skip

LAST_YEAR_ACTIONS = [
    (1, "Map extremist activity on local social media with the police", POLICE, "sam.patel@example.org", "complete", 100),
    (1, "Pilot online safety sessions in two secondary schools", ACADEMY, "fatima.begum@example.org", "complete", 100),
    (2, "Train safeguarding leads at the NHS trust", NHS, "partner2@example.org", "complete", 100),
    (2, "Draft a referral flowchart for NHS staff", NHS, "partner2@example.org", "at_risk", 70),
    (3, "Deliver WRAP sessions in all secondary schools", COUNCIL, "jordan.ellis@example.org", "complete", 100),
    (3, "Prevent e-learning for college staff", COLLEGE, "partner@example.org", "complete", 100),
    (4, "Set up quarterly Channel panel reporting", COUNCIL, "admin@example.org", "complete", 100),
    (5, "Hold two community conversations on Prevent", FAITH, "aisha.siddiqui@example.org", "complete", 100),
    (5, "Recruit partners from the voluntary sector", CVS, "ben.walsh@example.org", "off_track", 40),
]  # fmt: skip

# Next year's draft, started mid-year: this year's priorities carried on, a few new actions proposed so far.
# (priority, description, lead organisation, lead officer email)
NEXT_YEAR_ACTIONS = [
    (1, "Extend online safety sessions on extremism to Year 7 and Year 8 pupils", ACADEMY, "fatima.begum@example.org"),
    (2, "Include Prevent in the safeguarding training of every GP practice", ICB, "grace.okafor@example.org"),
    (3, "Offer refresher Prevent training to staff trained more than three years ago", COUNCIL, "jordan.ellis@example.org"),
    (6, "Agree booking checks for council venues with the police", COUNCIL, "admin@example.org"),
]  # fmt: skip

NARRATIVES = {
    "not_started": "Not started yet: waiting for the dates to be confirmed.",
    "on_track": "Work is progressing to plan. Sessions booked and the first ones delivered.",
    "at_risk": "Progress slower than planned because of staff absence; a recovery plan is agreed.",
    "off_track": "Behind schedule: the lead has asked the partnership for support to unblock this.",
    "complete": "Completed. Evidence of the measure of success has been shared with the partnership officer.",
    "cancelled": "Cancelled by agreement at the partnership meeting; covered by another action.",
}


def _plan_year_start(today):
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year, 4, 1)


def _label(year):
    return f"{year}/{(year + 1) % 100:02d}"


def _year_plan(start, **defaults):
    """The demo plan for the year from `start` (1 April), made with `defaults` if it is not there yet."""
    plan, _ = ActionPlan.objects.get_or_create(
        year_label=_label(start.year),
        defaults={
            "title": "Prevent Partnership action plan",
            "start_date": start,
            "end_date": start.replace(year=start.year + 1) - datetime.timedelta(days=1),
            **defaults,
        },
    )
    return plan


def load(*, stdout, password):
    today = timezone.localdate()
    start = _plan_year_start(today)
    organisations = {o.name: o for o in Organisation.objects.all()}
    people = {p.email: p for p in Person.objects.all()}
    users = {u.email: u for u in User.objects.all()}
    admin = users.get("admin@example.org")
    if admin is None or COLLEGE not in organisations:
        stdout.write("Action plans: skipped (load the members demo first).")
        return
    meeting = (
        Meeting.objects.filter(group__is_main_board=True, starts_at__date__lt=start).order_by("-starts_at").first()
    )
    earlier = (
        Meeting.objects.filter(group__is_main_board=True, starts_at__date__lt=start.replace(year=start.year - 1))
        .order_by("-starts_at")
        .first()
    )

    last_start = start.replace(year=start.year - 1)
    last = _year_plan(
        last_start,
        status=ActionPlan.Status.APPROVED,
        approved_at_meeting=earlier,
        approved_on=earlier.starts_at.date() if earlier else last_start - datetime.timedelta(days=20),
    )
    priorities = _priorities(last)
    last_actions = {}
    for index, (number, description, org, email, status, percent) in enumerate(LAST_YEAR_ACTIONS, start=1):
        action, _ = Action.objects.get_or_create(
            priority=priorities[number],
            reference=f"{number}.{index}",
            defaults=_action_fields(
                description, organisations[org], people.get(email), status, percent,
                last_start, last.end_date - datetime.timedelta(days=30 * (index % 3)),
            ),
        )  # fmt: skip
        last_actions[description] = action
        _updates(action, users, admin, last_start, last.end_date)

    this = _year_plan(
        start,
        status=ActionPlan.Status.APPROVED,
        approved_at_meeting=meeting,
        approved_on=timezone.localtime(meeting.starts_at).date() if meeting else start - datetime.timedelta(days=10),
        summary_published=True,
        public_summary=(
            "This year the partnership focuses on **online radicalisation of young people**, clear referral "
            "routes in health settings, training frontline staff, an effective Channel panel and engaging "
            "communities.\n\nThe plan is built from local priorities and the recommendations of the police's "
            "Counter Terrorism Local Profile, which is not published."
        ),
    )
    priorities = _priorities(this)
    per_priority = {}
    rolled = {"Publish a one-page referral flowchart for NHS staff": "Draft a referral flowchart for NHS staff",
              "Offer Prevent awareness to voluntary sector volunteers": "Recruit partners from the voluntary sector"}  # fmt: skip
    for number, description, org, email, status, percent, overdue in ACTIONS:
        per_priority[number] = per_priority.get(number, 0) + 1
        due = today - datetime.timedelta(days=20 + 10 * per_priority[number]) if overdue else this.end_date
        if status == "complete":
            due = min(due, today)
        fields = _action_fields(description, organisations[org], people.get(email), status, percent, start, due)
        fields["origin"] = last_actions.get(rolled.get(description))
        fields["weight"] = 2 if per_priority[number] == 1 else 1
        action, _ = Action.objects.get_or_create(
            priority=priorities[number], reference=f"{number}.{per_priority[number]}", defaults=fields
        )
        _updates(action, users, admin, start, today)
    if not Action.objects.filter(priority__plan=this, reference="1.1", supporting_organisations__isnull=False).exists():
        Action.objects.get(priority__plan=this, reference="1.1").supporting_organisations.set(
            [organisations[POLICE], organisations[COUNCIL]]
        )
    _demo_returns(this, today)
    _next_year_draft(this, organisations, people)
    stdout.write(
        f"Action plans: {ActionPlan.objects.count()} plans, {Action.objects.count()} actions, "
        f"{ProgressUpdate.objects.count()} updates."
    )


def _next_year_draft(this, organisations, people):
    """Next year's plan, still a draft: where improvement actions from the Prevent assurance gaps go."""
    start = this.end_date + datetime.timedelta(days=1)
    draft = _year_plan(start, status=ActionPlan.Status.DRAFT)
    priorities = _priorities(draft)
    per_priority = {}
    for number, description, org, email in NEXT_YEAR_ACTIONS:
        per_priority[number] = per_priority.get(number, 0) + 1
        Action.objects.get_or_create(
            priority=priorities[number],
            reference=f"{number}.{per_priority[number]}",
            defaults=_action_fields(
                description, organisations[org], people.get(email), "not_started", 0, start, draft.end_date
            ),
        )


def _priorities(plan):
    result = {}
    for number, title, source, reference, area, summary in PRIORITIES:
        result[number], _ = Priority.objects.get_or_create(
            plan=plan,
            number=number,
            defaults={"title": title, "source": source, "ctlp_reference": reference, "toolkit_area": area,
                      "unclassified_summary": summary},
        )  # fmt: skip
    return result


def _action_fields(description, organisation, officer, status, percent, start, due):
    if officer is not None and officer.organisation_id != organisation.pk:
        officer = None
    return {
        "description": description,
        "lead_organisation": organisation,
        "lead_officer": officer,
        "start_date": start,
        "due_date": max(due, start),
        "status": status,
        "percent_complete": percent,
        "measure_of_success": "Evidence shared with the partnership officer and reported to the partnership.",
    }


def _updates(action, users, admin, start, end):
    """Quarterly updates leading up to the action's current status, if it has none yet."""
    if action.status == Action.Status.NOT_STARTED or action.updates.exists():
        return
    author = users.get(action.lead_officer.email) if action.lead_officer else None
    if author is None or not (need_to_know.holds_admin_role(author) or author.organisation == action.lead_organisation):
        author = admin
    quarters = [start + datetime.timedelta(days=days) for days in (40, 110, 180, 230, 300)]
    quarters = [day for day in quarters if day <= end] or [start]
    for step, day in enumerate(quarters, start=1):
        final = step == len(quarters)
        percent = action.percent_complete if final else round(action.percent_complete * step / len(quarters))
        status = action.status if final else Action.Status.ON_TRACK
        ProgressUpdate.objects.create(
            action=action, author=author, date=day, status=status, percent_complete=percent,
            narrative=NARRATIVES[status] if final else "On track: planning done and the first steps taken.",
        )  # fmt: skip


def _demo_returns(plan, today):
    """If the meetings demo has an upcoming quarterly meeting: returns asked for through the engine (their emails
    are in the outbox), two in three already back by the emailed link, the rest waiting."""
    meeting = (
        Meeting.objects.filter(group__is_main_board=True, starts_at__date__gte=today).order_by("starts_at").first()
    )
    if meeting is None or ReturnRequest.objects.filter(kind=plan_returns.KIND).for_round(meeting).exists():
        return
    returns.round_ask_now(kind=plan_returns.KIND, round=meeting)
    requests = ReturnRequest.objects.filter(kind=plan_returns.KIND).for_round(meeting).order_by("pk")
    for index, request in enumerate(requests):
        if index % 3:
            action = Action.objects.get(pk=request.subject_id)
            services.action_post_return(
                return_request=request,
                narrative="On track: the quarter's steps are done and the next are planned.",
                status=action.status if action.status != Action.Status.NOT_STARTED else Action.Status.ON_TRACK,
                percent_complete=max(action.percent_complete, 10),
            )
