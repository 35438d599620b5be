"""Canaries: a unique word in every sensitive field of a world of records; every page, PDF, email, calendar and
export is read by each audience, and no word reaches an audience we promise it never reaches.

The promises are written here by hand, apart from the need-to-know module they check: for each kind of content,
which audience must never read it. The audiences: "admin" (second factor given), "invitee" (a partner invited to
the meeting), "partner" (a partner who was not invited), "public" (not signed in; an admin who has given only the
password reads no more than the public).
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings import reminders, services
from meetings.models import GeneratedPdf, Marking, Meeting, Paper
from outbox import services as outbox_services
from outbox.tasks import send_due_emails
from tests.actionplans.factories import ActionFactory, UpdateFactory
from tests.factories import PersonFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    InvitationFactory,
    MeetingActionFactory,
    MeetingFactory,
    approve_minutes,
)
from tests.meetings.output_factories import DecisionFactory
from tests.pdfs import blank_pdf

pytestmark = pytest.mark.django_db

ADMIN, INVITEE, PARTNER, PUBLIC = "admin", "invitee", "partner", "public"
# What an exempt item holds is for admins and its meeting's invitees only.
EXEMPT_ITEM_CONTENT = {PARTNER, PUBLIC}
# Partners run the plan together; the public reads none of it.
PARTNERS_ONLY = {PUBLIC}
ADMINS_ONLY = {INVITEE, PARTNER, PUBLIC}

# word -> who must never read it (where it is planted says why).
NEVER = {
    "CANARYDESCOS": EXEMPT_ITEM_CONTENT,  # the description of an OFFICIAL-SENSITIVE item
    "CANARYDESCCONF": EXEMPT_ITEM_CONTENT,  # the description of a confidential item
    "CANARYTITLECONF": EXEMPT_ITEM_CONTENT,  # the title of a confidential item
    "CANARYNOTESOS": EXEMPT_ITEM_CONTENT,  # minutes of an OFFICIAL-SENSITIVE item
    "CANARYNOTESCONF": EXEMPT_ITEM_CONTENT,
    "CANARYDECOS": EXEMPT_ITEM_CONTENT,  # a decision under an OFFICIAL-SENSITIVE item
    "CANARYDECCONF": EXEMPT_ITEM_CONTENT,
    "CANARYACTCONF": EXEMPT_ITEM_CONTENT,  # an action arising under a confidential item (owned by someone else)
    "CANARYACTOS": EXEMPT_ITEM_CONTENT,
    "CANARYPAPERCONF": EXEMPT_ITEM_CONTENT,  # a confidential paper's title
    "CANARYPAPEROS": EXEMPT_ITEM_CONTENT,  # an OFFICIAL-SENSITIVE paper's title
    "CANARYPLANOS": PARTNERS_ONLY,  # an OFFICIAL-SENSITIVE plan action
    "CANARYUPDATEOS": PARTNERS_ONLY,  # a progress update on it
}


def refused(audience):
    return {word for word, never in NEVER.items() if audience in never}


def _paper(item, title, **fields):
    from django.core.files.base import ContentFile

    paper = Paper(item=item, title=title, filename="p.pdf", kind=Paper.Kind.PDF, size=1, **fields)
    paper.file.save("p.pdf", ContentFile(blank_pdf()), save=False)
    paper.save()
    return paper


def _agenda(meeting):
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome", description="Open words")
    sensitive = AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Threat picture",
        description="CANARYDESCOS",
        marking=Marking.OFFICIAL_SENSITIVE,
    )
    secret = AgendaItemFactory(
        meeting=meeting, position=3, title="CANARYTITLECONF", description="CANARYDESCCONF", confidential=True
    )
    open_item = meeting.items.get(position=1)
    _paper(open_item, "CANARYPAPERCONF", is_confidential=True, confidential_reason="Names")
    _paper(open_item, "CANARYPAPEROS", marking=Marking.OFFICIAL_SENSITIVE)
    _paper(open_item, "Open paper")
    return sensitive, secret


@pytest.fixture
def world(settings, tmp_path, partner_user, other_partner_user, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    held = MeetingFactory(past=True, title="Held board")
    coming = MeetingFactory(title="Coming board", status=Meeting.Status.AGENDA_PUBLISHED)
    owner = PersonFactory(name="Third Owner")
    for meeting in (held, coming):
        InvitationFactory(meeting=meeting, person=partner_user.person)
        _agenda(meeting)
    held_sensitive, held_secret = held.items.get(position=2), held.items.get(position=3)
    for item, word in ((held_secret, "CANARYACTCONF"), (held_sensitive, "CANARYACTOS")):
        MeetingActionFactory(
            meeting=held,
            item=item,
            owner=owner,
            description=word,
            due_date=timezone.localdate() + datetime.timedelta(days=2),
            created_at=timezone.now() - datetime.timedelta(days=2),
        )
    # The uninvited partner owns an overdue action under the confidential item: the site shows it to them, no email.
    MeetingActionFactory(
        meeting=held,
        item=held_secret,
        owner=other_partner_user.person,
        description="Owner's own action",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.minutes_start(held)
        version.notes.filter(item=held_sensitive).update(text="CANARYNOTESOS")
        version.notes.filter(item=held_secret).update(text="CANARYNOTESCONF")
        DecisionFactory(minutes_version=version, item=held_sensitive, text="CANARYDECOS")
        DecisionFactory(minutes_version=version, item=held_secret, text="CANARYDECCONF")
        approve_minutes(version)  # at a later meeting, as the service requires
        version.refresh_from_db()
        services.minutes_publish(version.minutes, version=version)
        from meetings import documents

        documents.agenda_pack_request(held)
        documents.agenda_pack_request(coming)
    plan_action = ActionFactory(description="CANARYPLANOS", marking=Marking.OFFICIAL_SENSITIVE)
    UpdateFactory(action=plan_action, narrative="CANARYUPDATEOS")
    assert GeneratedPdf.objects.filter(state=GeneratedPdf.State.READY).count() == 6
    return {"held": held, "coming": coming, "version": version, "plan_action": plan_action}


def _pages(client, world):
    held, coming = world["held"], world["coming"]
    urls = [
        reverse("home"),
        reverse("meetings:index"),
        reverse("meetings:public_index"),
        reverse("meetings:my_actions"),
        reverse("meetings:action_log"),
        reverse("actionplans:index"),
        reverse("actionplans:public_summary"),
        reverse("actionplans:action", args=[world["plan_action"].pk]),
        reverse("actionplans:plan", args=[world["plan_action"].priority.plan_id]),
        reverse("actionplans:plan_csv", args=[world["plan_action"].priority.plan_id]),
        reverse("members:directory"),
    ]
    for meeting in (held, coming):
        urls += [
            reverse("meetings:detail", args=[meeting.pk]),
            reverse("meetings:actions", args=[meeting.pk]),
            reverse("meetings:ics", args=[meeting.pk]),
            reverse("meetings:minutes", args=[meeting.pk]),
            reverse("meetings:public_minutes", args=[meeting.pk]),
        ]
    text = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text.append(body.decode(errors="replace"))
    for pdf in GeneratedPdf.objects.all():
        response = client.get(reverse("meetings:pdf_download", args=[pdf.pk, pdf.filename]))
        if response.status_code == 200:
            content = b"".join(response.streaming_content)
            text.append(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))
    return "\n".join(text)


@pytest.fixture
def password_only_admin_client(db):
    """An admin who has typed the password and not yet given the second factor: no more than the public."""
    from django.test import Client

    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(role="admin", second_factor=False))
    return client


@pytest.mark.parametrize(
    ("audience", "client_fixture"),
    [
        (ADMIN, "admin_client"),
        (INVITEE, "partner_client"),
        (PARTNER, "other_partner_client"),
        (PUBLIC, "client"),
        (PUBLIC, "password_only_admin_client"),
    ],
)
def test_no_canary_reaches_an_audience_we_promise_it_never_reaches(world, request, audience, client_fixture):
    text = _pages(request.getfixturevalue(client_fixture), world)
    leaked = sorted(w for w in refused(audience) if w in text)
    assert leaked == []
    if audience in (ADMIN, INVITEE):
        # The canaries are really on the pages those entitled read, so their absence elsewhere means something.
        assert "CANARYNOTESCONF" in text and "CANARYDESCOS" in text


def test_no_email_carries_a_canary(world, mailoutbox):
    send_due_emails.delay()
    ids = reminders.deliveries_for_agenda(world["coming"].pk)
    outbox_services.deliveries_send(ids)
    subjects = [message.subject for message in mailoutbox]
    for kind in ("Action due", "Overdue action", "Agenda published"):
        assert any(subject.startswith(kind) for subject in subjects), kind
    for message in mailoutbox:
        words = message.subject + message.body + "".join(str(a[0]) for a in message.alternatives)
        assert sorted(w for w in refused(PUBLIC) if w in words) == []
