"""PDF minutes and agenda packs, rendered by Celery workers and stored through Django's storage API.

Requesting a PDF (`minutes_pdfs_request`, `agenda_pack_request`) marks its `GeneratedPdf` row as being
prepared, raises its generation and queues the render after commit. The render stores the file only if
no newer request came meanwhile, so the last change always wins. A failed render is recorded with its
error; admins retry it from the meeting page.
"""

import io
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader, PdfWriter

from common import need_to_know, pdfclean
from common.pdf import html_to_pdf_with_pages, render_html, store_rendered

from . import policy, selectors
from .models import (
    AgendaItem,
    GeneratedPdf,
    Invitation,
    Meeting,
    MinutesVersion,
    Paper,
)

logger = logging.getLogger(__name__)

Kind = GeneratedPdf.Kind
State = GeneratedPdf.State
MINUTES_KINDS = (Kind.MINUTES_FULL, Kind.MINUTES_PUBLIC)
PACK_KINDS = (Kind.AGENDA_PACK, Kind.AGENDA_PACK_PUBLIC)
# Who each variant is for: the full one is read by admins and invitees, the public one by anyone.
AUDIENCE = {
    Kind.MINUTES_FULL: policy.INVITEE,
    Kind.MINUTES_PUBLIC: need_to_know.PUBLIC,
    Kind.AGENDA_PACK: policy.INVITEE,
    Kind.AGENDA_PACK_PUBLIC: need_to_know.PUBLIC,
}


# Requests ---------------------------------------------------------------------------------------


def _withdraw(pdf):
    """Stop serving the old file now (a change may have narrowed who may read it); the new one replaces it."""
    if pdf.file:
        storage, name = pdf.file.storage, pdf.file.name
        transaction.on_commit(lambda: storage.delete(name))


def _request(pdfs_filter, create_kwargs, kinds, task, task_arg, *, withdraw):
    """Mark the PDFs as being prepared and queue their render. `withdraw`: the change may have narrowed who may
    read them, so the old files go at once; otherwise the last good copy stays readable until the new one is ready."""
    for kind in kinds:
        pdf, created = GeneratedPdf.objects.get_or_create(**create_kwargs, kind=kind)
        if not created and withdraw:
            _withdraw(pdf)
            pdf.request_again(file="", size=None, pages=None)
        elif not created:
            pdf.request_again()
    task.delay_on_commit(task_arg)
    return list(GeneratedPdf.objects.filter(**pdfs_filter, kind__in=kinds))


@transaction.atomic
def minutes_pdfs_request(version, *, withdraw=False):
    """Render both variants of these minutes after commit: when minutes are circulated, approved or corrected."""
    from .tasks import render_minutes_pdfs

    meeting_id = MinutesVersion.objects.values_list("minutes__meeting_id", flat=True).get(pk=version.pk)
    return _request(
        {"minutes_version": version},
        {"minutes_version": version, "meeting_id": meeting_id},
        MINUTES_KINDS,
        render_minutes_pdfs,
        version.pk,
        withdraw=withdraw,
    )


@transaction.atomic
def agenda_pack_request(meeting, *, withdraw=False):
    """Render the agenda pack (full and without confidential items) after commit."""
    from .tasks import render_agenda_pack

    return _request(
        {"meeting": meeting, "minutes_version": None},
        {"meeting": meeting, "minutes_version": None},
        PACK_KINDS,
        render_agenda_pack,
        meeting.pk,
        withdraw=withdraw,
    )


def pdfs_requeue_stuck(now=None):
    """Queue again every render whose task was lost (a worker killed mid-render); returns how many.

    With Redis, acks_late and reject_on_worker_lost bring a lost task back; with the file-system broker
    of the quick start, or a worker killed outright, nothing would: this is the safety net the beat runs.
    """
    stuck = list(GeneratedPdf.objects.stuck(now).select_related("minutes_version", "meeting"))
    for pdf in stuck:
        logger.warning("Render of %s was stuck being prepared since %s: queued again", pdf, pdf.requested_at)
        GeneratedPdf.objects.filter(pk=pdf.pk).update(requeued=F("requeued") + 1)
    # One request per meeting or minutes version renders both of its variants.
    for pdf in {(pdf.kind in MINUTES_KINDS, pdf.minutes_version_id or pdf.meeting_id): pdf for pdf in stuck}.values():
        pdf_retry(pdf)
    return len(stuck)


def minutes_pdfs_refresh(meeting):
    """Render again every minutes PDF already made for this meeting (after its agenda changed)."""
    versions = MinutesVersion.objects.filter(minutes__meeting=meeting, pdfs__isnull=False).distinct()
    for version in versions:
        minutes_pdfs_request(version, withdraw=True)


def pdf_retry(pdf):
    """Ask again for a PDF that failed (or any other): same as the original request."""
    if pdf.kind in MINUTES_KINDS:
        return minutes_pdfs_request(pdf.minutes_version)
    return agenda_pack_request(pdf.meeting)


def _store(pdf_id, generation, *, content, filename, pages):
    """Keep the file unless a newer request came while rendering; returns whether it was kept."""
    pdf = GeneratedPdf.objects.get(pk=pdf_id)
    if pdf.generation != generation:
        return False
    return store_rendered(pdf, generation=generation, content=content, filename=filename, pages=pages)


def _render_each(pdfs, render):
    """Render each requested PDF; one failing does not stop the other. Returns the kinds stored."""
    stored = []
    for pdf in pdfs:
        try:
            content, filename, pages = render(pdf.kind)
            if _store(pdf.pk, pdf.generation, content=content, filename=filename, pages=pages):
                stored.append(pdf.kind)
        except Exception as error:
            logger.exception("Rendering %s failed", pdf)
            pdf.record_failure(error)
    return stored


# Minutes ----------------------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    name: str
    organisation: str
    role: str
    note: str = ""


def minutes_status_text(version):
    if version.is_final and version.approved_at_meeting_id:
        at = version.approved_at_meeting
        approved = timezone.localtime(version.approved_at) if version.approved_at else None
        when = f" on {date_format(approved)}" if approved else ""
        return f"Approved{when} at {at.title} ({date_format(timezone.localtime(at.starts_at))})"
    if version.status == MinutesVersion.Status.CIRCULATED:
        return "Draft, circulated for comment: not yet approved"
    return "Draft: not yet approved"


def _attendance(record):
    """The minutes' invitees and guests (`selectors.minutes_record`) in the PDF's sections."""
    sections = {"present": [], "deputies": [], "apologies": [], "absent": [], "not_recorded": [], "guests": []}
    target = {
        Invitation.Attendance.PRESENT: "present",
        Invitation.Attendance.DEPUTY: "deputies",
        Invitation.Attendance.APOLOGIES: "apologies",
        Invitation.Attendance.ABSENT: "absent",
    }
    for invitation in record.invitations:
        person = invitation.person
        organisation = person.organisation.name if person.organisation else "Individual member"
        section = target.get(invitation.attendance, "not_recorded")
        if section == "deputies":
            deputy = invitation.attended_deputy_name or "A deputy"
            row = AttendanceRow(deputy, organisation, f"Deputy for {person.name}")
        else:
            row = AttendanceRow(person.name, organisation, person.get_role_display())
        sections[section].append(row)
    for guest in record.guests:
        sections["guests"].append(AttendanceRow(guest.name, guest.organisation_name, guest.role))
    return sections


def minutes_context(version, *, public):
    """Everything the minutes template shows; in the public variant as `policy` lets the public read."""
    aud = need_to_know.PUBLIC if public else policy.INVITEE
    version = MinutesVersion.objects.select_related(
        "minutes__meeting__group", "approved_at_meeting", "minutes__published_version"
    ).get(pk=version.pk)
    meeting = version.minutes.meeting
    record = selectors.minutes_record(version, meeting, aud)
    actions = record.actions
    shown = [a for a in actions if need_to_know.shown(policy.ACTIONS_ARISING, aud, a)]
    return {
        "meeting": record.meeting,
        "version": version,
        "status_text": minutes_status_text(version),
        "is_final": version.is_final,
        "public": public,
        "marking": need_to_know.document_marking([] if public else [row.item for row in record.items]),
        "attendance": _attendance(record),
        "rows": record.items,
        "general_decisions": record.general_decisions,
        "actions": shown,
        "withheld_actions": len(actions) - len(shown),
        "generated_at": timezone.now(),
    }


def minutes_filename(version, kind):
    meeting = version.minutes.meeting
    variant = "public" if kind == Kind.MINUTES_PUBLIC else "full"
    return f"minutes-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-v{version.number}-{variant}.pdf"


def minutes_html(version, kind):
    return render_html("pdf/minutes.html", minutes_context(version, public=kind == Kind.MINUTES_PUBLIC))


def minutes_pdfs_render(version_id):
    """Render the requested variants of one minutes version; returns the kinds stored."""
    version = MinutesVersion.objects.select_related("minutes__meeting").filter(pk=version_id).first()
    if version is None:
        return []
    pdfs = list(GeneratedPdf.objects.filter(minutes_version=version, kind__in=MINUTES_KINDS, state=State.PREPARING))

    def render(kind):
        content, pages = html_to_pdf_with_pages(minutes_html(version, kind))
        return content, minutes_filename(version, kind), pages

    return _render_each(pdfs, render)


# Agenda pack ------------------------------------------------------------------------------------


def _pack_parts(meeting, *, public):
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("position", "pk")))
    )
    aud = need_to_know.PUBLIC if public else policy.INVITEE
    items = [i for i in policy.present_items(items, aud) if not i.withheld]
    entries = []
    for item in items:
        for paper in item.papers.all():
            if not need_to_know.shown(policy.PAPERS, aud, paper):
                continue
            entries.append({"item": item, "paper": paper, "is_pdf": paper.kind == Paper.Kind.PDF})
    return items, entries


def _read_paper(paper):
    with paper.file.open("rb") as handle:
        return pdfclean.clean_pdf(handle.read())


def agenda_pack_build(meeting, *, public):
    """(PDF bytes, pages): the agenda with a contents page, then each PDF paper in agenda order."""
    items, entries = _pack_parts(meeting, public=public)
    readers = {}
    for entry in entries:
        if entry["is_pdf"]:
            try:
                readers[entry["paper"].pk] = _read_paper(entry["paper"])
            except Exception as error:  # a damaged upload is listed, not merged, rather than failing the pack
                logger.warning("Paper %s could not be read: %s", entry["paper"].pk, error)
                entry["is_pdf"] = False
                entry["unreadable"] = True
    context = {
        "meeting": meeting,
        "items": items,
        "entries": entries,
        "merged": [e for e in entries if e["is_pdf"]],
        "attachments": [e for e in entries if not e["is_pdf"]],
        "public": public,
        "marking": need_to_know.document_marking([] if public else items + [e["paper"] for e in entries]),
        "generated_at": timezone.now(),
    }
    # Two passes: the contents page needs each paper's first page, which depends on the agenda's length.
    agenda_pages = None
    for _ in range(3):
        page = (agenda_pages or 0) + 1
        for entry in context["merged"]:
            entry["start_page"] = page
            entry["page_count"] = len(readers[entry["paper"].pk].pages)
            page += entry["page_count"]
        context["total_pages"] = page - 1 if agenda_pages else None
        content, pages = html_to_pdf_with_pages(render_html("pdf/agenda.html", context))
        if pages == agenda_pages:
            break
        agenda_pages = pages
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    for entry in context["merged"]:
        paper = entry["paper"]
        writer.append(readers[paper.pk], outline_item=f"Item {entry['item'].position}: {paper.title}")
    pdfclean.refuse_if_active(writer)  # the pack as served, not only its parts: nothing in it may run
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def agenda_pack_filename(meeting, kind):
    variant = "public" if kind == Kind.AGENDA_PACK_PUBLIC else "full"
    return f"agenda-pack-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-v{meeting.sequence}-{variant}.pdf"


def agenda_pack_render(meeting_id):
    meeting = Meeting.objects.select_related("group").filter(pk=meeting_id).first()
    if meeting is None:
        return []
    pdfs = list(GeneratedPdf.objects.filter(meeting=meeting, kind__in=PACK_KINDS, state=State.PREPARING))

    def render(kind):
        content, pages = agenda_pack_build(meeting, public=kind == Kind.AGENDA_PACK_PUBLIC)
        return content, agenda_pack_filename(meeting, kind), pages

    return _render_each(pdfs, render)


def pdfs_for_meeting(meeting, user):
    return list(
        GeneratedPdf.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("minutes_version")
        .order_by("kind", "-minutes_version__number")
    )
