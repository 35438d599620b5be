"""The assessment as a PDF return (rendered by a worker), an XLSX workbook and the annual Prevent report.

Asking for the PDF marks the cycle's `ReturnPdf` as being prepared, raises its generation and queues
the render after commit; a render that finishes after a newer request is thrown away.
"""

from django.db import transaction
from django.utils import timezone

from common import need_to_know
from common.csvexport import xlsx_append, xlsx_bytes
from common.pdf import html_to_pdf, render_html, render_requested

from . import selectors
from .models import Rating, ReturnPdf


def marking_of(evidence_rows):
    """The return is OFFICIAL-SENSITIVE if any evidence it shows is: a document by its marking, a linked record at
    its level as it stands now (a decision under an item made OFFICIAL-SENSITIVE since it was linked raises it)."""
    return need_to_know.document_marking([], [row.level for row in evidence_rows])


def return_context(cycle, user):
    """The return's table; `user` None means every linked record (the admins' PDF return)."""
    table = selectors.return_rows(cycle, user)
    shown = []
    for area in table["areas"]:
        for row in area["rows"]:
            shown += row["evidence"]
    return {"cycle": cycle, "marking": marking_of(shown), "today": timezone.localdate(), **table}


@transaction.atomic
def return_pdf_request(cycle):
    from .tasks import render_return_pdf

    pdf = ReturnPdf.request_for(cycle=cycle)
    render_return_pdf.delay_on_commit(pdf.pk)
    return pdf


def return_pdf_build(cycle):
    html = render_html("assurance/pdf_return.html", return_context(cycle, None))
    return html_to_pdf(html), f"prevent-assurance-{cycle.year_label.replace('/', '-')}-v{cycle.number}.pdf"


def return_pdf_render(pdf_id):
    return render_requested(
        ReturnPdf.objects.select_related("cycle__framework"), pdf_id, lambda pdf: return_pdf_build(pdf.cycle)
    )


def return_xlsx(cycle, user):
    """The same table as the HTML return, as a workbook: one row per criterion, evidence titles listed."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    context = return_context(cycle, user)
    book = Workbook()
    sheet = book.active
    sheet.title = "Self-assessment"
    xlsx_append(sheet, [f"{context['marking']}: {cycle}"])
    xlsx_append(sheet, [])
    header = ["Area", "Criterion", "Criterion text", "Rating", "Last year", "Confidence", "Current position",
              "Why not applicable", "Evidence", "Improvement action"]  # fmt: skip
    xlsx_append(sheet, header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for area in context["areas"]:
        for row in area["rows"]:
            assessment = row["assessment"]
            action = row["action"]
            xlsx_append(
                sheet,
                [
                    str(area["area"]),
                    row["criterion"].number,
                    row["criterion"].text,
                    str(row["rating_label"]),  # labels are lazy translations: a workbook takes plain text
                    str(row["last_year"]),
                    assessment.get_confidence_display(),
                    assessment.narrative,
                    assessment.not_applicable_reason,
                    "\n".join(e.title for e in row["evidence"]),
                    str(action) if action else "",
                ],
            )
    for column, width in zip("ABCDEFGHIJ", (28, 10, 50, 14, 14, 12, 60, 30, 50, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A4"
    signed = book.create_sheet("Sign-off")
    xlsx_append(signed, ["Name", "Role", "Signed"])
    for sign_off in context["sign_offs"]:
        xlsx_append(
            signed, [sign_off.name, sign_off.role_title, timezone.localtime(sign_off.signed_at).strftime("%d/%m/%Y")]
        )
    return xlsx_bytes(book)


def annual_report_sections(cycle):
    """Text for the annual Prevent report's sections, from the signed-off assessment."""
    table = selectors.matrix(cycle)
    totals = table["totals"]
    counts = ", ".join(f"{totals[value]} {label.lower()}" for value, label in Rating.choices if totals[value])
    gaps = [row for area in table["areas"] for row in area["rows"] if row["rating"] in ("partly_met", "not_met")]
    by_area = "\n".join(
        "| {} | {} |".format(
            area["area"],
            "; ".join(f"{row['criterion'].number}: {row['rating_label']}" for row in area["rows"]),
        )
        for area in table["areas"]
    )
    signers = " and ".join(f"{s.name} ({s.role_title})" for s in cycle.sign_offs.all())
    summary = (
        f"The partnership assessed itself against the {cycle.framework} for {cycle.year_label}: "
        f"of {table['total']} criteria, {counts}. The assessment was signed off by {signers or 'two admins'}."
    )
    recommendations = ["That the board notes the partnership's self-assessment against the Prevent duty toolkit."]
    if gaps:
        recommendations.append(
            "That the board supports the improvement actions for the criteria not yet fully met: "
            + ", ".join(row["criterion"].number for row in gaps)
            + "."
        )
    return {
        "summary": summary,
        "recommendations": "\n".join(f"- {line}" for line in recommendations),
        "appendices": (
            f"Prevent assurance self-assessment {cycle.year_label}: ratings by toolkit area.\n\n"
            "| Toolkit area | Ratings |\n|---|---|\n" + by_area
        ),
    }
