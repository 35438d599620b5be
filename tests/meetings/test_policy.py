"""The meetings' rows of the need-to-know table hold the rules we promise (written here by hand)."""

import pytest

from actionplans import policy as plan_policy
from common import need_to_know as policy
from common.need_to_know import ADMIN, PARTNER, PUBLIC, Level, Verdict
from meetings import policy as meeting_policy
from meetings.policy import INVITEE
from members import policy as member_policy

MEETING_CONTENT = [
    meeting_policy.ITEM_DESCRIPTION,
    meeting_policy.MINUTES_NOTES,
    meeting_policy.DECISIONS,
    meeting_policy.ACTIONS_ARISING,
    meeting_policy.PAPERS,
]


@pytest.mark.parametrize("audience", [PUBLIC, PARTNER])
@pytest.mark.parametrize("level", [Level.SENSITIVE, Level.CONFIDENTIAL])
def test_the_public_and_uninvited_partners_never_get_content_of_an_exempt_item(audience, level):
    for content in MEETING_CONTENT:
        assert policy.verdict(content, audience, level) == Verdict.WITHHELD
    assert policy.verdict(meeting_policy.ITEM_TITLE, audience, level) != Verdict.SHOWN


def test_admins_and_invitees_read_everything_about_their_meeting():
    for content in meeting_policy.CONTENTS:
        for level in Level:
            assert policy.verdict(content, ADMIN, level) == Verdict.SHOWN
            assert policy.verdict(content, INVITEE, level) == Verdict.SHOWN


def test_the_public_reads_no_plan_content_board_report_or_contact_details():
    for content in (
        plan_policy.PLAN_ACTIONS,
        plan_policy.PROGRESS_UPDATES,
        plan_policy.BOARD_REPORTS,
        member_policy.CONTACT_DETAILS,
    ):
        assert all(policy.verdict(content, PUBLIC, level) == Verdict.WITHHELD for level in Level)


def test_board_reports_are_for_admins_only():
    assert policy.shown(plan_policy.BOARD_REPORTS, ADMIN)
    assert not policy.shown(plan_policy.BOARD_REPORTS, PARTNER)
    assert not policy.shown(plan_policy.BOARD_REPORTS, INVITEE)


@pytest.mark.django_db
def test_a_password_only_admin_is_not_an_admin_while_the_second_factor_is_required(settings):
    from tests.factories import UserFactory

    settings.REQUIRE_ADMIN_2FA = True
    assert meeting_policy.audience(UserFactory(role="admin", second_factor=False)) == PUBLIC
    assert meeting_policy.audience(UserFactory(role="admin")) == ADMIN
