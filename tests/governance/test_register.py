"""The decision register: across meetings and groups, as each reader may read it, searchable, as CSV, its public
version, and a fixed number of queries whatever its size."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from governance import services
from meetings import services as meeting_services
from meetings.models import Decision, Meeting, Minutes, MinutesVersion
from tests.meetings.factories import AgendaItemFactory, GroupFactory, MeetingActionFactory, MeetingFactory

from .factories import decided

pytestmark = pytest.mark.django_db


def test_a_partner_finds_decisions_across_meetings_and_groups(partner_client):
    decided(["Adopt the training plan"])
    decided(["Commission the schools survey"], group=GroupFactory(name="Education sub-group"))
    page = partner_client.get(reverse("governance:register")).content.decode()
    assert "Adopt the training plan" in page and "Commission the schools survey" in page
    page = partner_client.get(reverse("governance:register"), {"q": "survey"}).content.decode()
    assert "Adopt the training plan" not in page and "Commission the schools survey" in page


def test_the_register_filters_by_group_date_and_status(admin_client):
    board = decided(["Adopt the training plan"])[0]
    sub_group = GroupFactory(name="Education sub-group")
    other = decided(["Commission the schools survey"], group=sub_group)[0]
    services.decision_status_set(board, status="implemented")
    url = reverse("governance:register")
    assert (
        "schools survey"
        not in admin_client.get(url, {"group": board.minutes_version.minutes.meeting.group_id}).content.decode()
    )
    page = admin_client.get(url, {"status": "implemented"}).content.decode()
    assert "Adopt the training plan" in page and "schools survey" not in page
    page = admin_client.get(url, {"status": "made"}).content.decode()
    assert "Adopt the training plan" not in page and "schools survey" in page
    day = timezone.localdate(other.minutes_version.minutes.meeting.starts_at) + datetime.timedelta(days=1)
    assert "schools survey" not in admin_client.get(url, {"date_from": day.isoformat()}).content.decode()


def test_a_decision_under_a_confidential_item_is_not_read_by_a_partner_who_was_not_invited(
    partner_client, admin_client
):
    meeting = MeetingFactory(past=True)
    item = AgendaItemFactory(meeting=meeting, confidential=True, title="Channel panel referrals")
    decided(["Escalate the referral concerns"], meeting=meeting, item=item)
    assert "Escalate the referral" not in partner_client.get(reverse("governance:register")).content.decode()
    assert "Escalate the referral" in admin_client.get(reverse("governance:register")).content.decode()


def test_the_public_reads_only_public_items_of_published_minutes(client):
    meeting = MeetingFactory(past=True)
    public_item = AgendaItemFactory(meeting=meeting, title="Annual report", position=3)
    sensitive = AgendaItemFactory(meeting=meeting, title="Threat picture", position=4, marking="official_sensitive")
    version = meeting_services.minutes_start(meeting)
    meeting_services.decision_add(version, text="Publish the annual report", item=public_item)
    meeting_services.decision_add(version, text="Brief the sensitive threat", item=sensitive)
    from tests.meetings.factories import approve_minutes

    approve_minutes(version)
    decided(["Unpublished minutes decision"])
    url = reverse("governance:public_register")
    assert "Publish the annual report" not in client.get(url).content.decode()
    meeting_services.minutes_publish(version.minutes, version=MinutesVersion.objects.get(pk=version.pk))
    page = client.get(url).content.decode()
    assert "Publish the annual report" in page
    assert "Brief the sensitive threat" not in page and "Unpublished minutes decision" not in page
    csv = b"".join(client.get(reverse("governance:public_register_csv")).streaming_content).decode()
    assert "Publish the annual report" in csv and "sensitive threat" not in csv


def test_the_public_cannot_read_the_signed_in_register(client):
    assert client.get(reverse("governance:register")).status_code == 302


def test_a_superseded_decision_links_its_successor_and_its_actions_arising(admin_client):
    earlier = decided(["Meet quarterly"], starts_at=timezone.now() - datetime.timedelta(days=90))[0]
    later = decided(["Meet every two months"])[0]
    action = MeetingActionFactory(meeting=earlier.minutes_version.minutes.meeting, description="Book the rooms")
    response = admin_client.post(
        reverse("governance:decision_status", args=[earlier.pk]),
        {"status": "superseded", "superseded_by": later.pk, "actions": [action.pk]},
    )
    assert response.status_code == 302
    page = admin_client.get(reverse("governance:register")).content.decode()
    assert "Superseded: by" in page and "Book the rooms" in page


def test_superseding_by_itself_is_refused_on_the_page(admin_client):
    decision = decided(["Meet quarterly"])[0]
    response = admin_client.post(
        reverse("governance:decision_status", args=[decision.pk]),
        {"status": "superseded", "superseded_by": decision.pk},
    )
    assert response.status_code == 200
    assert (
        "Select a valid choice" in response.content.decode() or "cannot supersede itself" in response.content.decode()
    )


def test_the_csv_lists_the_filtered_register(partner_client):
    decided(["=HYPERLINK(bad)"])
    body = b"".join(partner_client.get(reverse("governance:register_csv")).streaming_content).decode()
    assert "'=HYPERLINK(bad)" in body and body.splitlines()[0].lstrip("\ufeff").startswith("taken,group")


# Speed ------------------------------------------------------------------------------------------------


def _many_decisions(count, per_meeting=50):
    """`count` decisions in approved minutes, `per_meeting` a meeting, with statuses on some of them."""
    group = GroupFactory(name="Speed group")
    start = timezone.now() - datetime.timedelta(days=400)
    meetings = Meeting.objects.bulk_create(
        Meeting(group=group, title=f"Meeting {n}", starts_at=start + datetime.timedelta(days=n),
                ends_at=start + datetime.timedelta(days=n, hours=2), status="held")
        for n in range(max(1, count // per_meeting))
    )  # fmt: skip
    minutes = Minutes.objects.bulk_create(Minutes(meeting=m) for m in meetings)
    versions = MinutesVersion.objects.bulk_create(
        MinutesVersion(minutes=m, number=1, status="approved") for m in minutes
    )
    rows = Decision.objects.bulk_create(
        Decision(minutes_version=versions[n % len(versions)], text=f"Decision {n}", position=n) for n in range(count)
    )
    for decision in rows[-3:]:  # the newest meeting's: on the first page at both sizes
        services.decision_status_set(decision, status="implemented")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a bulk load: without statistics the planner guesses empty
    return rows


@pytest.mark.parametrize("count", [50, 5000])
def test_the_register_runs_a_fixed_number_of_queries(count, partner_client, django_assert_num_queries):
    _many_decisions(count)
    partner_client.get(reverse("governance:register"))
    # The same at 50 and 5,000: the sign-in's reads, the groups, the count and the page, the page's actions arising,
    # the decisions between meetings.
    with django_assert_num_queries(10):
        response = partner_client.get(reverse("governance:register"))
    assert response.status_code == 200
