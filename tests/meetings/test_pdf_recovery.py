"""Renders survive a crash: a killed worker's render comes back, the sweeper re-queues lost ones, and the
last good copy stays readable while a new one is prepared."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings import documents
from meetings.models import GeneratedPdf, Meeting

from .factories import AgendaItemFactory, MeetingFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _published_meeting(items=3, words=20):
    meeting = MeetingFactory(title="Spring board", status=Meeting.Status.AGENDA_PUBLISHED)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    for position in range(1, items + 1):
        AgendaItemFactory(
            meeting=meeting,
            position=position,
            title=f"Item {position}",
            description=" ".join(["The partnership reviewed the training offer for schools."] * words),
        )
    return meeting


@pytest.mark.django_db
def test_the_last_good_copy_stays_readable_while_a_new_one_is_prepared(client, django_capture_on_commit_callbacks):
    meeting = _published_meeting()
    with django_capture_on_commit_callbacks(execute=True):
        documents.agenda_pack_request(meeting)
    public = GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack_public")
    assert public.state == "ready"
    url = reverse("meetings:pdf_download", args=[public.pk, public.filename])

    # Asked again, and the worker has not run yet: the page says so and the old copy is still served.
    documents.agenda_pack_request(meeting)
    public.refresh_from_db()
    assert public.state == "preparing"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_the_sweeper_queues_again_a_render_whose_task_was_lost(settings, django_capture_on_commit_callbacks):
    meeting = _published_meeting()
    # A request whose task never ran (the file-system broker lost it with the worker).
    documents.agenda_pack_request(meeting)
    GeneratedPdf.objects.filter(meeting=meeting).update(state="preparing")
    assert documents.pdfs_requeue_stuck() == 0  # not yet: it may still be rendering

    later = timezone.now() + timezone.timedelta(seconds=settings.PDF_STUCK_AFTER_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert documents.pdfs_requeue_stuck(later) == 2
    pdfs = GeneratedPdf.objects.filter(meeting=meeting)
    assert {(pdf.state, pdf.requeued) for pdf in pdfs} == {("ready", 1)}


def _worker_env(tmp_path, settings):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
    }
    return env


def _children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False)
    return [int(line) for line in out.stdout.split()]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_render_whose_worker_process_is_killed_mid_render_still_becomes_ready(settings, tmp_path):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs the real PostgreSQL and Redis: run under scripts/with_services.sh")
    from partnership.celery import app

    app.conf.task_always_eager = False
    meeting = _published_meeting(items=120, words=12)
    log = tmp_path / "worker.log"
    with log.open("w") as output:  # the child keeps its own copy of the descriptor
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "partnership",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=_worker_env(tmp_path, settings),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        documents.agenda_pack_request(meeting)  # autocommit: queued at once
        deadline = time.monotonic() + 60
        while "render_agenda_pack" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        pdfs = GeneratedPdf.objects.filter(meeting=meeting)
        assert {pdf.state for pdf in pdfs} == {"preparing"}, "the render finished before it could be interrupted"
        killed = _children(worker.pid)
        assert killed, log.read_text()
        for pid in killed:
            os.kill(pid, signal.SIGKILL)

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and {pdf.state for pdf in pdfs.all()} != {"ready"}:
            time.sleep(0.5)
        assert {pdf.state for pdf in pdfs.all()} == {"ready"}, log.read_text()[-3000:]
        assert "WorkerLostError" in log.read_text() or "exited prematurely" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.task_always_eager = True
