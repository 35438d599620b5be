"""The attendance report runs by municipal year (1 April to 31 March) and by group, with a "not recorded" column."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory

from .factories import GroupFactory, InvitationFactory, MainBoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _meeting(day, group, status="held"):
    start = datetime.datetime(*day, 10, tzinfo=datetime.UTC)
    return MeetingFactory(group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=status)


@pytest.fixture
def year_of_meetings():
    """2023/24 for Northport College: two board meetings (one present, one nobody recorded), one outside the year on
    each side, and a sub-group's meeting."""
    college = OrganisationFactory(name="Northport College")
    board, schools = MainBoardFactory(), GroupFactory(name="Schools sub-group")
    person = InvitationFactory(meeting=_meeting((2023, 5, 9), board), person__organisation=college,
                               attendance="present").person  # fmt: skip
    InvitationFactory(meeting=_meeting((2024, 2, 13), board), person=person)  # attendance never recorded
    InvitationFactory(meeting=_meeting((2023, 3, 14), board), person=person, attendance="present")  # 2022/23
    InvitationFactory(meeting=_meeting((2024, 4, 9), board), person=person, attendance="absent")  # 2024/25
    InvitationFactory(meeting=_meeting((2023, 10, 3), schools), person=person, attendance="apologies")
    return board, schools


def _rows(page):
    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(row.split()) for row in body.split('<tr class="govuk-table__row">')[1:]]


def _numbers(row):
    return [cell.split(">")[1] for cell in row.split("<td")[1:]]


def test_the_report_covers_a_municipal_year_of_one_group_with_not_recorded(admin_client, year_of_meetings):
    page = admin_client.get(reverse("meetings:attendance_report"), {"year": 2023}).content.decode()
    assert "Attendance by organisation, 2023/24" in page
    assert "from 1 April 2023 to 31 March 2024 of Prevent Partnership Board" in page
    (row,) = _rows(page)
    # Invited to, present, deputy, apologies, absent, not recorded
    assert _numbers(row) == ["2</td", "1</td", "0</td", "0</td", "0</td", "1</td"]


def test_another_group_or_all_groups_together_can_be_chosen(admin_client, year_of_meetings):
    _, schools = year_of_meetings
    page = admin_client.get(reverse("meetings:attendance_report"), {"year": 2023, "group": schools.pk}).content.decode()
    (row,) = _rows(page)
    assert _numbers(row)[:4] == ["1</td", "0</td", "0</td", "1</td"]
    page = admin_client.get(reverse("meetings:attendance_report"), {"year": 2023, "group": ""}).content.decode()
    assert "All groups together" in page
    assert _numbers(_rows(page)[0])[0] == "3</td"


def test_the_csv_has_the_not_recorded_column(admin_client, year_of_meetings):
    board, _ = year_of_meetings
    response = admin_client.get(
        reverse("meetings:attendance_report"), {"year": 2023, "group": board.pk, "format": "csv"}
    )
    assert "attendance-2023-24-prevent-partnership-board.csv" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()
    assert lines == [
        "Organisation,Meetings invited to,Present,Deputy attended,Apologies,Absent,Not recorded",
        "Northport College,2,1,0,0,0,1",
    ]
