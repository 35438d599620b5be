"""Canaries in every kind of content of the whole service, and in everything that quotes or links it.

The access world (tests/access/world.py), with a unique word in each free-text field of each record of a kind this
file names: meeting content at every level, plan actions and updates, board reports, people's phone numbers,
applications to join, assurance assessments and evidence (uploaded documents, and links that quote a confidential
decision and minutes notes in their titles). Then every GET URL of the access matrix (pages, PDFs, CSV and XLSX
exports, calendars), every email kind and the subject access export are read by each audience.

Who must never read each kind is written here by hand (`NEVER`), apart from the need-to-know module: a new model
with a marking, a confidentiality flag or an agenda item fails `test_every_graded_kind_has_a_promise_written_here`
until someone writes down who must never read it.
"""

import datetime
import io
import zipfile

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans.models import Action
from assurance.models import Evidence
from governance import services as gov_services
from governance.models import Declaration
from meetings.models import Decision, Marking, MinuteNote
from tests.access.matrix import ENTRIES
from tests.factories import UserFactory, signed_in_client
from tests.meetings.factories import AgendaItemFactory, MeetingActionFactory
from tests.meetings.output_factories import DecisionFactory
from tests.oidc import sign_in_through_provider

pytestmark = pytest.mark.django_db

ADMIN, INVITEE, PARTNER, PUBLIC = "admin", "invitee", "partner", "public"
ADMINS_ONLY = {INVITEE, PARTNER, PUBLIC}
PARTNERS_ONLY = {PUBLIC}
NOBODY = set()


def _grade(row):
    """How the test set the row up: "confidential", "sensitive" or "official", by itself or its agenda item."""
    rows = [row] + ([row.item] if getattr(row, "item_id", None) else [])
    if any(getattr(r, "is_confidential", False) for r in rows):
        return "confidential"
    if any(getattr(r, "marking", "") == Marking.OFFICIAL_SENSITIVE for r in rows):
        return "sensitive"
    return "official"


def exempt_item_content(row):
    """Anything of an OFFICIAL-SENSITIVE or confidential item: admins and the meeting's invitees only."""
    return {PARTNER, PUBLIC} if _grade(row) != "official" else NOBODY


def confidential_item_title(row):
    """An OFFICIAL-SENSITIVE item's title is shown as "Exempt item: <title>"; a confidential one's to nobody else."""
    return {PARTNER, PUBLIC} if _grade(row) == "confidential" else NOBODY


def evidence(row):
    """An uploaded document by its marking: partners read OFFICIAL ones of a signed-off assessment; a link by the
    record it quotes; the public none; a draft assessment's, admins only."""
    if row.assessment.cycle.status != "signed_off":
        return ADMINS_ONLY
    if row.content_type_id:
        return {PARTNER, PUBLIC} if _grade(row.record) != "official" else PARTNERS_ONLY
    return {PARTNER, PUBLIC} if row.marking == Marking.OFFICIAL_SENSITIVE else PARTNERS_ONLY


def assessment(row):
    return PARTNERS_ONLY if row.cycle.status == "signed_off" else ADMINS_ONLY


def risk(row):
    """A risk of an agreed assessment: admins and partners at its owning organisation or leading a linked action
    (partner A's organisation, in the world); a draft's, admins only."""
    if row.assessment.status == "draft":
        return ADMINS_ONLY
    org_a = (
        row.owner_organisation.name == "Organisation A"
        or row.actions.filter(lead_organisation__name="Organisation A").exists()
    )
    return {PARTNER, PUBLIC} if org_a else ADMINS_ONLY


def risk_public_summary(row):
    return NOBODY if row.summary_published else ADMINS_ONLY


def recommendation(row):
    return ADMINS_ONLY if row.marking == Marking.OFFICIAL_SENSITIVE else PARTNERS_ONLY


def declaration(row):
    """Read like its item's content, and never by the public (the register it draws on is not public)."""
    return {PARTNER, PUBLIC} if _grade(row) != "official" else PARTNERS_ONLY


def motion(row):
    """A decision between meetings: the public reads an OFFICIAL one, as an OFFICIAL agenda item; in the world both
    partners are asked to vote, so they read every one."""
    return NOBODY if row.marking == Marking.OFFICIAL else PARTNERS_ONLY


BOARD_REPORT_SECTIONS = ("summary", "recommendations", "risk_assessment", "financial_implications", "background",
                         "additional_information", "conclusions", "background_papers", "appendices")  # fmt: skip
# (model, field) -> who must never read the text planted there, given the row.
NEVER = {
    ("meetings.AgendaItem", "title"): confidential_item_title,
    ("meetings.AgendaItem", "description"): exempt_item_content,
    ("meetings.Paper", "title"): exempt_item_content,
    ("meetings.MinuteNote", "text"): exempt_item_content,
    ("meetings.Decision", "text"): exempt_item_content,
    ("meetings.MeetingAction", "description"): exempt_item_content,
    ("meetings.MeetingAction", "completion_note"): exempt_item_content,
    ("actionplans.Action", "description"): lambda row: PARTNERS_ONLY,
    ("actionplans.Action", "measure_of_success"): lambda row: PARTNERS_ONLY,
    ("actionplans.ProgressUpdate", "narrative"): lambda row: PARTNERS_ONLY,
    **{("actionplans.BoardReport", name): (lambda row: ADMINS_ONLY) for name in BOARD_REPORT_SECTIONS},
    ("members.Person", "phone"): lambda row: PARTNERS_ONLY,
    ("members.JoinRequest", "reason"): lambda row: ADMINS_ONLY,
    ("members.JoinRequest", "phone"): lambda row: ADMINS_ONLY,
    ("assurance.Assessment", "narrative"): assessment,
    ("assurance.Evidence", "title"): evidence,
    ("governance.Interest", "body"): lambda row: PARTNERS_ONLY,
    ("governance.Interest", "description"): lambda row: PARTNERS_ONLY,
    ("governance.Declaration", "text"): declaration,
    ("governance.Motion", "text"): motion,
    ("governance.Motion", "reasons"): motion,
    ("governance.Motion", "alternatives"): motion,
    ("measures.Measure", "title"): lambda row: PARTNERS_ONLY,
    ("measures.Measurement", "source"): lambda row: PARTNERS_ONLY,
    ("measures.Measurement", "commentary"): lambda row: PARTNERS_ONLY,
    ("measures.Milestone", "title"): lambda row: PARTNERS_ONLY,
    ("measures.Tracking", "override_reason"): lambda row: PARTNERS_ONLY,
    # Partner returns: their own organisation (partner A) and admins; the Channel statement: admins and the panel
    # (partner A sits on it); agreements: the organisation's own; the referral pathway is public.
    ("dutyreturns.PartnerReturn", "notes"): lambda row: {PARTNER, PUBLIC},
    ("dutyreturns.SectorAnswer", "text"): lambda row: {PARTNER, PUBLIC},
    ("dutyreturns.AssuranceStatement", "summary"): lambda row: {PARTNER, PUBLIC},
    ("dutyreturns.StatementRating", "evidence"): lambda row: {PARTNER, PUBLIC},
    ("dutyreturns.SharingAgreement", "scope"): lambda row: {PARTNER, PUBLIC},
    ("dutyreturns.ReferralPathway", "body"): lambda row: NOBODY,
    **{("risks.Risk", name): risk for name in ("title", "controls", "residual_reason", "closed_reason")},
    ("risks.RiskAssessment", "public_summary"): risk_public_summary,
    ("risks.Recommendation", "local_wording"): recommendation,
}
# The kinds planted: the fields above, on every row the world holds.
PLANTED = sorted({label for label, _field in NEVER})


def test_every_graded_kind_has_a_promise_written_here():
    """A model with a marking, a confidentiality flag or an agenda item above it holds graded content."""
    graded = set()
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        item = model._meta.get_field("item") if "item" in names else None
        if names & {"marking", "is_confidential"} or (item and item.related_model._meta.label == "meetings.AgendaItem"):
            graded.add(model._meta.label)
    assert sorted(graded - set(PLANTED)) == [], "write in NEVER who must never read their text"


def _plant():
    """A unique word in each planted field of each row: word -> the set of audiences that must never read it."""
    canaries = {}
    for label in PLANTED:
        model = apps.get_model(label)
        fields = [name for (lab, name) in NEVER if lab == label]
        for row in model._default_manager.all():
            words = {}
            for name in fields:
                word = f"CANARY{len(canaries):03d}Q"
                canaries[word] = NEVER[(label, name)](row)
                words[name] = word
            model._default_manager.filter(pk=row.pk).update(**words)
    return canaries


@pytest.fixture
def full_world(settings, tmp_path):
    from tests.access.world import build_world
    from tests.actionplans.factories import UpdateFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    held, third = world.held, UserFactory(role="partner").person
    for grading in ({"confidential": True}, {"marking": Marking.OFFICIAL_SENSITIVE}):
        item = AgendaItemFactory(meeting=held, position=held.items.count() + 1, **grading)
        MinuteNote.objects.create(minutes_version=world.minutes_version, item=item, text="notes")
        DecisionFactory(minutes_version=world.minutes_version, item=item, text="decided")
        MeetingActionFactory(meeting=held, item=item, owner=third, description="to do", completion_note="done")
        Declaration.objects.create(item=item, person=world.person_a, text="declared")
    # An action under a confidential item for partner A: the email to its owner must carry none of it.
    world.extra["secret_action"] = MeetingActionFactory(
        meeting=held,
        item=held.items.filter(is_confidential=True).first(),
        owner=world.person_a,
        description="owner's action",
        due_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    sensitive_motion = gov_services.motion_put(
        group=world.group, voters=[world.person_a, world.person_b],
        closes_at=timezone.now() + datetime.timedelta(days=1), title="Sensitive motion", text="t", reasons="r",
        marking=Marking.OFFICIAL_SENSITIVE,
    )  # fmt: skip
    gov_services.motion_close(sensitive_motion)
    Action.objects.filter(pk=world.plan_action.pk).update(marking=Marking.OFFICIAL_SENSITIVE)
    world.plan_action.refresh_from_db()
    UpdateFactory(action=world.plan_action, narrative="update")
    signed = world.assurance_signed.assessments.order_by("pk")
    sensitive_document = Evidence(assessment=signed[1], title="doc", marking=Marking.OFFICIAL_SENSITIVE)
    sensitive_document.document.save("sensitive.pdf", ContentFile(b"%PDF-1.4"), save=False)
    sensitive_document.save()
    canaries = _plant()
    # An admin linked the confidential item's decision and minutes notes as evidence before sign-off: the link keeps
    # the record's words in its title, as `assurance.sources.record_title` writes it.
    from assurance import sources

    for model in (Decision, MinuteNote):
        record = model.objects.filter(item__is_confidential=True).first()
        Evidence.objects.create(
            assessment=signed[0],
            content_type=ContentType.objects.get_for_model(model),
            object_id=record.pk,
            title=sources.record_title(record),
        )
    world.extra["canaries"] = canaries
    return world


def _text_of(body):
    if body.startswith(b"%PDF"):
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):  # XLSX, DOCX: the XML inside
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    return body.decode(errors="replace")


def _read(client, url):
    response = client.get(url)
    if response.status_code != 200:
        return ""
    return _text_of(b"".join(response.streaming_content) if response.streaming else response.content)


def _refused_in(canaries, audience, text):
    return sorted(word for word, never in canaries.items() if audience in never and word in text)


def _client(world, reader, provider=None):
    if reader == "public":
        return Client()
    if reader.endswith("(single sign-on)"):
        # Signed in at the real test provider (tests/oidc.py); its admin's provider asked for a second factor.
        user = world.users[reader.split(" ")[0]]
        provider.add_account(user.email, mfa=True)
        client = Client()
        assert sign_in_through_provider(client, provider, user.email).status_code == 302
        return client
    if reader == "admin without the second factor":
        client = Client()
        client.force_login(world.users["admin"])
        return client
    return signed_in_client(world.users[reader])


READERS = {
    "admin": ADMIN,
    "partner_a": INVITEE,
    "partner_b": PARTNER,
    "public": PUBLIC,
    "admin without the second factor": PUBLIC,
    "admin (single sign-on)": ADMIN,
    "partner_a (single sign-on)": INVITEE,
}


@pytest.mark.parametrize("reader", list(READERS))
def test_no_canary_reaches_a_reader_we_promise_it_never_reaches_on_any_url(full_world, reader, request):
    provider = request.getfixturevalue("sso") if reader.endswith("(single sign-on)") else None
    client = _client(full_world, reader, provider)
    audience = READERS[reader]
    read = {}
    for entry in ENTRIES:
        url = reverse(entry.name, kwargs=entry.kwargs(full_world))
        read[url] = _read(client, url)
    canaries = full_world.extra["canaries"]
    leaks = {url: words for url, text in read.items() if (words := _refused_in(canaries, audience, text))}
    assert leaks == {}
    if audience in (ADMIN, INVITEE):
        # The canaries are on the pages of those entitled, so their absence elsewhere means something.
        everything = "\n".join(read.values())
        entitled = [word for word, never in canaries.items() if never == {PARTNER, PUBLIC} and word in everything]
        assert entitled


def test_a_signed_off_return_quotes_a_confidential_decision_only_to_those_who_may_read_it(full_world):
    """The leak found on debfdc9: evidence links titled "Decision: <text>" shown to every partner after sign-off."""
    cycle = full_world.assurance_signed
    decision = Decision.objects.filter(item__is_confidential=True).first()
    note = MinuteNote.objects.filter(item__is_confidential=True).first()
    for url in (reverse("assurance:return", args=[cycle.pk]), reverse("assurance:return_xlsx", args=[cycle.pk])):
        uninvited = _read(_client(full_world, "partner_b"), url)
        assert uninvited, "the return is served to the partner"
        assert decision.text not in uninvited and note.text not in uninvited
        admin = _read(_client(full_world, "admin"), url)
        assert decision.text in admin and note.text in admin
        assert "OFFICIAL-SENSITIVE" in admin  # the admin's copy quotes a confidential record


def test_an_official_sensitive_evidence_document_is_not_listed_to_partners(full_world):
    cycle = full_world.assurance_signed
    document = Evidence.objects.get(assessment__cycle=cycle, marking=Marking.OFFICIAL_SENSITIVE, content_type=None)
    page = _read(_client(full_world, "partner_b"), reverse("assurance:return", args=[cycle.pk]))
    assert document.title not in page
    assert document.title in _read(_client(full_world, "admin"), reverse("assurance:return", args=[cycle.pk]))


def test_the_subject_access_export_follows_the_promises_for_the_person_it_covers(full_world):
    client = signed_in_client(full_world.users["admin"])
    canaries = full_world.extra["canaries"]
    for person, audience in ((full_world.person_a, INVITEE), (full_world.person_b, PARTNER)):
        text = _read(client, reverse("subject_access", kwargs={"person_id": person.pk}))
        assert text, "the export is served"
        assert _refused_in(canaries, audience, text) == []


def test_no_email_of_any_kind_carries_a_canary(full_world):
    from django.contrib.auth import get_user_model

    from actionplans.emails import Kind as PlanKind
    from dutyreturns.duty_returns import Kind as DutyKind
    from governance.emails import Kind as GovernanceKind
    from meetings.emails import Kind as MeetingKind
    from meetings.models import Meeting
    from members.emails import Kind as MemberKind
    from members.models import JoinRequest
    from outbox import kinds
    from outbox import services as outbox
    from returnrequests.models import ReturnRequest
    from risks.emails import Kind as RiskKind

    class Kind:  # every kind of every app, by name
        pass

    for choices in (MeetingKind, MemberKind, PlanKind, DutyKind, RiskKind, GovernanceKind):
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
        Kind.INTERESTS_CONFIRM: person,
        Kind.VOTE_REQUEST: full_world.gov_motion,
        Kind.VOTE_REMINDER: full_world.gov_motion,
    }
    about[Kind.CANCELLATION] = full_world.cancelled
    about[Kind.REQUEST] = about[Kind.CHASER] = full_world.duty_period
    # A review reminder is about the risk partner A owns, keyed by its review date.
    keys = {}
    for kind in (Kind.REVIEW_DUE, Kind.REVIEW_OVERDUE):
        about[kind], keys[kind] = full_world.risk_a, full_world.risk_a.review_date.isoformat()
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
        delivery = outbox.delivery_new(
            kind, about=about.get(kind, full_world.meeting), person=person, key=keys.get(kind, "")
        )
        if kind == Kind.INTERESTS_CONFIRM:
            delivery.key = "2026"
        if kind in (Kind.VOTE_REQUEST, Kind.VOTE_REMINDER):
            # A vote email carries partner A's request to vote on the open motion.
            delivery.save()
            ReturnRequest.objects.filter(
                kind="motion_vote", person_id=person.pk, round_id=full_world.gov_motion.pk
            ).update(sent_at=now, request_email_id=delivery.pk, chased_at=now, chase_email_id=delivery.pk)
        if kind in (Kind.PROGRESS_REQUEST, Kind.PROGRESS_CHASER):
            # A return's email lists the requests it carries: this one carries the world's.
            delivery.save()
            asked.update(sent_at=now, request_email_id=delivery.pk, chased_at=now, chase_email_id=delivery.pk)
        if kind in (Kind.REQUEST, Kind.CHASER):
            delivery.save()
            ReturnRequest.objects.filter(pk=full_world.duty_request.pk).update(
                sent_at=now, request_email_id=delivery.pk, chased_at=now, chase_email_id=delivery.pk
            )
        delivery.claimed_at = now + datetime.timedelta(seconds=1)
        message = outbox.renderer(kind)(delivery, outbox.Batch([delivery]))
        if message is None:
            continue
        rendered.append(kind)
        words = message.subject + message.body + "".join(str(a[0]) for a in getattr(message, "alternatives", []))
        for attachment in getattr(message, "attachments", []):  # the .ics
            words += str(attachment[1] if isinstance(attachment, tuple) else attachment)
        if found := _refused_in(canaries, PUBLIC, words):
            leaks[kind] = found
    assert leaks == {}
    assert sorted(rendered) == sorted(every_kind), "every kind wrote its email, so its silence means something"
