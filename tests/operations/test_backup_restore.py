"""The documented backup and restore, run for real: pg_dump and the media folder, restored into a
fresh database and folder, where the same records and files are found."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from meetings.models import Meeting
from members.models import Organisation, Person
from tests.factories import PersonFactory
from tests.meetings.factories import MeetingFactory

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")

pytestmark = pytest.mark.django_db(transaction=True)


def database_url(name):
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def run(script, *args, env):
    path = os.pathsep.join([str(PG_BIN), os.environ["PATH"]])
    return subprocess.run([str(ROOT / "scripts" / script), *args], env={**os.environ, "PATH": path, **env},
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip


def test_a_backup_restores_into_a_fresh_database_with_the_same_records(tmp_path):
    PersonFactory.create_batch(5)
    MeetingFactory.create_batch(3)
    media = tmp_path / "media"
    (media / "papers").mkdir(parents=True)
    (media / "papers" / "paper.pdf").write_bytes(b"%PDF-1.7 fictional paper")
    live = connection.settings_dict["NAME"]
    counts = {model: model.objects.count() for model in (Organisation, Person, Meeting)}

    run("backup.sh", str(tmp_path / "backup"), env={"DATABASE_URL": database_url(live), "MEDIA_ROOT": str(media)})

    restored = f"restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        restored_media = tmp_path / "restored-media"
        run("restore.sh", str(tmp_path / "backup"),
            env={"DATABASE_URL": database_url(restored), "MEDIA_ROOT": str(restored_media)})  # fmt: skip
        out = subprocess.run(
            [str(PG_BIN / "psql"), database_url(restored), "-tAc",
             "select (select count(*) from members_organisation), (select count(*) from members_person), "
             "(select count(*) from meetings_meeting)"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        assert out == f"{counts[Organisation]}|{counts[Person]}|{counts[Meeting]}"
        assert (restored_media / "papers" / "paper.pdf").read_bytes() == b"%PDF-1.7 fictional paper"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{restored}"')


def test_a_bucket_is_backed_up_and_restored_into_another_with_the_same_files(tmp_path, object_store):
    """Several machines keep their files in a bucket: the scripts back it up object by object (manage.py
    files_backup) and restore it into an empty one, under the same names and with the same bytes."""
    from django.core.files.base import ContentFile

    from common.files_archive import stored_names
    from tests.objectstore import release

    bucket = object_store.new_bucket()
    live = object_store.environment(bucket, "live")
    papers = {"papers/2026/11/a1b2": b"%PDF-1.7 fictional paper", "generated/3/agenda-pack-full.pdf": b"%PDF-1.7 pack"}
    storage = _storage(object_store, bucket, "live")
    for name, content in papers.items():
        storage.save(name, ContentFile(content))
    url = database_url(connection.settings_dict["NAME"])

    run("backup.sh", str(tmp_path / "backup"), env={"DATABASE_URL": url, **live})

    restored = f"restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        run("restore.sh", str(tmp_path / "backup"),
            env={"DATABASE_URL": database_url(restored), **object_store.environment(bucket, "restored")})  # fmt: skip
        again = _storage(object_store, bucket, "restored")
        assert stored_names(again) == sorted(papers)
        for name, content in papers.items():
            with again.open(name, "rb") as handle:
                assert handle.read() == content
        release(again)
    finally:
        release(storage)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{restored}"')


def _storage(object_store, bucket, prefix):
    from django.core.files.storage import storages

    return storages.create_storage(object_store.backend(bucket, prefix))
