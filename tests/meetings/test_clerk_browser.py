"""In Chromium, a clerk's tools as a person clicks through them, each page checked with axe-core (WCAG 2.2 AA):
a sub-group with its own standing items and confirmed removals (JavaScript off), cancelling with a reason, a held
meeting's read-only form, the attendance report, the merged conflict page, the import preview and plan approval."""

import datetime

import pytest
from django.utils import timezone

from actionplans.models import ActionPlan
from meetings.models import Group, Meeting
from members.models import Person
from tests.actionplans.factories import PlanFactory, PriorityFactory
from tests.browser import accessibility_violations, sign_in
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, UserFactory

from .factories import AgendaItemFactory, GroupFactory, InvitationFactory, MainBoardFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin(db):
    return UserFactory(role="admin", email="clerk-browser@example.org")


def _accessible(page):
    assert page.locator("h1").count() == 1, page.url
    violations = accessibility_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def _accessible_without_javascript(page, browser, live_server):
    """axe runs in the page, which a page with JavaScript off cannot do: the same document, as the server drew it, is
    checked in a second page with JavaScript on, at the same site so its styles load."""
    assert page.locator("h1").count() == 1, page.url
    html, url = page.content(), page.url
    checker = browser.new_context()
    copy = checker.new_page()
    copy.goto(live_server.url)
    copy.set_content(html)
    violations = accessibility_violations(copy)
    checker.close()
    assert violations == [], f"{url}: {violations}"


def _banner(page):
    return page.locator(".govuk-notification-banner").inner_text()


def test_a_clerk_sets_up_a_sub_group_and_its_standing_items_with_javascript_off(browser, live_server, admin):
    MainBoardFactory()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/meetings/groups/")
    page.get_by_role("link", name="Add a group").click()
    _accessible_without_javascript(page, browser, live_server)
    page.get_by_label("Name").fill("Education sub-group")
    page.get_by_label("Description").fill("Schools, the college and the university.")
    page.get_by_label("Quorum").fill("0.5")
    page.get_by_role("button", name="Save").click()
    assert "Education sub-group saved" in _banner(page)
    _accessible_without_javascript(page, browser, live_server)

    page.get_by_role("link", name="Standing agenda items").click()
    _accessible_without_javascript(page, browser, live_server)
    page.get_by_role("link", name="Remove Any other business").click()
    assert (
        page.locator("h1").inner_text() == "Education sub-group\nRemove “Any other business” from the standing items?"
    )
    _accessible_without_javascript(page, browser, live_server)
    page.get_by_role("link", name="No, go back").click()
    assert page.get_by_role("link", name="Remove Any other business").count() == 1  # nothing removed
    page.get_by_role("link", name="Remove Any other business").click()
    page.get_by_role("button", name="Yes, remove it").click()
    assert "removed from the standing items of Education sub-group" in _banner(page)
    assert page.get_by_role("link", name="Remove Any other business").count() == 0

    page.get_by_role("link", name="Add a standing item").click()
    page.get_by_label("Title").fill("Training for education staff")
    page.get_by_label("For discussion").check()
    page.get_by_role("button", name="Save").click()
    assert "Training for education staff" in page.locator("table").inner_text()
    group = Group.objects.get(name="Education sub-group")
    assert list(group.standing_items.values_list("title", flat=True))[-1] == "Training for education staff"
    context.close()


def test_cancelling_a_meeting_takes_a_reason_and_a_confirmation_with_javascript_off(browser, live_server, admin):
    meeting = MeetingFactory(title="Summer board")
    InvitationFactory(meeting=meeting)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Change status").click()
    page.get_by_label("Cancelled").check()
    page.get_by_role("button", name="Save").click()
    assert "Enter why the meeting is cancelled" in page.locator(".govuk-error-summary").inner_text()
    _accessible_without_javascript(page, browser, live_server)
    page.get_by_label("Reason (shown to invitees)").fill("The venue flooded")
    page.get_by_role("button", name="Save").click()
    assert "Cancel the meeting on" in page.locator("h1").inner_text()
    assert "Reason: The venue flooded" in page.locator("main").inner_text()
    _accessible_without_javascript(page, browser, live_server)
    page.get_by_role("button", name="Yes, cancel the meeting").click()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.status_note) == (Meeting.Status.CANCELLED, "The venue flooded")
    assert "The venue flooded" in page.locator("main").inner_text()
    context.close()


def test_removing_an_agenda_item_is_confirmed_first(page, live_server, admin):
    meeting = MeetingFactory(title="Autumn board")
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome and apologies")
    AgendaItemFactory(meeting=meeting, position=2, title="CTLP briefing")
    sign_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/agenda/")
    page.get_by_role("button", name="Remove item 2, CTLP briefing").click()
    assert "Remove item 2, “CTLP briefing”, from the agenda?" in page.locator("h1").inner_text()
    _accessible(page)
    page.get_by_role("button", name="Yes, remove the item").click()
    assert "removed" in _banner(page)
    assert meeting.items.count() == 1


def test_a_held_meetings_item_shows_read_only_with_the_reason(page, live_server, admin):
    item = AgendaItemFactory(meeting=MeetingFactory(past=True), title="Threat and risk update")
    sign_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/meetings/items/{item.pk}/edit/")
    assert "The agenda of a held meeting cannot change" in page.locator("#frozen").inner_text()
    assert page.get_by_label("Title").is_disabled()
    assert page.get_by_role("button", name="Save").count() == 0
    _accessible(page)


def test_the_attendance_report_by_municipal_year_and_group(page, live_server, admin):
    college = OrganisationFactory(name="Northport College")
    board, schools = MainBoardFactory(), GroupFactory(name="Schools sub-group")
    year = timezone.localdate().year - 2
    for group, month in ((board, 5), (schools, 10)):
        start = datetime.datetime(year, month, 9, 10, tzinfo=datetime.UTC)
        meeting = MeetingFactory(group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                                 status="held")  # fmt: skip
        InvitationFactory(meeting=meeting, person=PersonFactory(organisation=college))
    sign_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/meetings/attendance/")
    page.get_by_label("Municipal year (1 April to 31 March)").select_option(label=f"{year}/{(year + 1) % 100:02d}")
    page.get_by_label("Group").select_option(label="Schools sub-group")
    page.get_by_role("button", name="Show").click()
    assert (
        page.locator("h1").inner_text()
        == f"Schools sub-group\nAttendance by organisation, {year}/{(year + 1) % 100:02d}"
    )
    row = page.get_by_role("row", name="Northport College").inner_text().split("\t")
    assert row[1:] == ["1", "0", "0", "0", "0", "1"]  # invited once, attendance not recorded
    _accessible(page)


def test_a_second_editor_sees_what_changed_and_keeps_their_input(browser, live_server, admin):
    person = PersonFactory(name="Priya Raman", job_title="Head of safeguarding", phone="01632 960000")
    first, second = browser.new_context(), browser.new_context()
    one, two = first.new_page(), second.new_page()
    sign_in(one, live_server, admin.email, PASSWORD)
    sign_in(two, live_server, admin.email, PASSWORD)
    url = f"{live_server.url}/members/people/{person.pk}/edit/"
    one.goto(url)
    two.goto(url)
    one.get_by_label("Job title").fill("Designated safeguarding lead")
    one.get_by_role("button", name="Save").click()

    two.get_by_label("Phone").fill("01632 960999")
    two.get_by_role("button", name="Save").click()
    assert "Someone else saved this record" in two.locator(".govuk-error-summary").inner_text()
    assert "Their value is now in the form" in two.locator("main").inner_text()
    assert two.get_by_label("Job title").input_value() == "Designated safeguarding lead"
    assert two.get_by_label("Phone").input_value() == "01632 960999"
    _accessible(two)
    two.get_by_role("button", name="Save").click()
    person.refresh_from_db()
    assert (person.job_title, person.phone) == ("Designated safeguarding lead", "01632 960999")
    first.close()
    second.close()


def test_the_import_preview_names_each_row_and_what_it_does(page, live_server, admin, tmp_path):
    OrganisationFactory(name="Northport College")
    PersonFactory(name="Morag Stewart", email="morag@example.org", job_title="Imam", status=Person.Status.FORMER,
                  term_end=timezone.localdate())  # fmt: skip
    PersonFactory(name="Tom Hughes", email="tom@example.org", job_title="Nurse")
    upload = tmp_path / "people.csv"
    upload.write_text(
        "name,email,job_title,status\n"
        "Morag Stewart,morag@example.org,Imam,Former\n"
        "Tom Hughes,tom@example.org,Lead nurse,Active\n"
        "Zara New,zara@example.org,Teacher,Active\n"
    )
    sign_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/members/people/import/")
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    assert "Skip" in page.get_by_role("row", name="Morag Stewart").inner_text()
    assert "Job title: Nurse → Lead nurse" in page.get_by_role("row", name="Tom Hughes").inner_text()
    assert "Create" in page.get_by_role("row", name="Zara New").inner_text()
    _accessible(page)
    page.get_by_role("button", name="Create 1 person and update 1 person").click()
    assert "Imported 1 person and updated 1 person" in _banner(page)
    assert Person.objects.filter(email="morag@example.org").count() == 1


def test_a_plan_is_approved_at_a_held_board_meeting_chosen_from_the_list(page, live_server, admin):
    held = MeetingFactory(past=True, title="March board")
    MeetingFactory(title="December board")  # still to come: not offered
    MeetingFactory(past=True, title="Schools meeting", group=GroupFactory(name="Schools sub-group"))
    plan = PlanFactory(year_label="2034/35", status=ActionPlan.Status.DRAFT)
    PriorityFactory(plan=plan)
    sign_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/action-plans/{plan.pk}/approve/")
    options = page.get_by_label("Meeting that approved the plan").locator("option").all_inner_texts()
    assert any("March board" in option for option in options)
    assert not any("December board" in option or "Schools meeting" in option for option in options)
    _accessible(page)
    page.get_by_label("Meeting that approved the plan").select_option(label=str(held))
    page.get_by_role("button", name="Approve plan").click()
    plan.refresh_from_db()
    assert (plan.status, plan.approved_at_meeting) == ("approved", held)
