"""Papers: checked by content, stored privately, downloaded only through a view that checks access."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from meetings.models import Paper
from tests.pdfs import blank_pdf

from .factories import AgendaItemFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PDF = blank_pdf()


@pytest.fixture(autouse=True)
def _stored(file_storage):
    """Every test here runs twice: papers on the file system, then in an S3 bucket (tests/conftest.py)."""


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
PPTX = zipped({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


@pytest.fixture
def item(partner_user):
    meeting = MeetingFactory(status="agenda_published")
    InvitationFactory(meeting=meeting, person=partner_user.person)
    return AgendaItemFactory(meeting=meeting)


def upload(client, item, name, content, **extra):
    data = {"file": SimpleUploadedFile(name, content), "title": "", "marking": "official", **extra}
    return client.post(reverse("meetings:paper_upload", args=[item.pk]), data)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("paper.pdf", PDF, "pdf"), ("a.docx", DOCX, "docx"), ("b.xlsx", XLSX, "xlsx"), ("c.pptx", PPTX, "pptx"),
     ("d.odt", ODT, "odt")],
)  # fmt: skip
def test_admins_upload_each_allowed_kind_of_paper(admin_client, item, name, content, kind):
    response = upload(admin_client, item, name, content)
    assert response.status_code == 302
    paper = Paper.objects.get()
    assert paper.kind == kind
    assert paper.filename == name
    assert name not in paper.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE),  # an executable renamed .pdf
        ("report.docx", PDF),  # a PDF renamed .docx
        ("report.docx", zipped({"evil.exe": "MZ"})),  # a zip that is no Office document
        ("report.pdf", b""),
        ("report.exe", PDF),
    ],
)
def test_files_whose_content_does_not_match_an_allowed_kind_are_refused(admin_client, item, name, content):
    response = upload(admin_client, item, name, content)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Paper.objects.exists()


def test_an_executable_renamed_pdf_gets_a_clear_message(admin_client, item):
    response = upload(admin_client, item, "minutes.pdf", EXE)
    assert "is not a real PDF file" in response.content.decode()


def test_an_oversized_file_is_refused(admin_client, item, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(admin_client, item, "big.pdf", PDF + b"0" * 2048)
    assert "The file must be smaller than 1.0\xa0KB" in response.content.decode()
    assert not Paper.objects.exists()


def test_a_confidential_paper_needs_a_reason(admin_client, item):
    response = upload(admin_client, item, "p.pdf", PDF, is_confidential="on")
    assert "Enter the reason the paper is confidential" in response.content.decode()


def test_downloads_are_attachments_that_browsers_may_not_sniff(admin_client, item):
    upload(admin_client, item, "paper.pdf", PDF)
    response = admin_client.get(reverse("meetings:paper_download", args=[Paper.objects.get().pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    # The stored paper is the cleaned copy (common.pdfclean): a PDF of the same page.
    assert len(PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages) == 1


def test_the_change_the_agenda_page_lists_each_paper_with_its_link_and_marking(admin_client, item):
    upload(admin_client, item, "secret.pdf", PDF, is_confidential="on", confidential_reason="Names")
    paper = Paper.objects.get()
    page = admin_client.get(reverse("meetings:agenda", args=[item.meeting_id])).content.decode()
    assert f'<a class="govuk-link" href="{reverse("meetings:paper_download", args=[paper.pk])}">' in page
    assert "Confidential</strong>" in page
    assert reverse("meetings:paper_delete", args=[paper.pk]) in page


def test_paper_downloads_by_role(admin_client, partner_client, other_partner_client, client, item):
    upload(admin_client, item, "open.pdf", PDF)
    upload(admin_client, item, "secret.pdf", PDF, is_confidential="on", confidential_reason="Names")
    open_paper, secret = Paper.objects.order_by("pk")
    for paper in (open_paper, secret):
        url = reverse("meetings:paper_download", args=[paper.pk])
        assert admin_client.get(url).status_code == 200
        assert partner_client.get(url).status_code == 200  # invited
        assert client.get(url).status_code == 302  # the public signs in first
    assert other_partner_client.get(reverse("meetings:paper_download", args=[open_paper.pk])).status_code == 200
    assert other_partner_client.get(reverse("meetings:paper_download", args=[secret.pk])).status_code == 404


def test_papers_of_a_confidential_item_are_hidden_from_partners_not_invited(admin_client, other_partner_client):
    meeting = MeetingFactory(status="agenda_published")
    secret_item = AgendaItemFactory(meeting=meeting, confidential=True)
    upload(admin_client, secret_item, "case.pdf", PDF)
    url = reverse("meetings:paper_download", args=[Paper.objects.get().pk])
    assert other_partner_client.get(url).status_code == 404


def test_media_files_are_not_served_at_any_public_url(admin_client, client, item, settings):
    upload(admin_client, item, "paper.pdf", PDF)
    stored = Paper.objects.get().file.name
    assert settings.MEDIA_URL in ("/", "")  # no MEDIA_URL configured
    assert client.get("/" + stored).status_code == 404
    assert client.get("/media/" + stored).status_code == 404


def zip_bomb(member, *, unpacked_mb, extra=None):
    """A small archive whose `member` unpacks to `unpacked_mb` MB of zeros, written in chunks so the test stays lean."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(member, "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                entry.write(chunk)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_posing_as_an_odt_is_refused_without_unpacking_it(admin_client, item):
    import tracemalloc

    from common.uploads import validate_upload as validate_paper

    bomb = zip_bomb("mimetype", unpacked_mb=64, extra={"content.xml": "<office/>"})
    assert len(bomb) < 200 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(Exception, match="not a real ODT"):
            validate_paper(SimpleUploadedFile("bomb.odt", bomb))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024  # the check reads a few kB, never the 64 MB the entry claims
    response = upload(admin_client, item, "bomb.odt", bomb)
    assert response.status_code == 200
    assert not Paper.objects.exists()


def test_an_archive_with_too_many_entries_or_a_huge_ratio_is_refused(item):
    from common.uploads import validate_upload as validate_paper

    crowded = zipped({"[Content_Types].xml": "<Types/>", **{f"word/part{i}.xml": "" for i in range(20_001)}})
    with pytest.raises(Exception, match="not a real DOCX"):
        validate_paper(SimpleUploadedFile("crowded.docx", crowded))
    inflated = zip_bomb("word/document.xml", unpacked_mb=8, extra={"[Content_Types].xml": "<Types/>"})
    with pytest.raises(Exception, match="not a real DOCX"):
        validate_paper(SimpleUploadedFile("inflated.docx", inflated))


@pytest.mark.parametrize(
    ("name", "macro"),
    [("report.docx", "word/vbaProject.bin"), ("budget.xlsx", "xl/activeX/activeX1.xml"), ("notes.odt", "Basic/x.xml")],
)
def test_an_office_file_carrying_macros_or_controls_is_refused(admin_client, item, name, macro):
    if name.endswith(".odt"):
        content = zipped({"mimetype": "application/vnd.oasis.opendocument.text", macro: "Sub Auto_Open"})
    else:
        folder = macro.split("/")[0] + "/"
        content = zipped({"[Content_Types].xml": "<Types/>", f"{folder}document.xml": "<x/>", macro: "MZ"})
    response = upload(admin_client, item, name, content)
    assert "contains macros or controls that can run: save it again without them" in response.content.decode()
    assert not Paper.objects.exists()
