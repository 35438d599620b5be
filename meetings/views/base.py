"""Helpers the meeting views share."""

from django.shortcuts import get_object_or_404

from ..models import Meeting


def posted(request):
    """The POST data for a bound form (even an empty POST, so missing answers show errors), or None."""
    return request.POST if request.method == "POST" else None


def error_text(error):
    return " ".join(error.messages)


def member_of(user):
    return user.member if user.is_partner else None


def can_see_confidential(user, meeting):
    if user.is_council_admin:
        return True
    member = member_of(user)
    return member is not None and meeting.invitations.filter(person=member).exists()


def meeting_for(request, pk):
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("group"), pk=pk)


def admin_meeting(pk):
    return get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
