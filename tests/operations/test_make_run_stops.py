"""`make run` stops within 10 seconds on Ctrl-C, even with its Celery worker in the middle of a long task.

scripts/run.sh is started as a terminal would run it (its own process group, the demo's file-system broker under a
VAR_DIR of its own, this test's database). The worker is given a big agenda pack to render; once it has started,
Ctrl-C goes to the whole group, and every process of it must be gone within 10 seconds. The render is stopped,
not finished or failed: its PDF is still "being prepared", so the beat queues it again if its task did not get back
to the queue (requeue_stuck_pdfs).
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from meetings.models import GeneratedPdf
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 400  # enough that rendering the pack outlasts the 10 seconds by far

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _running(pgid):
    """The group's processes that still run (a finished one this test has not reaped yet is not one of them)."""
    states = subprocess.run(["ps", "-o", "stat=", "-g", str(pgid)], capture_output=True, text=True).stdout.split()
    return [state for state in states if not state.startswith("Z")]


def _wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def test_ctrl_c_stops_web_worker_and_scheduler_within_ten_seconds_mid_task(tmp_path):
    meeting = MeetingFactory(title="A very long agenda")
    AgendaItemFactory.create_batch(ITEMS, meeting=meeting, description="A paragraph of background. " * 20)
    pdf = GeneratedPdf.objects.create(meeting=meeting, kind=GeneratedPdf.Kind.AGENDA_PACK)
    env = {
        **{name: value for name, value in os.environ.items() if name not in ("REDIS_URL", "CELERY_BROKER_URL")},
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": _database_url(),
        "PORT": str(_free_port()),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    queue = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c",
         f"from meetings import tasks; tasks.render_agenda_pack.delay({meeting.pk})"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert queue.returncode == 0
    log = tmp_path / "run.log"
    with log.open("w") as out:
        run = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )  # fmt: skip
    try:
        _wait_for(lambda: "render_agenda_pack" in log.read_text() and "received" in log.read_text(), 90, "the task")
        time.sleep(2)  # well into the render
        pdf.refresh_from_db()
        assert pdf.state == GeneratedPdf.State.PREPARING, "the render finished too soon to test anything"

        started = time.monotonic()
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C
        _wait_for(lambda: not _running(run.pid), 30, "make run to stop")
        stopped_in = time.monotonic() - started
    finally:
        if _running(run.pid):
            os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=10)

    assert stopped_in < 10, f"make run took {stopped_in:.1f} s to stop:\n{log.read_text()[-3000:]}"
    pdf.refresh_from_db()
    assert pdf.state == GeneratedPdf.State.PREPARING
