"""Canaries: a unique word in every sensitive field of a world of records; every page, PDF, email, calendar and
export is read by each audience, and no word reaches an audience that docs/need-to-know.md refuses it."""

import datetime
import io

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans.models import Action
from meetings import policy, reminders, services
from meetings.models import GeneratedPdf, Marking, Meeting, Paper
from meetings.policy import Audience, Content, Level, Verdict
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

# word -> (content, level): where it is planted, so the policy says who may read it.
CANARIES = {
    "CANARYDESCOS": (Content.ITEM_DESCRIPTION, Level.SENSITIVE),
    "CANARYDESCCONF": (Content.ITEM_DESCRIPTION, Level.CONFIDENTIAL),
    "CANARYTITLECONF": (Content.ITEM_TITLE, Level.CONFIDENTIAL),
    "CANARYNOTESOS": (Content.MINUTES_NOTES, Level.SENSITIVE),
    "CANARYNOTESCONF": (Content.MINUTES_NOTES, Level.CONFIDENTIAL),
    "CANARYDECOS": (Content.DECISIONS, Level.SENSITIVE),
    "CANARYDECCONF": (Content.DECISIONS, Level.CONFIDENTIAL),
    "CANARYACTCONF": (Content.ACTIONS_ARISING, Level.CONFIDENTIAL),
    "CANARYACTOS": (Content.ACTIONS_ARISING, Level.SENSITIVE),
    "CANARYPAPERCONF": (Content.PAPERS, Level.CONFIDENTIAL),
    "CANARYPAPEROS": (Content.PAPERS, Level.SENSITIVE),
    "CANARYPLANOS": (Content.PLAN_ACTIONS, Level.SENSITIVE),
    "CANARYUPDATEOS": (Content.PROGRESS_UPDATES, Level.SENSITIVE),
}


def refused(audience):
    return {
        w for w, (content, level) in CANARIES.items() if policy.verdict(content, audience, level) == Verdict.WITHHELD
    }


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


@pytest.mark.parametrize(
    ("audience", "client_fixture"),
    [
        (Audience.ADMIN, "admin_client"),
        (Audience.INVITEE, "partner_client"),
        (Audience.PARTNER, "other_partner_client"),
        (Audience.PUBLIC, "client"),
    ],
)
def test_no_canary_reaches_an_audience_the_table_refuses(world, request, audience, client_fixture):
    text = _pages(request.getfixturevalue(client_fixture), world)
    leaked = sorted(w for w in refused(audience) if w in text)
    assert leaked == []
    if audience in (Audience.ADMIN, Audience.INVITEE):
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
        assert sorted(w for w in refused(Audience.PUBLIC) if w in words) == []


# The whole service, discovered ------------------------------------------------------------------
# The access world (tests/access/world.py) with a canary word in every free-text field of every record that
# carries a grading, found through django.apps: a new model with a `marking` or `is_confidential` field, or a
# queryset under a meeting, is planted without editing this test. Then every GET URL of the access matrix,
# every email kind, the subject access export and the audit pages are read by each audience.

# Structural text that names or routes rather than tells: not content of the table.
NOT_CONTENT = {"filename", "confidential_reason", "presenter", "reference", "item_title", "token", "key", "email"}
# Where a model's queryset does not say which row of the table it is.
CONTENT_OF = {"actionplans.Action": Content.PLAN_ACTIONS}
FIELD_CONTENT = {("meetings.AgendaItem", "description"): Content.ITEM_DESCRIPTION}
MATRIX_ROLES = {
    Audience.ADMIN: "admin",
    Audience.INVITEE: "partner_a",
    Audience.PARTNER: "partner_b",
    Audience.PUBLIC: "anonymous",
}


def graded_models():
    from meetings.policy import MeetingScopedQuerySet

    found = {}
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        content = getattr(model._default_manager.all(), "content", None) or CONTENT_OF.get(model._meta.label)
        if names & {"marking", "is_confidential"} or (
            isinstance(model._default_manager.all(), MeetingScopedQuerySet) and content
        ):
            found[model] = content
    return found


def test_every_graded_model_says_which_content_it_is():
    missing = [model._meta.label for model, content in graded_models().items() if content is None]
    assert missing == [], "give their queryset a `content` (meetings.policy.Content)"


def _plant(world):
    """A unique word in each free-text field of each graded row: word -> (content, level)."""
    from django.db import models as db_models

    canaries = {}
    for model, content in graded_models().items():
        fields = [
            f
            for f in model._meta.fields
            if isinstance(f, db_models.CharField | db_models.TextField) and not f.choices and f.name not in NOT_CONTENT
        ]
        for row in model._default_manager.all():
            words = {}
            for f in fields:
                word = f"CANARY{len(canaries):03d}Q"
                canaries[word] = (FIELD_CONTENT.get((model._meta.label, f.name), content), policy.level(row))
                words[f.name] = word
            model._default_manager.filter(pk=row.pk).update(**words)
    for update in world.plan_action.updates.all():
        word = f"CANARY{len(canaries):03d}Q"
        canaries[word] = (Content.PROGRESS_UPDATES, policy.level(world.plan_action))
        type(update).objects.filter(pk=update.pk).update(narrative=word)
    return canaries


@pytest.fixture
def full_world(settings, tmp_path):
    from meetings.models import MinuteNote
    from tests.access.world import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    held, third = world.held, PersonFactory(name="Third Owner")
    for grading in ({"confidential": True}, {"marking": Marking.OFFICIAL_SENSITIVE}):
        item = AgendaItemFactory(meeting=held, position=held.items.count() + 1, **grading)
        MinuteNote.objects.create(minutes_version=world.minutes_version, item=item, text="notes")
        DecisionFactory(minutes_version=world.minutes_version, item=item, text="decided")
        MeetingActionFactory(meeting=held, item=item, owner=third, description="to do")
    # An action under a confidential item for partner A: the email to its owner must carry none of it.
    world.extra["secret_action"] = MeetingActionFactory(
        meeting=held,
        item=held.items.filter(is_confidential=True).first(),
        owner=world.person_a,
        description="owner's action",
        due_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    Action.objects.filter(pk=world.plan_action.pk).update(marking=Marking.OFFICIAL_SENSITIVE)
    world.plan_action.refresh_from_db()
    UpdateFactory(action=world.plan_action, narrative="update")
    world.extra["canaries"] = _plant(world)
    return world


def _read(client, url):
    response = client.get(url)
    if response.status_code != 200:
        return ""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode(errors="replace")


def _refused_in(canaries, audience, text):
    return sorted(
        w
        for w, (content, lvl) in canaries.items()
        if policy.verdict(content, audience, lvl) == Verdict.WITHHELD and w in text
    )


@pytest.mark.parametrize("audience", list(Audience))
def test_no_canary_reaches_a_refused_audience_on_any_url_of_the_access_matrix(full_world, audience):
    from django.test import Client

    from tests.access.matrix import ENTRIES

    client = Client()
    role = MATRIX_ROLES[audience]
    if role != "anonymous":
        client.force_login(full_world.users[role])
    read = {}
    for entry in ENTRIES:
        url = reverse(entry.name, kwargs=entry.kwargs(full_world))
        read[url] = _read(client, url)
    canaries = full_world.extra["canaries"]
    leaks = {url: words for url, text in read.items() if (words := _refused_in(canaries, audience, text))}
    assert leaks == {}
    if audience in (Audience.ADMIN, Audience.INVITEE):
        everything = "\n".join(read.values())
        confidential = [w for w, (_c, lvl) in canaries.items() if lvl == Level.CONFIDENTIAL and w in everything]
        assert confidential, "the canaries are on the pages of those entitled"


def test_the_subject_access_export_follows_the_table_for_the_person_it_covers(full_world):
    from django.test import Client

    client = Client()
    client.force_login(full_world.users["admin"])
    canaries = full_world.extra["canaries"]
    for person, audience in ((full_world.person_a, Audience.INVITEE), (full_world.person_b, Audience.PARTNER)):
        text = _read(client, reverse("subject_access", kwargs={"person_id": person.pk}))
        assert text, "the export is served"
        assert _refused_in(canaries, audience, text) == []


def test_no_email_of_any_kind_carries_a_canary(full_world):
    from django.contrib.auth import get_user_model

    from actionplans.emails import Kind as PlanKind
    from meetings.emails import Kind as MeetingKind
    from members.emails import Kind as MemberKind
    from members.models import JoinRequest
    from outbox import kinds
    from outbox import services as outbox
    from returnrequests.models import ReturnRequest

    class Kind:  # every kind of every app, by name
        pass

    for choices in (MeetingKind, MemberKind, PlanKind):
        for member in choices:
            setattr(Kind, member.name, member.value)
    person = full_world.person_a
    about = {
        Kind.ACTION_DUE: full_world.extra["secret_action"],
        Kind.ACTION_OVERDUE: full_world.extra["secret_action"],
        Kind.MINUTES_CIRCULATED: full_world.draft_minutes,
        Kind.JOIN_RECEIPT: full_world.join_request,
        Kind.JOIN_NOTICE: full_world.join_request,
        Kind.JOIN_APPROVED: full_world.join_request,
        Kind.JOIN_DECLINED: full_world.join_request,
        Kind.MEMBER_INVITATION: person,
        Kind.PASSWORD_RESET: get_user_model().objects.get(pk=full_world.users["partner_a"].pk),
    }
    about[Kind.CANCELLATION] = full_world.cancelled
    # Each kind made to have something to say: circulated minutes, papers after the agenda, returns asked and
    # chased, an approved applicant with an account.
    now = timezone.now()
    type(full_world.draft_minutes).objects.filter(pk=full_world.draft_minutes.pk).update(status="circulated")
    Meeting.objects.filter(pk=full_world.meeting.pk).update(agenda_published_at=now - datetime.timedelta(days=1))
    asked = ReturnRequest.objects.filter(pk=full_world.progress_return.pk)
    JoinRequest.objects.filter(pk=full_world.join_request.pk).update(person=person)
    canaries = full_world.extra["canaries"]
    rendered, leaks = [], {}
    every_kind = [value for value, _ in kinds.choices()]
    for kind in every_kind:
        delivery = outbox.delivery_new(kind, about=about.get(kind, full_world.meeting), person=person)
        if kind in (Kind.PROGRESS_REQUEST, Kind.PROGRESS_CHASER):
            # A return's email lists the requests it carries: this one carries the world's.
            delivery.save()
            asked.update(sent_at=now, request_email_id=delivery.pk, chased_at=now, chase_email_id=delivery.pk)
        delivery.claimed_at = now + datetime.timedelta(seconds=1)
        message = outbox.renderer(kind)(delivery, outbox.Batch([delivery]))
        if message is None:
            continue
        rendered.append(kind)
        words = message.subject + message.body + "".join(str(a[0]) for a in getattr(message, "alternatives", []))
        if found := _refused_in(canaries, Audience.PUBLIC, words):
            leaks[kind] = found
    assert leaks == {}
    assert sorted(rendered) == sorted(every_kind), "every kind wrote its email, so its silence means something"
