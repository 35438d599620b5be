"""Helpers the assurance views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from ..models import Assessment, AssessmentCycle


def cycle_for(request, pk):
    return get_object_or_404(AssessmentCycle.objects.visible_to(request.user).select_related("framework"), pk=pk)


def assessment_for(request, pk, assessment_pk):
    cycle = cycle_for(request, pk)
    assessment = get_object_or_404(
        Assessment.objects.select_related("criterion__area", "improvement_action"), cycle=cycle, pk=assessment_pk
    )
    assessment.cycle = cycle
    return cycle, assessment


def run(request, service, *, success):
    """Call a service for a button: a success message, or the broken rule as an error message. True if it worked."""
    try:
        result = service()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, success)
    return result if result is not None else True
