"""Nothing active in a PDF we store or serve: every upload path, and the agenda pack, against a corpus of hostile PDFs.

The corpus (tests/hostile_pdfs.py) is made here with pypdf: open actions, document scripts, page and annotation
triggers, a web link chained (`/Next`) to a script, `javascript:` links, launch, submit, import and remote-go-to
actions, attached and embedded files, forms with XFA and field scripts, outlines, rich media, compressed,
encrypted and incrementally-updated scripts. Each is uploaded as a paper and as assurance evidence, downloaded
again, and merged into both agenda packs; what comes out is read as a suspicious reader would.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from assurance.models import Evidence
from common import pdfclean
from meetings import documents
from meetings.models import Meeting, Paper
from tests.assurance.conftest import first
from tests.hostile_pdfs import PAGE_TEXT, TECHNIQUES, benign_with_links, leftovers, marker
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

HOSTILE = [pytest.param(name, make, id=name) for name, make in TECHNIQUES.items()]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _download(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_corpus_has_at_least_ten_techniques_and_each_is_really_hostile():
    assert len(TECHNIQUES) >= 10
    for name, make in TECHNIQUES.items():
        assert leftovers(make(), name), f"{name} carries nothing active: it tests nothing"


@pytest.mark.parametrize(("name", "make"), HOSTILE)
def test_the_cleaner_leaves_nothing_active_and_keeps_the_page(name, make):
    cleaned = pdfclean.clean_bytes(make())
    assert leftovers(cleaned, name) == []
    assert PAGE_TEXT in _text(cleaned)


def test_the_web_link_that_chained_a_script_keeps_its_link_and_loses_the_script():
    cleaned = pdfclean.clean_bytes(TECHNIQUES["link_uri_chained_to_script"]())
    action = PdfReader(io.BytesIO(cleaned)).pages[0]["/Annots"][0].get_object()["/A"]
    assert action["/URI"] == "https://example.org/" and "/Next" not in action


def test_links_to_the_web_to_mail_and_within_the_paper_survive():
    cleaned = pdfclean.clean_bytes(benign_with_links())
    actions = [annot.get_object()["/A"] for annot in PdfReader(io.BytesIO(cleaned)).pages[0]["/Annots"]]
    assert [a.get("/URI") for a in actions] == [
        "https://www.gov.uk/government/collections/prevent-duty",
        "mailto:prevent@example.org",
        None,
    ]
    assert actions[2]["/S"] == "/GoTo"


def test_a_pdf_that_needs_a_password_is_refused_with_what_to_do(admin_client):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    item = AgendaItemFactory()
    response = admin_client.post(
        reverse("meetings:paper_upload", args=[item.pk]),
        {"file": SimpleUploadedFile("locked.pdf", out.getvalue()), "title": "", "marking": "official"},
    )
    assert "could not be read: save it again as a PDF, without a password" in response.content.decode()
    assert not Paper.objects.exists()


@pytest.mark.parametrize(("name", "make"), HOSTILE)
def test_a_hostile_paper_is_stored_and_downloaded_with_nothing_active(name, make, admin_client):
    item = AgendaItemFactory(meeting=MeetingFactory(status=Meeting.Status.SCHEDULED))
    response = admin_client.post(
        reverse("meetings:paper_upload", args=[item.pk]),
        {"file": SimpleUploadedFile(f"{name}.pdf", make()), "title": name, "marking": "official"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    paper = item.papers.get()
    downloaded = _download(admin_client.get(reverse("meetings:paper_download", args=[paper.pk])))
    assert leftovers(downloaded, name) == []
    assert PAGE_TEXT in _text(downloaded)
    assert paper.size == len(downloaded)


@pytest.mark.parametrize(("name", "make"), HOSTILE)
def test_hostile_assurance_evidence_is_stored_and_downloaded_with_nothing_active(name, make, admin_client):
    from assurance import services

    cycle = services.cycle_start(year_label="2026/27")
    assessment = first(cycle)
    response = admin_client.post(
        reverse("assurance:evidence_upload", args=[cycle.pk, assessment.pk]),
        {"title": name, "marking": "official", "document": SimpleUploadedFile(f"{name}.pdf", make())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = Evidence.objects.get(assessment=assessment)
    downloaded = _download(admin_client.get(reverse("assurance:evidence_document", args=[evidence.pk])))
    assert leftovers(downloaded, name) == []
    assert PAGE_TEXT in _text(downloaded)


def test_both_agenda_packs_merge_hostile_papers_stored_before_any_cleaning_with_nothing_active():
    """Papers stored before the cleaner existed (put in storage as they came) are cleaned as they are merged."""
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    item = AgendaItemFactory(meeting=meeting, title="Papers from partners")
    for position, (name, make) in enumerate(TECHNIQUES.items(), start=1):
        content = make()
        paper = Paper(item=item, title=name, filename=f"{name}.pdf", kind=Paper.Kind.PDF, size=len(content),
                      position=position)  # fmt: skip
        paper.file.save(f"{name}.pdf", ContentFile(content), save=False)
        paper.save()
    for public in (False, True):
        content, pages = documents.agenda_pack_build(meeting, public=public)
        assert leftovers(content) == []
        text = _text(content)
        assert text.count(PAGE_TEXT) == len(TECHNIQUES), "every paper is merged, none dropped"
        assert pages > len(TECHNIQUES)
    assert marker("link_uri_chained_to_script") not in text


def test_papers_and_evidence_stored_before_the_cleaner_are_cleaned_in_place_by_the_migrations():
    import importlib

    from django.apps import apps

    from assurance import services

    content = TECHNIQUES["link_uri_chained_to_script"]()
    item = AgendaItemFactory()
    paper = Paper(item=item, title="Old", filename="old.pdf", kind=Paper.Kind.PDF, size=len(content))
    paper.file.save("old.pdf", ContentFile(content), save=False)
    paper.save()
    cycle = services.cycle_start(year_label="2026/27")
    evidence = Evidence(assessment=first(cycle), title="Old evidence")
    evidence.document.save("old-evidence.pdf", ContentFile(TECHNIQUES["open_action_javascript"]()), save=False)
    evidence.save()
    importlib.import_module("meetings.migrations.0012_clean_stored_pdfs").clean_stored_papers(apps, None)
    importlib.import_module("assurance.migrations.0005_clean_stored_evidence_pdfs").clean_stored_evidence(apps, None)
    paper.refresh_from_db()
    evidence.refresh_from_db()
    with paper.file.open("rb") as handle:
        stored = handle.read()
    assert leftovers(stored) == [] and paper.size == len(stored) and PAGE_TEXT in _text(stored)
    with evidence.document.open("rb") as handle:
        assert leftovers(handle.read()) == []
