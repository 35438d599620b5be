"""Need-to-know: each leak found on the landed code, closed by asking `common.need_to_know`."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings import documents, services
from meetings.models import GeneratedPdf, Marking, Meeting, MinutesVersion
from outbox.tasks import send_due_emails
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingActionFactory, MeetingFactory
from tests.meetings.output_factories import MinuteNoteFactory, MinutesVersionFactory
from tests.pdfs import blank_pdf, scripted_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _text(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _file(pdf):
    pdf.refresh_from_db()
    with pdf.file.open("rb") as handle:
        return handle.read()


def _published_minutes(meeting):
    version = MinutesVersionFactory(minutes__meeting=meeting, status=MinutesVersion.Status.APPROVED)
    version.minutes.published_version = version
    version.minutes.published_at = timezone.now()
    version.minutes.save()
    return version


def test_the_public_minutes_page_withholds_official_sensitive_notes(client):
    meeting = MeetingFactory(past=True)
    item = AgendaItemFactory(meeting=meeting, title="Threat picture", marking=Marking.OFFICIAL_SENSITIVE)
    version = _published_minutes(meeting)
    MinuteNoteFactory(minutes_version=version, item=item, text="Counter-terrorism local profile says NEEDLE")

    page = client.get(reverse("meetings:public_minutes", args=[meeting.pk])).content.decode()

    assert "NEEDLE" not in page
    assert "Exempt item" in page
    assert "Threat picture" in page  # OFFICIAL-SENSITIVE: the title, shown as an exempt item


def test_an_admin_without_the_second_factor_cannot_download_the_full_agenda_pack(
    settings, client, django_capture_on_commit_callbacks
):
    settings.REQUIRE_ADMIN_2FA = True
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=meeting, title="Named referral NEEDLE", confidential=True)
    with django_capture_on_commit_callbacks(execute=True):
        documents.agenda_pack_request(meeting)
    full = GeneratedPdf.objects.get(meeting=meeting, kind=GeneratedPdf.Kind.AGENDA_PACK)
    admin = UserFactory(role="admin", second_factor=False)  # signs in with the password alone
    client.post(reverse("login"), {"username": admin.email, "password": PASSWORD})

    response = client.get(reverse("meetings:pdf_download", args=[full.pk, full.filename]))

    assert response.status_code == 404
    from common import need_to_know

    assert not need_to_know.is_admin(admin)


def test_generated_pdfs_are_attachments_browsers_may_not_sniff(admin_client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        documents.agenda_pack_request(meeting)
    pdf = GeneratedPdf.objects.get(meeting=meeting, kind=GeneratedPdf.Kind.AGENDA_PACK_PUBLIC)
    response = admin_client.get(reverse("meetings:pdf_download", args=[pdf.pk, pdf.filename]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    item = AgendaItemFactory(meeting=meeting, position=2, title="Prison releases NEEDLE", description="Details")
    with django_capture_on_commit_callbacks(execute=True):
        documents.agenda_pack_request(meeting)
    public = GeneratedPdf.objects.get(meeting=meeting, kind=GeneratedPdf.Kind.AGENDA_PACK_PUBLIC)
    assert "NEEDLE" in _text(_file(public))
    return meeting, item, public


def test_making_an_item_confidential_withdraws_the_public_pack_at_once_and_rebuilds_it(
    published, client, django_capture_on_commit_callbacks
):
    _, item, public = published
    item.is_confidential, item.confidential_reason = True, "Names individuals"
    with django_capture_on_commit_callbacks() as callbacks:
        services.agenda_item_update(item, expected_version=item.version)
    public.refresh_from_db()
    assert public.state == GeneratedPdf.State.PREPARING
    assert not public.file
    assert client.get(reverse("meetings:pdf_download", args=[public.pk, "x.pdf"])).status_code == 404

    for callback in callbacks:
        callback()
    assert "NEEDLE" not in _text(_file(public))


def test_deleting_or_moving_an_item_rebuilds_the_public_pack(published, django_capture_on_commit_callbacks):
    _, item, public = published
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_move(item, up=True)
    text = _text(_file(public))
    assert text.index("NEEDLE") < text.index("Welcome")
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_delete(item)
    assert "NEEDLE" not in _text(_file(public))


def test_an_uninvited_owner_is_not_emailed_the_description_of_an_action_under_a_confidential_item(mailoutbox):
    item = AgendaItemFactory(meeting=MeetingFactory(past=True), confidential=True)
    MeetingActionFactory(
        meeting=item.meeting,
        item=item,
        description="Refer NEEDLE to Channel",
        created_at=timezone.now() - datetime.timedelta(days=2),
        due_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    overdue = AgendaItemFactory(meeting=item.meeting, marking=Marking.OFFICIAL_SENSITIVE)
    MeetingActionFactory(
        meeting=item.meeting,
        item=overdue,
        description="Brief NEEDLE",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )

    send_due_emails.delay()

    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert "NEEDLE" not in message.subject
        assert "NEEDLE" not in message.body
        assert "NEEDLE" not in str(message.alternatives)
        # The owner has no sign-in, so the email does not send them to sign in (it did on debfdc9).
        assert "this email does not repeat it: the partnership officer can tell you what it is" in message.body


def test_the_owner_reads_their_own_action_under_a_confidential_item_on_the_site(partner_client, partner_user):
    item = AgendaItemFactory(meeting=MeetingFactory(past=True), confidential=True)
    MeetingActionFactory(meeting=item.meeting, item=item, owner=partner_user.person, description="NEEDLE")
    assert "NEEDLE" in partner_client.get(reverse("meetings:my_actions")).content.decode()


def test_a_paper_with_scripts_is_stored_and_merged_without_them(
    admin_client, client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    item = AgendaItemFactory(meeting=meeting)
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("meetings:paper_upload", args=[item.pk]),
            {"file": SimpleUploadedFile("p.pdf", scripted_pdf()), "title": "Paper", "marking": "official"},
        )
    paper = item.papers.get()
    with paper.file.open("rb") as handle:
        stored = handle.read()
    public = GeneratedPdf.objects.get(meeting=meeting, kind=GeneratedPdf.Kind.AGENDA_PACK_PUBLIC)
    for content in (stored, _file(public)):
        assert b"/JavaScript" not in content
        assert b"/OpenAction" not in content
        assert b"/EmbeddedFile" not in content
        assert b"app.alert" not in content
    assert len(PdfReader(io.BytesIO(_file(public))).pages) >= 2


def test_an_unreadable_pdf_is_refused_rather_than_stored_unchecked(admin_client):
    item = AgendaItemFactory()
    broken = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        reverse("meetings:paper_upload", args=[item.pk]),
        {"file": SimpleUploadedFile("p.pdf", broken), "title": "", "marking": "official"},
    )
    assert "could not be read" in response.content.decode()
    assert not item.papers.exists()
    assert blank_pdf().startswith(b"%PDF-")


def test_uninvited_partners_see_an_official_sensitive_item_only_as_an_exempt_title(other_partner_client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Threat picture", description="NEEDLE", marking=Marking.OFFICIAL_SENSITIVE)
    AgendaItemFactory(meeting=meeting, title="SECRETTITLE", description="NEEDLE", confidential=True)
    page = other_partner_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Exempt item: Threat picture" in page
    assert "NEEDLE" not in page
    assert "SECRETTITLE" not in page


def test_invitees_read_everything(partner_client, partner_user):
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting, person=partner_user.person)
    AgendaItemFactory(meeting=meeting, title="Threat picture", description="NEEDLE", marking=Marking.OFFICIAL_SENSITIVE)
    AgendaItemFactory(meeting=meeting, title="SECRETTITLE", description="NEEDLE2", confidential=True)
    page = partner_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "NEEDLE" in page and "NEEDLE2" in page and "SECRETTITLE" in page


@pytest.mark.parametrize(
    ("status", "invited", "uninvited", "admin"),
    [
        (Meeting.Status.DRAFT, 404, 404, 200),
        (Meeting.Status.CANCELLED, 200, 200, 200),
        (Meeting.Status.AGENDA_PUBLISHED, 200, 200, 200),
    ],
)
def test_meeting_scoped_pages_follow_the_meeting_status(
    status, invited, uninvited, admin, partner_user, partner_client, other_partner_client, admin_client
):
    meeting = MeetingFactory(status=status)
    InvitationFactory(meeting=meeting, person=partner_user.person)
    for name in ("meetings:detail", "meetings:ics"):
        url = reverse(name, args=[meeting.pk])
        assert partner_client.get(url).status_code == invited, name
        assert other_partner_client.get(url).status_code == uninvited, name
        assert admin_client.get(url).status_code == admin, name


@pytest.mark.parametrize(
    "fields",
    [{"marking": Marking.OFFICIAL_SENSITIVE}, {"is_confidential": True, "confidential_reason": "Names"}],
    ids=["official-sensitive", "confidential"],
)
def test_an_exempt_paper_downloads_only_for_invitees_and_admins(
    fields, partner_user, partner_client, other_partner_client, admin_client, client, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from meetings.models import Paper

    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    InvitationFactory(meeting=meeting, person=partner_user.person)
    paper = Paper(item=AgendaItemFactory(meeting=meeting), title="P", filename="p.pdf", kind="pdf", size=1, **fields)
    paper.file.save("p.pdf", ContentFile(blank_pdf()), save=False)
    paper.save()
    url = reverse("meetings:paper_download", args=[paper.pk])
    assert partner_client.get(url).status_code == 200
    assert admin_client.get(url).status_code == 200
    assert other_partner_client.get(url).status_code == 404
    assert client.get(url).status_code == 302  # to sign in


def test_removing_a_confidential_item_never_declassifies_its_decisions_and_actions(other_partner_client):
    """The leak found on debfdc9: with the item gone, a decision and an action under it fell to OFFICIAL."""
    from django.core.exceptions import ValidationError

    from meetings.models import AgendaItem, Decision, MeetingAction

    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED, title="Spring board")
    item = AgendaItemFactory(meeting=meeting, title="Named referral", confidential=True)
    version = services.minutes_start(meeting)
    decision = services.decision_add(version, text="Refer NEEDLE-DECISION to Channel", item=item)
    action = MeetingActionFactory(meeting=meeting, item=item, description="Brief NEEDLE-ACTION's school")

    with pytest.raises(ValidationError, match="stays on the agenda"):
        services.agenda_item_delete(item)

    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert Decision.objects.get(pk=decision.pk).item_id == item.pk
    assert MeetingAction.objects.get(pk=action.pk).item_id == item.pk
    log = other_partner_client.get(reverse("meetings:action_log")).content.decode()
    assert "NEEDLE-ACTION" not in log


def test_an_item_with_nothing_recorded_under_it_is_still_removed():
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    item = AgendaItemFactory(meeting=meeting, confidential=True)
    services.agenda_item_delete(item)
    assert not meeting.items.filter(pk=item.pk).exists()
