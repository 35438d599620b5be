"""The quarter's busiest hour: an agenda published to 2,000 invitees, then 200 partners open the meeting and its pack.

Publishing writes every invitee's email (with its .ics) to the outbox and asks for both agenda packs; the tasks run
as the worker would run them (in this process, one after another), timed by task. The email time (publication's
transaction and every send task until the last message is handed to SMTP) is set against the bare send_messages loop
of the same messages; the render time (the pack task, both variants stored) against the bare build of both packs.
Then partners (signed in beforehand) arrive at 200 a minute, each opening the meeting page and downloading the full
pack from gunicorn (three workers, as the Dockerfile runs it).

Sizes: BENCH_BUSIEST_INVITEES (2000) and BENCH_BUSIEST_PARTNERS (200), smaller on a machine too busy for the full run;
the figures say which size they were measured at.
"""

import datetime
import os
import threading
import time
from collections import defaultdict

from bench import web

ORDER = 60
INVITEES = int(os.environ.get("BENCH_BUSIEST_INVITEES", "2000"))
PARTNERS = int(os.environ.get("BENCH_BUSIEST_PARTNERS", "200"))
ARRIVAL_SECONDS = 60 / 200  # 200 partners within a minute, whatever the size
EMAIL_RATIO_LIMIT = 2.0
RENDER_RATIO_LIMIT = 1.3
PAGE_P95_LIMIT_MS = 2000
PASSWORD = "busiest-hour-bench"  # the bench's own throwaway accounts
NOTES = (
    "Partners agreed the training offer for schools and colleges and asked for the referral figures by district. " * 4
)


def build_meeting():
    from django.contrib.auth.hashers import make_password
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from common.pdf import html_to_pdf
    from meetings import services
    from meetings.models import AgendaItem, Group, Invitation, Meeting
    from members.models import Organisation, Person, Sector, User

    group, _ = Group.objects.get_or_create(name="Bench busiest group")
    starts = timezone.now() + datetime.timedelta(days=14)
    meeting = Meeting.objects.create(
        group=group,
        title="Bench quarterly partnership board",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="Northport Civic Centre",
        joining_link="https://meet.example.org/busiest",
        status=Meeting.Status.SCHEDULED,
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n + 1, title=f"Agenda item {n + 1}", description=NOTES, minutes_allowed=15)
        for n in range(12)
    )
    paper = html_to_pdf("<html lang='en-GB'><title>Paper</title><h1>Delivery plan</h1><p>" + NOTES * 20 + "</p>")
    for item in items[:3]:
        services.paper_upload(
            item=item,
            upload=SimpleUploadedFile("plan.pdf", paper, content_type="application/pdf"),
            title=f"Paper for {item.title}",
            marking="official",
            is_confidential=False,
            confidential_reason="",
        )
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench busiest organisation", defaults={"sector": Sector.OTHER, "has_prevent_duty": False}
    )
    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(email=f"busiest-partner-{n}@example.org", password=hashed) for n in range(PARTNERS)
    )
    people = Person.objects.bulk_create(
        (
            Person(
                name=f"Bench invitee {n}",
                email=f"busiest-invitee-{n}@example.org" if n >= PARTNERS else users[n].email,
                organisation=organisation,
                user=users[n] if n < PARTNERS else None,
            )
            for n in range(INVITEES)
        ),
        batch_size=1000,
    )
    Invitation.objects.bulk_create((Invitation(meeting=meeting, person=person) for person in people), batch_size=1000)
    return meeting


class TaskClock:
    """Seconds spent in each task, by name, as the worker's signals see them."""

    def __init__(self):
        self.spent = defaultdict(float)
        self._started = {}

    def __enter__(self):
        from celery.signals import task_postrun, task_prerun

        task_prerun.connect(self._prerun, weak=False)
        task_postrun.connect(self._postrun, weak=False)
        return self

    def __exit__(self, *exc):
        from celery.signals import task_postrun, task_prerun

        task_prerun.disconnect(self._prerun)
        task_postrun.disconnect(self._postrun)

    def _prerun(self, task_id=None, **kwargs):
        self._started[task_id] = time.perf_counter()

    def _postrun(self, task_id=None, task=None, **kwargs):
        self.spent[task.name] += time.perf_counter() - self._started.pop(task_id)


def bare_render(meeting):
    from meetings import documents

    start = time.perf_counter()
    for public in (False, True):
        documents.agenda_pack_build(meeting, public=public)
    return time.perf_counter() - start


def _pages(host, meeting, pack):
    """Partners, signed in beforehand, arrive at the rate of 200 a minute (one every 0.3 s), each opening the meeting
    page and downloading the pack: the latencies, the errors and how long until the last was served."""
    lock = threading.Lock()
    page, download, errors = [], [], []
    pack_url = f"/meetings/pdfs/{pack.pk}/{pack.filename}"

    # Signed in beforehand (a session lasts the day): the minute measures the meeting page and the pack.
    sessions = [web.Session(host).sign_in(f"busiest-partner-{n}@example.org", PASSWORD) for n in range(PARTNERS)]

    def partner(number):
        try:
            session = sessions[number]
            for path, into in ((f"/meetings/{meeting.pk}/", page), (pack_url, download)):
                start = time.perf_counter()
                status, body = session.request("GET", path)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    into.append(elapsed)
                    if status != 200 or (into is download and not body.startswith(b"%PDF-")):
                        errors.append(f"{path}: {status}")
        except (OSError, RuntimeError) as error:
            with lock:
                errors.append(repr(error))

    started = time.monotonic()
    threads = []
    for number in range(PARTNERS):
        time.sleep(max(0, started + number * ARRIVAL_SECONDS - time.monotonic()))
        threads.append(threading.Thread(target=partner, args=(number,)))
        threads[-1].start()
    for thread in threads:
        thread.join(timeout=600)
    return page, download, errors, time.monotonic() - started


def run(report):
    from django.conf import settings
    from django.db import transaction
    from django.test import override_settings

    from bench._smtp import LocalSMTP
    from bench.reminders import _messages, bare_send
    from meetings import services
    from meetings.models import GeneratedPdf
    from outbox.models import EmailDelivery
    from partnership.celery import app

    meeting = build_meeting()
    bare_render(meeting)  # fonts, templates and the papers' first read: warm for both measurements alike
    bare_pack = bare_render(meeting)
    app.conf.task_always_eager = True
    with LocalSMTP() as smtp, override_settings():
        smtp.configure(settings)
        with TaskClock() as clock:
            start = time.perf_counter()
            with transaction.atomic():
                services.meeting_publish_agenda(meeting)
                written = time.perf_counter() - start
            total = time.perf_counter() - start  # the tasks ran as it committed: the last email and pack are done
        sent = EmailDelivery.objects.for_meeting(meeting).filter(status=EmailDelivery.Status.SENT).count()
        packs = GeneratedPdf.objects.filter(meeting=meeting, state="ready").count()
        if smtp.counter.messages != INVITEES or sent != INVITEES or packs != 2:
            raise RuntimeError(f"{smtp.counter.messages} messages to SMTP, {sent} rows sent, {packs} packs ready")
        email = written + clock.spent["outbox.tasks.send_deliveries"]
        render = clock.spent["meetings.tasks.render_agenda_pack"]

        # The same messages again through a bare loop, and the same packs built bare.
        EmailDelivery.objects.for_meeting(meeting).update(
            status=EmailDelivery.Status.PENDING, sent_at=None, claimed_at=None
        )
        smtp.reset()
        bare_email = bare_send(_messages(), settings.EMAIL_BATCH_SIZE)
    app.conf.task_always_eager = False
    report.note(
        f"busiest hour, {INVITEES} invitees: published and every email handed to SMTP and both packs ready in "
        f"{total:.1f} s (emails {email:.1f} s, of which the publication's transaction {written:.1f} s; packs "
        f"{render:.1f} s); bare send_messages {bare_email:.1f} s, bare build of both packs {bare_pack:.1f} s"
    )
    report.add(f"busiest_{INVITEES}_agenda_emails_vs_bare_send_messages", email / bare_email, "x", EMAIL_RATIO_LIMIT)
    report.add("busiest_agenda_packs_task_vs_bare_render", render / bare_pack, "x", RENDER_RATIO_LIMIT)

    pack = GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack")
    with web.gunicorn(workers=3) as host:  # as the Dockerfile runs it
        quiet = web.Session(host).sign_in("busiest-partner-0@example.org", PASSWORD)
        alone = web.time_side_by_side(quiet, [f"/meetings/{meeting.pk}/"], 10)[f"/meetings/{meeting.pk}/"]
        page, download, errors, elapsed = _pages(host, meeting, pack)
    report.note(f"the meeting page for one partner alone: p50 {web.percentile(alone, 0.5):.0f} ms")
    report.note(
        f"{PARTNERS} partners arriving 200 a minute, the last served after {elapsed:.0f} s: meeting page p50 "
        f"{web.percentile(page, 0.5):.0f} ms p95 {web.percentile(page, 0.95):.0f} ms; pack download p50 "
        f"{web.percentile(download, 0.5):.0f} ms p95 {web.percentile(download, 0.95):.0f} ms; first errors {errors[:3]}"
    )
    report.add(f"busiest_{PARTNERS}_partners_errors", len(errors), "errors", 0)
    report.add("busiest_meeting_page_p95", web.percentile(page, 0.95), "ms", PAGE_P95_LIMIT_MS)
    report.add("busiest_pack_download_p95", web.percentile(download, 0.95), "ms", float("inf"))
