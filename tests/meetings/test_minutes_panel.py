"""The admin dashboard lists minutes awaiting approval: written (draft or circulated) but not yet approved."""

import pytest

from meetings import services
from tests.meetings.factories import MeetingFactory, approve_minutes

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_minutes_awaiting_approval_and_not_approved_ones(admin_client, admin_user):
    draft = MeetingFactory(past=True, title="September board")
    circulated = MeetingFactory(past=True, title="June board")
    approved = MeetingFactory(past=True, title="March board")
    services.minutes_start(draft, by=admin_user)
    services.minutes_circulate(services.minutes_start(circulated, by=admin_user))
    approve_minutes(services.minutes_start(approved, by=admin_user))

    page = admin_client.get("/").content.decode()
    panel = page.split("Minutes awaiting approval", 1)[1].split("</div>", 1)[0]
    assert "September board" in panel and "Draft" in panel
    assert "June board" in panel and "Circulated" in panel
    assert "March board" not in panel
    assert "2 sets of minutes written but not yet approved" in panel


def test_with_nothing_waiting_the_panel_says_so(admin_client):
    page = admin_client.get("/").content.decode()
    assert "No minutes are waiting" in page
