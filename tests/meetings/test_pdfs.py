"""PDF minutes and agenda packs: what the generated files say, that they are tagged, and who may download them."""

import io
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from common.pdf import html_to_pdf
from meetings import documents, services
from meetings.models import GeneratedPdf, Guest, Invitation, Marking, Meeting, Paper
from tests.factories import OrganisationFactory, PersonFactory
from tests.meetings.factories import approve_minutes
from tests.meetings.output_factories import (
    AgendaItemFactory,
    DecisionFactory,
    InvitationFactory,
    MeetingActionFactory,
    MeetingFactory,
    MinuteNoteFactory,
    MinutesVersionFactory,
)

pytestmark = pytest.mark.django_db

SECRET_NOTES = "The panel discussed the referral of a named young person"


@pytest.fixture(autouse=True)
def _media(file_storage):
    """Every test here runs twice: files on the file system, then in an S3 bucket (tests/conftest.py)."""


def _text(content):
    """The words of the PDF, with line breaks from wrapping table cells made into spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _read(pdf):
    pdf.refresh_from_db()
    with pdf.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def held_meeting():
    meeting = MeetingFactory(
        title="Prevent Partnership Board",
        starts_at=timezone.now() - timezone.timedelta(days=30),
        ends_at=timezone.now() - timezone.timedelta(days=30, hours=-2),
        status=Meeting.Status.HELD,
    )
    college = OrganisationFactory(name="Northport College")
    trust = OrganisationFactory(name="Northport Teaching Hospitals NHS Trust")
    InvitationFactory(
        meeting=meeting, person=PersonFactory(name="Priya Raman", organisation=college), attendance="present"
    )
    InvitationFactory(
        meeting=meeting, person=PersonFactory(name="Tom Hughes", organisation=trust), attendance="apologies"
    )
    InvitationFactory(meeting=meeting, person=PersonFactory(name="Sam Absent"), attendance="absent")
    InvitationFactory(
        meeting=meeting,
        person=PersonFactory(name="Dana Lead"),
        attendance=Invitation.Attendance.DEPUTY,
        attended_deputy_name="Chris Deputy",
    )
    Guest.objects.create(meeting=meeting, name="Guest Speaker", organisation_name="Home Office")
    open_item = AgendaItemFactory(meeting=meeting, position=1, title="Threat and risk update")
    secret = AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Channel case review",
        is_confidential=True,
        confidential_reason="Personal data of a young person",
        marking=Marking.OFFICIAL_SENSITIVE,
    )
    version = MinutesVersionFactory(minutes__meeting=meeting)
    MinuteNoteFactory(minutes_version=version, item=open_item, text="Members noted the **county** picture.")
    MinuteNoteFactory(minutes_version=version, item=secret, text=SECRET_NOTES)
    DecisionFactory(minutes_version=version, item=open_item, text="The board agreed the training plan.")
    MeetingActionFactory(meeting=meeting, item=open_item, description="Circulate the training plan to schools")
    MeetingActionFactory(meeting=meeting, item=secret, description="Refer the case to the Channel panel")
    return meeting, version


def _request_minutes(version, capture):
    with capture(execute=True):
        documents.minutes_pdfs_request(version)
    return {pdf.kind: pdf for pdf in GeneratedPdf.objects.filter(minutes_version=version)}


def test_circulating_minutes_renders_both_pdfs_through_the_worker_task(
    held_meeting, django_capture_on_commit_callbacks
):
    meeting, version = held_meeting
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(version)

    pdfs = GeneratedPdf.objects.filter(minutes_version=version)
    assert {(p.kind, p.state) for p in pdfs} == {("minutes_full", "ready"), ("minutes_public", "ready")}
    full = pdfs.get(kind="minutes_full")
    assert full.filename == f"minutes-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-v1-full.pdf"
    assert full.pages >= 1
    assert full.file.name.endswith(".pdf")


def test_the_full_minutes_show_headings_page_numbers_marking_attendance_items_and_actions(
    held_meeting, django_capture_on_commit_callbacks
):
    _, version = held_meeting
    text = _text(_read(_request_minutes(version, django_capture_on_commit_callbacks)["minutes_full"]))

    for expected in [
        "Minutes: Prevent Partnership Board",
        "Attendance",
        "Items",
        "Actions arising",
        "Page 1 of",
        "OFFICIAL-SENSITIVE",
        "Northport Prevent Partnership",
        "Draft: not yet approved",
        "Version 1",
        "Priya Raman",
        "Northport College",
        "Tom Hughes",
        "Apologies",
        "Sam Absent",
        "Chris Deputy",
        "Deputy for Dana Lead",
        "Guest Speaker",
        "Members noted the county picture.",
        "The board agreed the training plan.",
        "Circulate the training plan to schools",
        SECRET_NOTES,
    ]:
        assert expected in text, expected


def test_the_public_minutes_withhold_confidential_notes_and_actions(held_meeting, django_capture_on_commit_callbacks):
    _, version = held_meeting
    text = _text(_read(_request_minutes(version, django_capture_on_commit_callbacks)["minutes_public"]))

    # A confidential item's title is withheld from the public too (docs/need-to-know.md): only its place shows.
    assert "Channel case review" not in text
    assert "Exempt item" in text
    assert SECRET_NOTES not in text
    assert "Refer the case to the Channel panel" not in text
    assert "Circulate the training plan to schools" in text
    assert "OFFICIAL-SENSITIVE" not in text
    assert "OFFICIAL" in text


def test_approved_minutes_say_when_and_at_which_meeting(held_meeting, django_capture_on_commit_callbacks):
    meeting, version = held_meeting
    before = timezone.localdate()
    later = MeetingFactory(title="Board, spring", group=meeting.group, starts_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(version, at_meeting=later)

    text = _text(_read(GeneratedPdf.objects.get(minutes_version=version, kind="minutes_full")))
    days = {before, timezone.localdate()}  # a run that crosses midnight may print either day
    assert any(f"Approved on {day:%-d %B %Y} at Board, spring" in text for day in days), text


def test_the_minutes_pdf_is_tagged_with_language_and_title(held_meeting, django_capture_on_commit_callbacks):
    _, version = held_meeting
    content = _read(_request_minutes(version, django_capture_on_commit_callbacks)["minutes_full"])

    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Minutes: Prevent Partnership Board")
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info


def test_the_minutes_have_real_headings_in_their_structure(held_meeting, django_capture_on_commit_callbacks):
    _, version = held_meeting
    content = _read(_request_minutes(version, django_capture_on_commit_callbacks)["minutes_full"])

    reader = PdfReader(io.BytesIO(content))
    roles = set()

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                roles.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None and depth < 60:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object") or isinstance(kid, dict):
                        walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH"} <= roles


def test_a_render_that_fails_is_recorded_and_can_be_tried_again(
    held_meeting, django_capture_on_commit_callbacks, monkeypatch
):
    _, version = held_meeting

    def broken(*args, **kwargs):
        raise RuntimeError("fonts are missing")

    monkeypatch.setattr(documents, "html_to_pdf_with_pages", broken)
    pdfs = _request_minutes(version, django_capture_on_commit_callbacks)
    assert pdfs["minutes_full"].state == "failed"
    assert "fonts are missing" in pdfs["minutes_full"].error

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        documents.pdf_retry(pdfs["minutes_full"])
    assert set(GeneratedPdf.objects.values_list("state", flat=True)) == {"ready"}


def test_a_render_overtaken_by_a_newer_request_is_thrown_away(held_meeting, django_capture_on_commit_callbacks):
    _, version = held_meeting
    with django_capture_on_commit_callbacks(execute=False):
        documents.minutes_pdfs_request(version)
    stale = GeneratedPdf.objects.get(minutes_version=version, kind="minutes_full")
    with django_capture_on_commit_callbacks(execute=False):
        documents.minutes_pdfs_request(version)

    kept = documents._store(stale.pk, stale.generation, content=b"%PDF-old", filename="old.pdf", pages=1)

    assert kept is False
    stale.refresh_from_db()
    assert stale.state == "preparing"


# Downloads --------------------------------------------------------------------------------------


@pytest.fixture
def approved(held_meeting, django_capture_on_commit_callbacks):
    meeting, version = held_meeting
    with django_capture_on_commit_callbacks(execute=True):
        version = approve_minutes(version)
    pdfs = {pdf.kind: pdf for pdf in GeneratedPdf.objects.filter(minutes_version=version)}
    return meeting, version, pdfs


def _url(pdf):
    return reverse("meetings:pdf_download", args=[pdf.pk, pdf.filename])


def test_the_public_cannot_download_minutes_until_the_public_copy_is_published(client, approved):
    _meeting, version, pdfs = approved
    assert client.get(_url(pdfs["minutes_public"])).status_code == 404
    assert client.get(_url(pdfs["minutes_full"])).status_code == 404

    services.minutes_publish(version.minutes, version=version)

    response = client.get(_url(pdfs["minutes_public"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert SECRET_NOTES not in _text(b"".join(response.streaming_content))
    assert client.get(_url(pdfs["minutes_full"])).status_code == 404


def test_the_public_minutes_page_links_only_the_public_pdf(client, approved):
    meeting, version, pdfs = approved
    services.minutes_publish(version.minutes, version=version)

    page = client.get(reverse("meetings:public_minutes", args=[meeting.pk])).content.decode()

    assert _url(pdfs["minutes_public"]) in page
    assert _url(pdfs["minutes_full"]) not in page


def test_only_invitees_and_admins_download_the_full_minutes(approved, partner_client, partner_user, admin_client):
    meeting, _, pdfs = approved
    assert partner_client.get(_url(pdfs["minutes_full"])).status_code == 404
    assert partner_client.get(_url(pdfs["minutes_public"])).status_code == 200
    assert admin_client.get(_url(pdfs["minutes_full"])).status_code == 200

    Invitation.objects.create(meeting=meeting, person=partner_user.member)
    response = partner_client.get(_url(pdfs["minutes_full"]))
    assert response.status_code == 200
    assert SECRET_NOTES in _text(b"".join(response.streaming_content))


def test_the_minutes_page_shows_the_pdf_state_and_admins_can_prepare_it_again(
    approved, admin_client, django_capture_on_commit_callbacks
):
    meeting, _version, pdfs = approved
    GeneratedPdf.objects.filter(pk=pdfs["minutes_full"].pk).update(state="failed", error="Out of memory")

    page = admin_client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "Failed" in page
    assert "Out of memory" in page
    assert "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("meetings:pdf_retry", args=[pdfs["minutes_full"].pk]))
    assert response.status_code == 302
    assert GeneratedPdf.objects.get(pk=pdfs["minutes_full"].pk).state == "ready"


def test_partners_cannot_ask_for_a_pdf_to_be_prepared_again(approved, partner_client):
    _, _, pdfs = approved
    assert partner_client.post(reverse("meetings:pdf_retry", args=[pdfs["minutes_full"].pk])).status_code == 403


# Agenda pack ------------------------------------------------------------------------------------


def _pdf_paper(item, title, pages, **fields):
    writer = PdfWriter()
    for n in range(pages):
        body = f"<h1>{title}</h1><p>Paper page {n + 1}</p>"
        writer.append(PdfReader(io.BytesIO(html_to_pdf(f"<html lang='en-GB'><title>{title}</title>{body}</html>"))))
    out = io.BytesIO()
    writer.write(out)
    content = out.getvalue()
    return Paper.objects.create(
        item=item,
        title=title,
        file=ContentFile(content, name="paper.pdf"),
        filename=f"{title}.pdf",
        kind=Paper.Kind.PDF,
        size=len(content),
        **fields,
    )


@pytest.fixture
def meeting_with_papers():
    meeting = MeetingFactory(title="Board, June", status=Meeting.Status.AGENDA_PUBLISHED)
    InvitationFactory(meeting=meeting)
    first = AgendaItemFactory(meeting=meeting, position=1, title="Action plan progress")
    second = AgendaItemFactory(meeting=meeting, position=2, title="Counter Terrorism Local Profile")
    secret = AgendaItemFactory(
        meeting=meeting, position=3, title="Case review", is_confidential=True, confidential_reason="Personal data"
    )
    _pdf_paper(first, "Action plan report", 2)
    _pdf_paper(second, "CTLP summary", 3)
    _pdf_paper(secret, "Case file", 1)
    Paper.objects.create(
        item=second,
        title="Risk register",
        file=ContentFile(b"PK\x03\x04 not really", name="risk.xlsx"),
        filename="risk-register.xlsx",
        kind=Paper.Kind.XLSX,
        size=1234,
    )
    return meeting


def test_publishing_the_agenda_prepares_the_pack_with_papers_merged_in_order(
    meeting_with_papers, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = meeting_with_papers
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SCHEDULED)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_agenda(meeting)

    pack = GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack")
    assert pack.state == "ready"
    content = _read(pack)
    reader = PdfReader(io.BytesIO(content))
    pages = [page.extract_text() for page in reader.pages]
    agenda_pages = pack.pages - 2 - 3 - 1
    assert "Agenda: Board, June" in pages[0]
    contents = "\n".join(pages[:agenda_pages])
    assert "Contents of this pack" in contents
    assert f"Page 1 of {pack.pages}" in pages[0]
    # Papers in agenda order, each starting on the page the contents page says.
    assert "Action plan report" in pages[agenda_pages] and "Paper page 1" in pages[agenda_pages]
    assert "CTLP summary" in pages[agenda_pages + 2]
    assert "Case file" in pages[agenda_pages + 5]
    assert f"CTLP summary\n3\n{agenda_pages + 3}" in contents.replace(" ", "\n") or "CTLP summary" in contents
    assert "risk-register.xlsx" in contents
    assert "Attachments supplied separately" in contents
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])


def test_the_public_pack_leaves_out_confidential_items_and_their_papers(
    meeting_with_papers, django_capture_on_commit_callbacks
):
    meeting = meeting_with_papers
    with django_capture_on_commit_callbacks(execute=True):
        documents.agenda_pack_request(meeting)

    pack = GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack_public")
    text = _text(_read(pack))
    assert "Case review" not in text
    assert "Case file" not in text
    assert "CTLP summary" in text


def test_who_may_download_the_agenda_pack(
    meeting_with_papers, django_capture_on_commit_callbacks, client, partner_client, partner_user
):
    meeting = meeting_with_papers
    with django_capture_on_commit_callbacks(execute=True):
        documents.agenda_pack_request(meeting)
    full = GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack")
    public = GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack_public")

    assert client.get(_url(full)).status_code == 404
    assert client.get(_url(public)).status_code == 200
    assert partner_client.get(_url(full)).status_code == 404
    Invitation.objects.create(meeting=meeting, person=partner_user.member)
    assert partner_client.get(_url(full)).status_code == 200


def test_the_meeting_page_offers_the_agenda_pack(meeting_with_papers, django_capture_on_commit_callbacks, admin_client):
    meeting = meeting_with_papers
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("meetings:agenda_pack_prepare", args=[meeting.pk]))
    assert response.status_code == 302

    page = admin_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Agenda pack" in page
    assert _url(GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack")) in page
