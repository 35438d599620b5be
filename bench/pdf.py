"""PDF minutes: the Celery task against a bare WeasyPrint render of the same HTML, per-page scaling, peak memory."""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORDER = 40
REPEAT = 3
RATIO_LIMIT = 1.3
PER_PAGE_LIMIT = 1.25
PEAK_MEMORY_LIMIT_MB = 600
# Agenda items that make minutes of about 12 and 60 pages with the notes below.
ITEMS_FOR_PAGES = {12: 19, 60: 114}

PARAGRAPH = (
    "Members discussed the latest referral figures from schools and colleges and the themes in the "
    "Counter Terrorism Local Profile. The police lead explained the changes in online radicalisation "
    "risk, and partners agreed that training for designated safeguarding leads should be refreshed "
    "before the autumn term. The chair asked for the figures to be broken down by district."
)


def build_meeting(items, *, tag):
    """A held meeting with 40 invitees, `items` agenda items with notes and a decision each, and actions."""
    from django.utils import timezone

    from meetings.models import (
        AgendaItem,
        Decision,
        Group,
        Invitation,
        Marking,
        Meeting,
        MeetingAction,
        MinuteNote,
        Minutes,
        MinutesVersion,
    )
    from members.models import Organisation, Person, Sector

    group, _ = Group.objects.get_or_create(name=f"Bench board {tag}")
    starts = timezone.now() - datetime.timedelta(days=20)
    meeting = Meeting.objects.create(
        group=group,
        title=f"Bench partnership board ({tag})",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="Council Chamber, Northport Civic Centre",
        status=Meeting.Status.HELD,
    )
    organisations = [
        Organisation.objects.get_or_create(
            name=f"Bench organisation {n}", defaults={"sector": Sector.OTHER, "has_prevent_duty": False}
        )[0]
        for n in range(12)
    ]
    people = Person.objects.bulk_create(
        Person(name=f"Bench person {tag}-{n}", email=f"bench-{tag}-{n}@example.org", organisation=organisations[n % 12])
        for n in range(40)
    )
    attendance = ["present", "present", "present", "apologies", "absent", "deputy"]
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            person=person,
            attendance=attendance[n % len(attendance)],
            attended_deputy_name="A deputy" if attendance[n % len(attendance)] == "deputy" else "",
        )
        for n, person in enumerate(people)
    )
    agenda = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n + 1,
            title=f"Agenda item {n + 1}: partnership business",
            presenter="Prevent Coordinator",
            marking=Marking.OFFICIAL_SENSITIVE if n % 7 == 3 else Marking.OFFICIAL,
            is_confidential=n % 7 == 3,
            confidential_reason="Case details" if n % 7 == 3 else "",
        )
        for n in range(items)
    )
    version = MinutesVersion.objects.create(minutes=Minutes.objects.create(meeting=meeting), number=1)
    MinuteNote.objects.bulk_create(
        MinuteNote(minutes_version=version, item=item, text=f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n- {PARAGRAPH[:120]}")
        for item in agenda
    )
    Decision.objects.bulk_create(
        Decision(minutes_version=version, item=item, text="The board agreed the recommendation.") for item in agenda
    )
    MeetingAction.objects.bulk_create(
        MeetingAction(meeting=meeting, item=item, description=f"Report back on item {item.position}", owner=people[0])
        for item in agenda
    )
    return version


def _requested(version):
    """Mark both minutes PDFs as requested, without queuing (the bench runs the task itself)."""

    from meetings import documents

    with _no_on_commit():
        documents.minutes_pdfs_request(version)


class _no_on_commit:
    """Swallow on_commit callbacks so requesting does not run the task; the bench times it explicitly."""

    def __enter__(self):
        from django.db import transaction

        self._original = transaction.on_commit
        transaction.on_commit = lambda *args, **kwargs: None

    def __exit__(self, *exc):
        from django.db import transaction

        transaction.on_commit = self._original


def time_task(version):
    from meetings.models import GeneratedPdf
    from meetings.tasks import render_minutes_pdfs

    _requested(version)
    start = time.perf_counter()
    render_minutes_pdfs.apply(args=[version.pk]).get()
    elapsed = time.perf_counter() - start
    pdfs = GeneratedPdf.objects.filter(minutes_version=version)
    if any(pdf.state != "ready" for pdf in pdfs):
        raise RuntimeError(f"the minutes task failed: {[pdf.error for pdf in pdfs]}")
    return elapsed, pdfs.get(kind="minutes_full").pages


def time_bare(htmls):
    from weasyprint import HTML

    start = time.perf_counter()
    for html in htmls:
        HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return time.perf_counter() - start


def peak_memory_mb(version):
    """Peak resident memory of a fresh process that runs the task once (what a worker needs)."""
    code = (
        "import django, json, resource; django.setup();"
        "from django.conf import settings; settings.DEBUG = False;"
        "from meetings.tasks import render_minutes_pdfs;"
        f"render_minutes_pdfs.apply(args=[{version.pk}]).get();"
        "print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))"
    )
    _requested(version)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"the peak-memory run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1]) / 1024


def run(report):
    media = tempfile.mkdtemp(prefix="bench-media-")
    # The worker-like subprocess this figure starts reads MEDIA_ROOT from the environment: set for this figure only,
    # else every server a later figure starts (the busiest hour's gunicorn) looks for files in the wrong place.
    before = os.environ.get("MEDIA_ROOT")
    os.environ["MEDIA_ROOT"] = media
    try:
        _measure(report, media)
    finally:
        if before is None:
            os.environ.pop("MEDIA_ROOT", None)
        else:
            os.environ["MEDIA_ROOT"] = before


def _measure(report, media):
    from django.conf import settings
    from django.test import override_settings

    from meetings import documents
    from meetings.models import GeneratedPdf

    with override_settings(MEDIA_ROOT=media):
        results = {}
        for pages, items in ITEMS_FOR_PAGES.items():
            version = build_meeting(items, tag=f"{pages}p")
            htmls = [
                documents.minutes_html(version, kind)
                for kind in (GeneratedPdf.Kind.MINUTES_FULL, GeneratedPdf.Kind.MINUTES_PUBLIC)
            ]
            time_bare(htmls[:1])  # warm fonts and caches for both measurements
            task_times, bare_times, actual_pages = [], [], None
            for _ in range(REPEAT if pages <= 12 else 1):
                bare_times.append(time_bare(htmls))
                elapsed, actual_pages = time_task(version)
                task_times.append(elapsed)
            results[pages] = {"task": min(task_times), "bare": min(bare_times), "pages": actual_pages, "v": version}
            report.note(
                f"minutes of {actual_pages} pages (full and public variants): task {min(task_times):.2f} s, "
                f"bare WeasyPrint {min(bare_times):.2f} s"
            )
        small, large = results[12], results[60]
        report.add("pdf_minutes_task_vs_bare_weasyprint", small["task"] / small["bare"], "x", RATIO_LIMIT)
        per_page_small = small["task"] / small["pages"]
        per_page_large = large["task"] / large["pages"]
        report.add("pdf_minutes_time_per_page_60_vs_12", per_page_large / per_page_small, "x", PER_PAGE_LIMIT)
        report.add("pdf_minutes_task_peak_memory", round(peak_memory_mb(large["v"])), "MB", PEAK_MEMORY_LIMIT_MB)
        report.note(f"generated PDFs written under {media} ({settings.STORAGES['default']['BACKEND']})")
