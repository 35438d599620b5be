"""Every email links only where its reader may go: each kind the outbox knows, written and sent for real,
then each link in its text and HTML parts followed as the recipient (signed in when they can sign in)."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db.models import F
from django.test import Client
from django.utils import timezone

from meetings import emails as meeting_emails
from meetings import reminders
from meetings import services as meetings
from meetings.models import Meeting
from members import emails as member_emails
from members import services as members
from members.models import Person, User
from outbox import kinds
from outbox import services as outbox
from outbox.models import EmailDelivery
from returnrequests import services as returns
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory
from tests.factories import PersonFactory, UserFactory, signed_in_client
from tests.meetings.factories import (
    AgendaItemFactory,
    InvitationFactory,
    MainBoardFactory,
    MeetingActionFactory,
    MeetingFactory,
)
from tests.members.factories import JoinRequestFactory
from tests.pdfs import blank_pdf

pytestmark = pytest.mark.django_db

Kind = meeting_emails.Kind
JoinKind = member_emails.Kind
SITE_URL = "https://partnership.example.org"
PDF = blank_pdf()


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE_URL
    settings.MEDIA_ROOT = tmp_path / "media"


def _meeting_emails(partner, admin, without_login):
    """Agenda, reminder, chaser, update, late papers, cancellation and minutes, to an invitee with a login and to
    one without."""
    meeting = MeetingFactory(group=MainBoardFactory(), starts_at=timezone.now() + datetime.timedelta(days=20))
    item = AgendaItemFactory(meeting=meeting, title="Referrals this quarter")
    InvitationFactory(meeting=meeting, person=partner.person)
    InvitationFactory(meeting=meeting, person=without_login)
    meetings.meeting_publish_agenda(meeting)
    reminders.deliveries_for_agenda(meeting.pk)
    for kind in (Kind.REMINDER, Kind.CHASER, Kind.UPDATE):
        for person in (partner.person, without_login):
            outbox.email_enqueue(kind, about=meeting, person=person, meeting_id=meeting.pk)
    upload = ContentFile(PDF, name="figures.pdf")
    meetings.paper_upload(item=item, upload=upload, title="Late figures", marking="official", by=admin)

    cancelled = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=30))
    InvitationFactory(meeting=cancelled, person=partner.person)
    meetings.meeting_set_status(cancelled, status=Meeting.Status.CANCELLED, note="Room unavailable")
    outbox.email_enqueue(Kind.CANCELLATION, about=cancelled, person=partner.person, meeting_id=cancelled.pk)

    held = MeetingFactory(past=True)
    AgendaItemFactory(meeting=held)
    InvitationFactory(meeting=held, person=partner.person)
    InvitationFactory(meeting=held, person=without_login)
    version = meetings.minutes_start(held)
    meetings.minutes_circulate(version)
    meeting_emails.minutes_circulated_enqueue(version.pk)
    return meeting


def _action_emails(partner, without_login):
    for kind, trait in ((Kind.ACTION_DUE, {}), (Kind.ACTION_OVERDUE, {"overdue": True})):
        for owner in (partner.person, without_login):
            action = MeetingActionFactory(owner=owner, **trait)
            outbox.email_enqueue(kind, about=action, person=owner, meeting_id=action.meeting_id)


def _progress_return_emails(partner):
    priority = PriorityFactory(plan=PlanFactory())
    ActionFactory(priority=priority, lead_organisation=partner.organisation, lead_officer=partner.person)
    returns.requests_due()
    returns.requests_due(now=timezone.now() + datetime.timedelta(days=14))


def _duty_return_period():
    """A period just ended and due: the engine's runs in `_progress_return_emails` ask and chase partner returns too."""
    from dutyreturns.models import ReturnPeriod

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    ReturnPeriod.objects.create(label="Last quarter", start=today - 100 * day, end=today - 10 * day, due=today - day)


def _risk_review_emails(partner, without_login):
    """A review reminder and an overdue one, to a risk owner with a login and to one without."""
    from risks import reminders
    from risks.models import Risk, RiskAssessment, Theme

    meeting = MeetingFactory(past=True)
    assessment = RiskAssessment.objects.create(
        period_label="2026/27", period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2027, 3, 31),
        status="agreed", agreed_at_meeting=meeting,
    )  # fmt: skip
    today = timezone.localdate()
    for n, (owner, days) in enumerate(((partner.person, 5), (without_login, -5), (partner.person, -2))):
        Risk.objects.create(
            assessment=assessment, reference=f"R{n + 1}", title="Stickers", theme=Theme.objects.first(),
            from_local_data=True, owner_organisation=owner.organisation, owner_officer=owner,
            inherent_likelihood=3, inherent_impact=3, residual_likelihood=2, residual_impact=2,
            review_date=today + datetime.timedelta(days=days),
        )  # fmt: skip
    reminders.plan()


def _membership_emails(admin):
    approved = members.join_request_submit(join_request=JoinRequestFactory.build())
    members.join_request_approve(join_request=approved, by=admin)
    declined = members.join_request_submit(join_request=JoinRequestFactory.build())
    members.join_request_decline(join_request=declined, by=admin, reason="Outside our area")
    members.person_invite(person=PersonFactory())
    member_emails.password_reset_enqueue(UserFactory())


def _governance_emails(partner, without_login):
    """The yearly request to confirm the register of interests (to members with a sign-in), and a vote between
    meetings asked and reminded by signed link, to a member with a sign-in and one without."""
    from governance import emails as governance_emails
    from governance import services as governance
    from governance.models import ConfirmationRound

    ConfirmationRound.objects.get_or_create(year=timezone.now().year)  # an admin has asked for the year's
    governance_emails.plan_confirmations(now=timezone.make_aware(datetime.datetime(timezone.now().year, 4, 2, 9)))
    closes = timezone.now() + datetime.timedelta(hours=30)
    governance.motion_put(
        group=MainBoardFactory(), voters=[partner.person, without_login], closes_at=closes, title="Adopt the pathway",
        text="Adopt it.", reasons="Needed before the next meeting.",
    )  # fmt: skip
    returns.requests_chase(kind="motion_vote", now=timezone.now() + datetime.timedelta(hours=7))


def _send_everything():
    # Late papers wait ten minutes to gather a burst: that time passes.
    EmailDelivery.objects.filter(status="pending").update(not_before=F("not_before") - datetime.timedelta(minutes=11))
    outbox.deliveries_send(outbox.deliveries_due_ids())


def _links(message):
    text = [link.rstrip(".,)") for link in re.findall(r"https?://[^\s<>\"']+", message.body)]
    markup = [html.unescape(link) for link in re.findall(r'href="([^"]+)"', message.alternatives[0][0])]
    return text, markup


def _reader(delivery):
    """A client as the recipient: signed in when they have a login they can sign in with, anonymous if not."""
    person = Person.objects.filter(pk=delivery.person_id).select_related("user").first()
    user = person.user if person is not None else User.objects.filter(email=delivery.to_email).first()
    client = Client()
    if delivery.kind in (JoinKind.JOIN_RECEIPT, JoinKind.JOIN_APPROVED, JoinKind.JOIN_DECLINED):
        return client, False  # the applicant, who has chosen no password yet
    if user is not None and user.is_active and user.has_usable_password():
        signed_in_client(user, client)
        return client, True
    return client, False


def _follow(client, signed_in, link):
    assert link.startswith(SITE_URL + "/"), f"{link} leaves the site"
    response = client.get(link.removeprefix(SITE_URL), follow=True)
    for hop, _ in response.redirect_chain:
        assert hop.startswith("/") or hop.startswith("http://testserver/"), f"{link} redirects off the site: {hop}"
    assert response.status_code == 200, f"{link} answers {response.status_code}"
    landed = response.request["PATH_INFO"]
    # Signed in or not, nobody is sent to sign in: a reader without a login could not.
    who = "signed-in reader to sign in again" if signed_in else "reader, who has no sign-in, to sign in"
    assert not landed.startswith("/accounts/login"), f"{link} sends its {who}"


def test_every_link_in_every_kind_of_email_opens_for_its_reader(admin_user, partner_user):
    without_login = PersonFactory(name="Grace Okafor")  # a member with no sign-in to the site
    _meeting_emails(partner_user, admin_user, without_login)
    _action_emails(partner_user, without_login)
    _duty_return_period()
    _progress_return_emails(partner_user)
    _risk_review_emails(partner_user, without_login)
    _membership_emails(admin_user)
    _governance_emails(partner_user, without_login)
    mail.outbox = []
    _send_everything()

    sent = EmailDelivery.objects.filter(status="sent").order_by("pk")
    messages = {(", ".join(m.to), m.subject): m for m in mail.outbox}
    covered = set()
    for delivery in sent:
        message = messages[(delivery.to_email, delivery.subject)]
        text, markup = _links(message)
        client, signed_in = _reader(delivery)
        for link in dict.fromkeys(text + markup):
            _follow(client, signed_in, link)
        covered.add(delivery.kind)
    # A new kind of email, whichever app registers it, fails here until this test writes and follows one.
    registered = {value for value, _ in kinds.choices()}
    assert covered == registered, f"not covered: {registered - covered}"
    assert not EmailDelivery.objects.exclude(status="sent").exists()
