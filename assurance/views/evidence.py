"""Evidence: the picker that searches the app's records, uploads, and proposals accepted or dismissed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from common import need_to_know
from common.access import admin_required, partner_required
from common.audit import log_access
from common.confirm import confirm_or_act, confirm_page
from common.downloads import file_download
from common.forms import add_service_errors

from .. import policy, selectors, services, sources
from ..forms import EvidenceSearchForm, EvidenceUploadForm
from ..models import Evidence
from .base import assessment_for, cycle_for, run


def _back(assessment):
    return reverse("assurance:assessment", args=[assessment.cycle_id, assessment.pk]) + "#evidence"


@admin_required
def picker(request, pk, assessment_pk):
    cycle, assessment = assessment_for(request, pk, assessment_pk)
    if request.method == "POST":
        key, _, record_pk = request.POST.get("record", "").rpartition(":")
        source = sources.SOURCES.get(key)
        record = source.model.objects.filter(pk=record_pk).first() if source and record_pk.isdigit() else None
        if record is None:
            messages.error(request, gettext("Choose a record to link."))
        else:
            run(
                request,
                lambda: services.evidence_link(assessment=assessment, record=record, by=request.user),
                success=gettext("Evidence linked."),
            )
        return redirect(_back(assessment))
    form = EvidenceSearchForm(request.GET or None)
    results = selectors.search_records(request.user, form.cleaned_data["q"]) if form.is_valid() else []
    return render(
        request,
        "assurance/evidence_picker.html",
        {"cycle": cycle, "assessment": assessment, "form": form, "results": results, "searched": form.is_bound},
    )


@admin_required
def upload(request, pk, assessment_pk):
    _cycle, assessment = assessment_for(request, pk, assessment_pk)
    form = EvidenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_upload(assessment=assessment, upload=form.cleaned_data["document"],
                                     title=form.cleaned_data["title"], marking=form.cleaned_data["marking"],
                                     by=request.user)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Document added as evidence."))
            return redirect(_back(assessment))
    return render(
        request,
        "assurance/form.html",
        {
            "form": form,
            "heading": gettext("Add a document to criterion %(number)s") % {"number": assessment.criterion.number},
            "cancel_url": _back(assessment),
            "submit_label": gettext("Upload"),
        },
    )


def _evidence_for(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("assessment__cycle"), pk=pk)
    cycle_for(request, evidence.assessment.cycle_id)
    return evidence


@admin_required
@require_POST
def decide(request, pk):
    evidence = _evidence_for(request, pk)
    accept = request.POST.get("decision") == "accept"
    run(
        request,
        lambda: services.evidence_decide(evidence=evidence, accept=accept),
        success="Evidence accepted." if accept else "Proposal dismissed.",
    )
    return redirect(reverse("assurance:cycle", args=[evidence.assessment.cycle_id]) + "#proposed")


@admin_required
@confirm_or_act
def remove(request, pk):
    evidence = _evidence_for(request, pk)
    if request.method == "GET":
        return confirm_page(
            request,
            question=f"Remove “{evidence.title}” from this criterion's evidence?",
            consequences=["An uploaded document is deleted with it; a linked record stays where it is."],
            button="Yes, remove the evidence",
            back=_back(evidence.assessment),
        )
    run(request, lambda: services.evidence_remove(evidence=evidence), success=gettext("Evidence removed."))
    return redirect(_back(evidence.assessment))


@admin_required
@require_POST
def propose(request, pk):
    cycle = cycle_for(request, pk)
    made = run(
        request, lambda: services.evidence_propose(cycle=cycle, by=request.user), success=gettext("Proposals checked.")
    )
    if made is not None and made is not True:
        messages.info(request, gettext("%(made)s new proposals to accept or dismiss.") % {"made": made})
    return redirect(reverse("assurance:cycle", args=[cycle.pk]) + "#proposed")


@partner_required
def document(request, pk):
    """An uploaded evidence document, to whoever may read its assessment; OFFICIAL-SENSITIVE to admins only."""
    evidence = get_object_or_404(Evidence.objects.select_related("assessment__cycle").exclude(document=""), pk=pk)
    cycle_for(request, evidence.assessment.cycle_id)
    if not need_to_know.shown(policy.EVIDENCE_DOCUMENTS, need_to_know.role(request.user), evidence):
        raise Http404
    log_access(request, [evidence], "evidence document downloaded")
    return file_download(
        evidence.document, filename=evidence.document.name.rsplit("/", 1)[-1], content_type="application/octet-stream"
    )
