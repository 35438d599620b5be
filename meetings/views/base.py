"""Helpers the meeting views share."""

from django.shortcuts import get_object_or_404

from common import need_to_know

from ..models import Meeting


def posted(request):
    """The POST data for a bound form (even an empty POST, so missing answers show errors), or None."""
    return request.POST if request.method == "POST" else None


def error_text(error):
    return " ".join(error.messages)


def member_of(user):
    return need_to_know.member_of(user)


def meeting_for(request, pk):
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("group"), pk=pk)


def admin_meeting(request, pk):
    """For admin views: the same rule as every other read (`admin_required` has already asked for 2FA)."""
    return meeting_for(request, pk)
