"""Every edit form survives an unchanged save in a real browser.

For each edit page: open it in Chromium as the person who edits it, note every field's value, press the
save button without touching anything, and check the save went through and the form reopens showing
the same values, with the record itself unchanged. A value the browser cannot show (a date written
08/12/2026 into a date box, which the browser leaves empty) fails here.

The list of pages comes from the URLconf: every URL name ending in `edit`, plus EXTRA_EDIT_PAGES. A new
edit page without a case below fails test_every_edit_page_has_a_round_trip_case.
"""

import datetime
import re

import pytest
from django.forms.models import model_to_dict
from django.urls import URLResolver, get_resolver, reverse

from actionplans.models import ActionPlan, BoardReport
from meetings import services as meeting_services
from meetings.models import StandingItem
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory
from tests.browser import sign_in
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, GroupFactory, MeetingActionFactory, MeetingFactory
from tests.members.factories import LinkedBodyFactory, PersonFactory

EDIT_NAME = re.compile(r"(^|_)edit$")
# Edit pages whose URL names do not say so: a signed-in partner's own details. (Terms of Reference are
# never edited in place: members:terms_new starts a new version from the current text.)
EXTRA_EDIT_PAGES = {"members:my_details"}
LATER = datetime.date(2031, 3, 12)


def _edit_url_names():
    names = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif pattern.name and EDIT_NAME.search(pattern.name) and not prefix.startswith("admin:"):
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names | EXTRA_EDIT_PAGES


# Each case builds one record and returns (url, the user who edits it, a function reading the record back).
def _person(admin):
    person = PersonFactory(phone="01632 960000", term_end=LATER)
    return reverse("members:person_edit", args=[person.pk]), admin, lambda: _fields(person)


def _organisation(admin):
    organisation = OrganisationFactory(address="1 High Street\nNorthport", website="https://example.org")
    return reverse("members:organisation_edit", args=[organisation.pk]), admin, lambda: _fields(organisation)


def _linked_body(admin):
    body = LinkedBodyFactory(notes="Meets quarterly")
    return reverse("members:linked_body_edit", args=[body.pk]), admin, lambda: _fields(body)


def _my_details(admin):
    partner = UserFactory(role="partner", email="round-trip-partner@example.org", person__phone="01632 960001")
    return reverse("members:my_details"), partner, lambda: _fields(partner.person)


def _meeting(admin):
    meeting = MeetingFactory(joining_link="https://meet.example.org/board")
    return reverse("meetings:edit", args=[meeting.pk]), admin, lambda: _fields(meeting)


def _meeting_action(admin):
    action = MeetingActionFactory(item=None)
    action.item = AgendaItemFactory(meeting=action.meeting)
    action.save()
    return reverse("meetings:action_edit", args=[action.pk]), admin, lambda: _fields(action)


def _agenda_item(admin):
    item = AgendaItemFactory(description="Papers to follow", presenter="Chair", minutes_allowed=15)
    return reverse("meetings:item_edit", args=[item.pk]), admin, lambda: _fields(item)


def _standing_item(admin):
    item = StandingItem.objects.create(
        group=GroupFactory(), position=90, title="Any other business", presenter="Chair", minutes_allowed=5
    )
    return reverse("meetings:standing_item_edit", args=[item.pk]), admin, lambda: _fields(item)


def _group(admin):
    group = GroupFactory(name="Education sub-group", description="Schools,\ncolleges and the university.")
    return reverse("meetings:group_edit", args=[group.pk]), admin, lambda: _fields(group)


def _minutes(admin):
    meeting = MeetingFactory(past=True)
    item = AgendaItemFactory(meeting=meeting, title="Channel update")
    version = meeting_services.minutes_start(meeting, by=admin)
    version.summary = "Quorate."
    version.save()
    version.notes.filter(item=item).update(text="Referrals are **up**.")

    def read():
        version.refresh_from_db()
        return {"summary": version.summary, "notes": sorted(version.notes.values_list("item_id", "text"))}

    return reverse("meetings:minutes_edit", args=[meeting.pk]), admin, read


def _draft_plan():
    return PlanFactory(year_label="2031/32", status=ActionPlan.Status.DRAFT)


def _plan(admin):
    plan = _draft_plan()
    return reverse("actionplans:plan_edit", args=[plan.pk]), admin, lambda: _fields(plan)


def _priority(admin):
    priority = PriorityFactory(plan=_draft_plan(), description="From the CTLP", ctlp_reference="R3")
    return reverse("actionplans:priority_edit", args=[priority.pk]), admin, lambda: _fields(priority)


def _plan_action(admin):
    action = ActionFactory(priority=PriorityFactory(plan=_draft_plan()), measure_of_success="Forty staff trained")
    action.supporting_organisations.add(OrganisationFactory())
    action.meeting_actions.add(MeetingActionFactory())
    return reverse("actionplans:action_edit", args=[action.pk]), admin, lambda: _fields(action)


def _board_report(admin):
    report = BoardReport.objects.create(
        addressee="Health and Wellbeing Board",
        plan=_draft_plan(),
        period_start=datetime.date(2031, 4, 1),
        period_end=datetime.date(2031, 9, 30),
        meeting_date=datetime.date(2031, 10, 15),
        item_title="Prevent Partnership update",
        responsible_officer="Alex Morgan",
        summary="Good progress.",
    )
    return reverse("actionplans:board_report_edit", args=[report.pk]), admin, lambda: _fields(report)


def _measure(admin):
    from tests.measures.factories import MeasureFactory

    measure = MeasureFactory(action=ActionFactory(priority=PriorityFactory(plan=_draft_plan())), unit="people",
                             direction="lower", baseline=45, target="27.5", amber_at=35, red_at=42)  # fmt: skip
    return reverse("measures:measure_edit", args=[measure.pk]), admin, lambda: _fields(measure)


def _milestone(admin):
    from tests.measures.factories import MilestoneFactory

    milestone = MilestoneFactory(action=ActionFactory(priority=PriorityFactory(plan=_draft_plan())))
    return reverse("measures:milestone_edit", args=[milestone.pk]), admin, lambda: _fields(milestone)


def _tracking(admin):
    from measures import services as measure_services

    priority = PriorityFactory(plan=_draft_plan())
    parent, action = ActionFactory(priority=priority), ActionFactory(priority=priority)
    tracking = measure_services.tracking_save(action=action, parent=parent, reporting_period=6)
    return reverse("measures:tracking_edit", args=[action.pk]), admin, lambda: _fields(tracking)


def _status_percents(admin):
    from measures import services as measure_services

    measure_services.status_percents_save(percents={"at_risk": 35}, expected=measure_services.status_percents())
    return reverse("measures:status_percents_edit"), admin, measure_services.status_percents


def _duty_lists():
    """The national lists a transaction test's emptied database no longer holds."""
    from django.apps import apps

    from dutyreturns import national

    national.ensure(apps)


def _duty_period():
    from dutyreturns.models import ReturnPeriod

    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    return ReturnPeriod.objects.create(label="Last quarter", start=today - 100 * day, end=today - 10 * day,
                                       due=today - 2 * day)  # fmt: skip


def _partner_return(admin):
    from dutyreturns import services as duty_services

    _duty_lists()
    partner = UserFactory(role="partner", email="round-trip-return@example.org")
    organisation = partner.person.organisation
    questions = duty_services.questions_for(organisation)
    record = duty_services.return_save(
        organisation=organisation, period=_duty_period(), prevent_lead=partner.person, notes="Checked\nTwice",
        training={p.pk: (30, 4, 27) for p in duty_services.products_for(organisation)},
        answers={q.pk: (2, "") if q.is_count else (None, "Briefed") for q in questions},
    )  # fmt: skip

    def read():
        record.refresh_from_db()
        return {
            "lead": record.prevent_lead_id, "notes": _comparable(record.notes),
            "training": sorted(record.training.values_list("product_id", "in_scope", "completions", "in_date")),
            "answers": sorted(record.answers.values_list("question_id", "number", "text")),
        }  # fmt: skip

    return reverse("dutyreturns:edit", args=[record.pk]), partner, read


def _channel_quarter(admin):
    from dutyreturns import services as duty_services
    from dutyreturns.models import ChannelCategory

    _duty_lists()
    sectors = list(ChannelCategory.objects.filter(dimension="sector").order_by("order")[:2])
    quarter = duty_services.quarter_save(
        year=datetime.date.today().year - 2, quarter=3, by=admin, counts={sectors[0].pk: 7, sectors[1].pk: 2},
        figures={"referrals": 9, "discussed": 6, "adopted": 3, "closed": 2, "reviews_6_due": 2,
                 "reviews_6_on_time": 1, "signposted": 4},
    )  # fmt: skip

    def read():
        values = _fields(quarter)
        values.pop("keyed_at"), values.pop("keyed_by")
        return {**values, "counts": sorted(quarter.counts.values_list("category_id", "count"))}

    return reverse("dutyreturns:quarter_edit", args=[quarter.pk]), admin, read


def _statement(admin):
    from dutyreturns import services as duty_services

    _duty_lists()
    statement = duty_services.statement_for_year(2030)
    duty_services.statement_save(statement=statement, summary="A steady year\nWell attended",
                                 ratings={r.pk: ("good", "Minutes") for r in statement.ratings.all()[:2]})  # fmt: skip

    def read():
        statement.refresh_from_db()
        return {"summary": _comparable(statement.summary),
                "ratings": sorted(statement.ratings.values_list("area_id", "rating", "evidence"))}  # fmt: skip

    return reverse("dutyreturns:statement_edit", args=[2030]), admin, read


def _agreement(admin):
    from dutyreturns.models import SharingAgreement

    agreement = SharingAgreement.objects.create(
        organisation=OrganisationFactory(), title="Prevent ISA", parties="Council\nPolice", legal_basis="Public task",
        scope="Referrals", signed_date=datetime.date(2025, 1, 10), review_date=LATER,
    )  # fmt: skip
    return reverse("dutyreturns:agreement_edit", args=[agreement.pk]), admin, lambda: _fields(agreement)


def _interest(admin):
    from governance import services as gov_services

    partner = UserFactory(role="partner", email="round-trip-partner@example.org")
    interest = gov_services.interest_add(
        partner.person, kind="gift", body="Northport FC", organisation=OrganisationFactory(),
        description="Two tickets\nSeason opener", starts_on=datetime.date(2025, 8, 1), ends_on=LATER,
    )  # fmt: skip
    return reverse("governance:interest_edit", args=[interest.pk]), partner, lambda: _fields(interest)


def _risk_assessment(admin):
    from tests.risks.factories import AssessmentFactory

    assessment = AssessmentFactory(period_label="2031/32", period_start=LATER, period_end=LATER.replace(year=2032))
    return reverse("risks:assessment_edit", args=[assessment.pk]), admin, lambda: _fields(assessment)


def _risk(admin):
    from tests.risks.factories import RecommendationFactory, RiskFactory

    action = ActionFactory(priority=PriorityFactory(plan=PlanFactory()))
    risk = RiskFactory(residual_likelihood=5, residual_impact=5, residual_reason="A new group\nformed",
                       owner_officer=PersonFactory(), status="tolerated")  # fmt: skip
    risk.owner_organisation = risk.owner_officer.organisation
    risk.save()
    risk.actions.add(action)
    RecommendationFactory(reference="R7").risks.add(risk)
    return reverse("risks:risk_edit", args=[risk.pk]), admin, lambda: {**_fields(risk), "ctlp": _ctlp(risk)}


def _ctlp(risk):
    return sorted(risk.recommendations.values_list("pk", flat=True))


def _recommendation(admin):
    from risks.models import RecommendationSource
    from tests.risks.factories import RecommendationFactory, SourceFactory

    letter = SourceFactory(name="Home Office assurance letter", kind=RecommendationSource.Kind.ASSURANCE_LETTER)
    recommendation = RecommendationFactory(source=letter, reference="3", rating="partly_met", status="in_progress",
                                           owner_organisation=OrganisationFactory())  # fmt: skip
    recommendation.actions.add(ActionFactory(priority=PriorityFactory(plan=PlanFactory())))
    return reverse("risks:recommendation_edit", args=[recommendation.pk]), admin, lambda: _fields(recommendation)


CASES = {
    "members:person_edit": _person,
    "members:organisation_edit": _organisation,
    "members:linked_body_edit": _linked_body,
    "members:my_details": _my_details,
    "meetings:edit": _meeting,
    "meetings:action_edit": _meeting_action,
    "meetings:item_edit": _agenda_item,
    "meetings:standing_item_edit": _standing_item,
    "meetings:group_edit": _group,
    "meetings:minutes_edit": _minutes,
    "actionplans:plan_edit": _plan,
    "actionplans:priority_edit": _priority,
    "actionplans:action_edit": _plan_action,
    "actionplans:board_report_edit": _board_report,
    "measures:measure_edit": _measure,
    "measures:milestone_edit": _milestone,
    "measures:tracking_edit": _tracking,
    "measures:status_percents_edit": _status_percents,
    "dutyreturns:edit": _partner_return,
    "dutyreturns:quarter_edit": _channel_quarter,
    "dutyreturns:statement_edit": _statement,
    "dutyreturns:agreement_edit": _agreement,
    "governance:interest_edit": _interest,
    "risks:assessment_edit": _risk_assessment,
    "risks:risk_edit": _risk,
    "risks:recommendation_edit": _recommendation,
}


def _fields(record):
    """The record as stored, without the edit counter that every save moves on."""
    record.refresh_from_db()
    values = model_to_dict(record)
    values.pop("version", None)
    return {name: _comparable(value) for name, value in values.items()}


def _comparable(value):
    if isinstance(value, list):  # many-to-many
        return sorted(item.pk for item in value)
    if isinstance(value, str):  # browsers send a textarea's line breaks as CRLF, which the page shows the same
        return value.replace("\r\n", "\n")
    return value


# The edit form is the page's POST form with the most fields (pages also carry sign-out and other small forms).
_PICK_FORM = """forms => forms.reduce(
  (best, form, i) => form.elements.length > forms[best].elements.length ? i : best, 0
)"""

_READ_FORM = """form => {
  const values = {}, unshown = [];
  for (const el of form.elements) {
    const perPage = ["csrfmiddlewaretoken", "once", "version"];  // tokens made afresh for each page shown
    if (!el.name || perPage.includes(el.name) || ["submit", "button"].includes(el.type)) {
      continue;
    }
    if (el.type === "checkbox" || el.type === "radio") {
      values[`${el.name}=${el.value}`] = el.checked;
    } else if (el.multiple) {
      values[el.name] = [...el.selectedOptions].map(option => option.value);
    } else {
      values[el.name] = el.value;
      // The server wrote a value the browser refused to show (it sanitises what its widget cannot display).
      const written = el.tagName === "INPUT" ? el.getAttribute("value") : null;
      if (written !== null && written !== el.value) unshown.push(`${el.name}: wrote ${written}, shows ${el.value}`);
    }
  }
  return {values, unshown};
}"""


def _edit_form(page):
    forms = page.locator("main form[method=post]")
    return forms.nth(forms.evaluate_all(_PICK_FORM))


def test_every_edit_page_has_a_round_trip_case():
    assert _edit_url_names() == set(CASES)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", sorted(CASES))
def test_an_unchanged_save_keeps_every_field(page, live_server, name):
    admin = UserFactory(role="admin", email="round-trip-admin@example.org")
    url, user, stored = CASES[name](admin)
    before = stored()
    sign_in(page, live_server, user.email, PASSWORD)

    page.goto(live_server.url + url)
    shown = _edit_form(page).evaluate(_READ_FORM)
    assert shown["unshown"] == [], "the browser cannot show these values"
    assert shown["values"], "no fields found on the edit page"

    submit = _edit_form(page).locator(
        "button[type=submit].govuk-button:not(.govuk-button--secondary):not(.govuk-button--warning)"
    )
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        submit.first.click()
    page.wait_for_load_state()
    errors = page.locator(".govuk-error-summary")
    assert errors.count() == 0, errors.first.inner_text()
    assert posted.value.status == 302

    assert stored() == before
    page.goto(live_server.url + url)
    again = _edit_form(page).evaluate(_READ_FORM)
    assert again == shown
