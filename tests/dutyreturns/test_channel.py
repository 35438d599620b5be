"""Channel figures: counts that add up or are refused, "<5" on the page, the CSV and the PDF, only for admins and the
panel's members; attendance by agency and the alert after two panels missed running."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dutyreturns import selectors, services
from dutyreturns.models import ChannelCategory, ChannelPanel, ChannelQuarter
from meetings.models import Invitation
from tests.factories import UserFactory, signed_in_client
from tests.meetings.factories import GroupFactory, GroupMembershipFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db

YEAR = selectors.current_year() - 1  # a whole year that has passed


def _figures(**over):
    figures = {
        "referrals": 20,
        "discussed": 12,
        "adopted": 6,
        "closed": 5,
        "repeat_referrals": 2,
        "reviews_6_on_time": 3,
        "reviews_6_due": 4,
        "reviews_12_on_time": 2,
        "reviews_12_due": 2,
        "signposted": 7,
    }
    return {**figures, **over}


def _sectors(*counts):
    cats = list(ChannelCategory.objects.filter(dimension="sector").order_by("order"))
    return {c.pk: n for c, n in zip(cats, counts, strict=False)}


def _key(quarter, **over):
    return services.quarter_save(year=YEAR, quarter=quarter, figures=_figures(**over), counts={}, by=None)


def test_adopted_above_discussed_is_refused_and_nothing_is_saved():
    with pytest.raises(ValidationError) as refused:
        _key(1, adopted=13)
    assert refused.value.message_dict["adopted"] == ["Adopted (13) cannot be more than discussed at panel (12)"]
    assert not ChannelQuarter.objects.exists()


def test_categories_that_do_not_add_up_to_the_referrals_are_refused():
    counts = _sectors(10, 3, 2)
    with pytest.raises(ValidationError) as refused:
        services.quarter_save(year=YEAR, quarter=1, figures=_figures(), counts=counts, by=None)
    message = next(iter(refused.value.message_dict.values()))[0]
    assert (
        message == "The counts by sector of referral add up to 15, but 20 referrals were entered: they must add up "
        "to the referrals"
    )


def test_a_quarter_not_yet_started_is_refused():
    with pytest.raises(ValidationError) as refused:
        services.quarter_save(year=selectors.current_year() + 1, quarter=4, figures=_figures(), counts={}, by=None)
    assert "has not started yet" in refused.value.message_dict["quarter"][0]


def test_a_second_entry_for_the_same_quarter_is_refused():
    _key(2)
    with pytest.raises(ValidationError) as refused:
        _key(2)
    assert refused.value.message_dict["quarter"] == ["That quarter's figures are already in: change them instead"]


@pytest.fixture
def year_of_figures(db):
    """Four quarters; the sector counts hold a 3 in Q1 (education) that its row and column would give away."""
    for quarter, education in ((1, 3), (2, 8), (3, 6), (4, 9)):
        services.quarter_save(
            year=YEAR, quarter=quarter, figures=_figures(), counts=_sectors(education, 20 - education), by=None
        )


def _panel(member=None):
    group = GroupFactory(name="Channel Panel")
    ChannelPanel.objects.create(group=group)
    if member is not None:
        GroupMembershipFactory(group=group, person=member)
    return group


def test_small_numbers_are_less_than_five_on_the_page_the_csv_and_the_pdf(admin_client, year_of_figures):
    page = admin_client.get(reverse("dutyreturns:channel") + f"?year={YEAR}").content.decode()
    assert "&lt;5" in page and "[c]" in page
    csv = b"".join(admin_client.get(reverse("dutyreturns:channel_csv") + f"?year={YEAR}").streaming_content).decode()
    assert "<5" in csv
    # "Adopted as Channel cases" is 6 every quarter: not small, shown; reviews due are 4: small, hidden.
    adopted = next(line for line in csv.splitlines() if line.startswith("Adopted"))
    assert adopted.strip() == "Adopted as Channel cases,6,6,6,6,24"
    reviews = next(line for line in csv.splitlines() if line.startswith("6-month reviews due"))
    # Four small counts making 16 could only be four 4s: the year's total is withheld as well.
    assert reviews.strip() == "6-month reviews due,<5,<5,<5,<5,[c]"
    services.statement_for_year(YEAR)
    pdf = admin_client.get(reverse("dutyreturns:statement_pdf", args=[YEAR])).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "<5" in text


def test_the_stored_small_figure_is_shown_on_the_entry_form_only_to_the_admin_who_keyed_it(
    admin_user, admin_client, year_of_figures
):
    quarter = ChannelQuarter.objects.get(year=YEAR, quarter=1)
    quarter.keyed_by = admin_user
    quarter.save()
    form = admin_client.get(reverse("dutyreturns:quarter_edit", args=[quarter.pk])).content.decode()
    assert 'name="reviews_6_due" value="4"' in form

    other = signed_in_client(UserFactory(role="admin"))
    form = other.get(reverse("dutyreturns:quarter_edit", args=[quarter.pk])).content.decode()
    assert 'name="reviews_6_due" value="4"' not in form
    assert 'name="adopted" value="6"' in form  # not small: shown
    assert "shown only to them. Leave it empty to keep it" in form


def test_another_admin_saving_the_form_unchanged_keeps_the_small_figures_they_cannot_see(year_of_figures):
    quarter = ChannelQuarter.objects.get(year=YEAR, quarter=1)
    education = quarter.counts.get(count=3)
    other = signed_in_client(UserFactory(role="admin"))
    url = reverse("dutyreturns:quarter_edit", args=[quarter.pk])
    data = {
        "version": quarter.version,
        "year": YEAR,
        "quarter": 1,
        **{f"c{c.category_id}": c.count for c in quarter.counts.all()},
    }
    for name in ("referrals", "discussed", "adopted", "closed", "signposted"):
        data[name] = getattr(quarter, name)
    for name in ("repeat_referrals", "reviews_6_on_time", "reviews_6_due", "reviews_12_on_time", "reviews_12_due"):
        data[name] = ""  # small: the form left them empty for this admin
    data[f"c{education.category_id}"] = ""

    response = other.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    quarter.refresh_from_db()
    assert (quarter.repeat_referrals, quarter.reviews_6_due, quarter.reviews_12_due) == (2, 4, 2)
    assert quarter.counts.get(category_id=education.category_id).count == 3


def test_channel_figures_are_for_admins_and_the_panels_members_only(year_of_figures):
    member = UserFactory(role="partner")
    other = UserFactory(role="partner")
    _panel(member.person)
    url = reverse("dutyreturns:channel")
    assert signed_in_client(member).get(url).status_code == 200
    assert signed_in_client(other).get(url).status_code == 403
    assert signed_in_client(other).get(reverse("dutyreturns:channel_csv")).status_code == 403


def test_an_agency_that_missed_two_panels_running_is_flagged(admin_client):
    attends, misses = UserFactory(role="partner").person, UserFactory(role="partner").person
    group = _panel()
    start = timezone.make_aware(datetime.datetime(YEAR, 5, 1, 10))
    for n in range(3):
        meeting = MeetingFactory(
            group=group,
            status="held",
            starts_at=start + datetime.timedelta(days=60 * n),
            ends_at=start + datetime.timedelta(days=60 * n, hours=2),
        )
        InvitationFactory(meeting=meeting, person=attends, attendance=Invitation.Attendance.PRESENT)
        InvitationFactory(
            meeting=meeting,
            person=misses,
            attendance=Invitation.Attendance.PRESENT if n == 0 else Invitation.Attendance.ABSENT,
        )
    attendance = selectors.panel_attendance(YEAR)
    assert attendance["alerts"] == [misses.organisation]
    assert selectors.panel_alerts() == [misses.organisation]
    page = admin_client.get(reverse("dutyreturns:channel") + f"?year={YEAR}").content.decode()
    assert "Missed two running" in page


def test_the_statement_is_signed_by_a_named_chief_officer_once_every_area_is_rated(admin_client):
    statement = services.statement_for_year(YEAR)
    with pytest.raises(ValidationError):
        services.statement_sign(statement=statement, name="Dana Reeve", role="Chief Executive", by=None)
    ratings = {r.pk: ("good", "Attendance 90%") for r in statement.ratings.all()}
    services.statement_save(statement=statement, summary="A good year", ratings=ratings)
    services.statement_sign(statement=statement, name="Dana Reeve", role="Chief Executive", by=None)
    page = admin_client.get(reverse("dutyreturns:statement", args=[YEAR])).content.decode()
    assert "Signed by Dana Reeve, Chief Executive" in page
    with pytest.raises(ValidationError):
        services.statement_save(statement=statement, summary="changed", ratings={})
