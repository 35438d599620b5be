"""Files in S3-compatible object storage (moto's server on 127.0.0.1, tests/objectstore.py) as on a disk: private
objects, never overwritten, deleted with their record, streamed through the app after the access check, named by
/healthz when the store cannot be reached; and no code of the app assumes a local path."""

import ast
import gc
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.pdf import store_rendered
from meetings import documents
from meetings.models import GeneratedPdf, Paper
from meetings.services import paper_delete
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory
from tests.objectstore import ObjectStore, release
from tests.pdfs import blank_pdf

ROOT = Path(__file__).resolve().parents[2]
APPS = ("actionplans", "assurance", "common", "measures", "meetings", "members", "outbox", "returnrequests", "signin")
PDF = blank_pdf()


@pytest.fixture
def item(partner_user):
    meeting = MeetingFactory(status="agenda_published")
    InvitationFactory(meeting=meeting, person=partner_user.person)
    return AgendaItemFactory(meeting=meeting)


def upload(client, item, name="paper.pdf", content=PDF):
    data = {"file": SimpleUploadedFile(name, content), "title": "", "marking": "official"}
    response = client.post(reverse("meetings:paper_upload", args=[item.pk]), data)
    assert response.status_code == 302
    return Paper.objects.latest("pk")


@pytest.mark.django_db
def test_a_paper_is_kept_in_the_store_and_streamed_back_only_to_those_who_may_read_it(
    file_storage, admin_client, partner_client, client, item
):
    paper = upload(admin_client, item)
    assert file_storage.stored() == [paper.file.name]
    url = reverse("meetings:paper_download", args=[paper.pk])
    response = partner_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(url).status_code == 302  # the public signs in first


@pytest.mark.django_db
def test_a_removed_paper_leaves_nothing_in_the_store(
    file_storage, admin_client, item, django_capture_on_commit_callbacks
):
    paper = upload(admin_client, item)
    assert file_storage.stored() == [paper.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        paper_delete(paper)
    stored = file_storage.stored()
    assert paper.file.name not in stored
    assert all(name.startswith("generated/") for name in stored)  # the agenda pack, made again without it


@pytest.mark.django_db
def test_a_second_file_of_the_same_name_never_replaces_the_first(file_storage):
    first = default_storage.save("generated/1/pack.pdf", ContentFile(b"first"))
    second = default_storage.save("generated/1/pack.pdf", ContentFile(b"second"))
    assert first == "generated/1/pack.pdf"
    assert second != first
    with default_storage.open(first) as handle:
        assert handle.read() == b"first"


@pytest.mark.django_db
def test_a_render_overtaken_by_a_newer_request_leaves_the_good_copy_in_the_store(
    file_storage, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(status="agenda_published")
    with django_capture_on_commit_callbacks(execute=True):
        documents.agenda_pack_request(meeting)
    pdf = GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack")
    kept = pdf.file.name
    # A render that started before a newer request finishes late: its file is thrown away, the good one stays.
    assert store_rendered(pdf, generation=pdf.generation - 1, content=b"%PDF-late", filename=pdf.filename) is False
    assert kept in file_storage.stored()
    with default_storage.open(kept) as handle:
        assert handle.read(5) == b"%PDF-"
    assert len(file_storage.stored()) == 2  # the full pack and the public one, nothing else


@pytest.mark.django_db
def test_objects_in_the_bucket_are_private(file_storage, admin_client, item):
    if file_storage.kind != "object storage":
        pytest.skip("a bucket's objects")
    paper = upload(admin_client, item)
    key = f"{file_storage.prefix}/{paper.file.name}"
    grants = file_storage.store.client().get_object_acl(Bucket=file_storage.bucket, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert {grant["Grantee"]["Type"] for grant in grants} == {"CanonicalUser"}  # the owner, no group (AllUsers)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{file_storage.store.endpoint}/{file_storage.bucket}/{key}")
    assert refused.value.code == 403
    refused.value.close()  # the refusal's body, read from the socket


# botocore leaves the socket of a connection the stopped server refused to the garbage collector: collected here.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.django_db
def test_healthz_names_the_storage_when_the_bucket_cannot_be_reached(client, settings, tmp_path):
    store = ObjectStore(tmp_path).start()
    bucket = store.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": store.backend(bucket)}
    try:
        answer = client.get("/healthz")
        assert (answer.status_code, json.loads(answer.content)["checks"]["storage"]) == (200, "ok")
    finally:
        store.stop()
    try:
        answer = client.get("/healthz")
    finally:
        release(default_storage)
        gc.collect()
    body = json.loads(answer.content)
    assert answer.status_code == 503
    assert body["down"] == ["storage"]
    assert body["checks"]["storage"].startswith(f"error: EndpointConnectionError (bucket {bucket} at ")


def _attribute_uses(tree, attribute):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == attribute:
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            yield node.lineno, name


def test_no_code_of_the_app_asks_a_stored_file_for_a_local_path():
    """On object storage a file has no path: `.path` (FieldFile.path, storage.path) raises there. Only a request's,
    the os module's and a model's own `path` field are allowed; and MEDIA_ROOT is read by the settings alone."""
    allowed = {"os", "sys", "request", "self"}
    found = []
    for app in APPS:
        for source in (ROOT / app).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            text = source.read_text()
            for line, owner in _attribute_uses(ast.parse(text), "path"):
                if owner not in allowed:
                    found.append(f"{source.relative_to(ROOT)}:{line}: {owner}.path")
            if "MEDIA_ROOT" in text:
                found.append(f"{source.relative_to(ROOT)}: reads MEDIA_ROOT")
    assert not found, "a stored file read through a local path:\n" + "\n".join(found)
