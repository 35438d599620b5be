"""Meeting lists: the partners' and admins' list, and the public page of dates and published minutes."""

from django.shortcuts import get_object_or_404, render

from common import need_to_know
from common.access import partner_required, public

from ..models import Invitation, Meeting, Minutes
from .base import member_of
from .minutes import minutes_context


@partner_required
def index(request):
    user = request.user
    meetings = Meeting.objects.visible_to(user).select_related("group").with_invited(member_of(user))
    upcoming = list(meetings.upcoming().order_by("starts_at"))
    past = list(meetings.past().order_by("-starts_at")[:40])
    context = {"upcoming": upcoming, "past": past}
    if need_to_know.is_admin(user):
        context["replies"] = _reply_counts([m.pk for m in upcoming])
    else:
        member = member_of(user)
        context["my_upcoming"] = [m for m in upcoming if m.is_invited]
        context["my_replies"] = dict(
            Invitation.objects.filter(person=member, meeting__in=[m.pk for m in upcoming]).values_list(
                "meeting_id", "reply"
            )
        )
    return render(request, "meetings/index.html", context)


def _reply_counts(meeting_ids):
    counts = {}
    for meeting_id, reply in Invitation.objects.filter(meeting_id__in=meeting_ids).values_list("meeting_id", "reply"):
        entry = counts.setdefault(meeting_id, {"total": 0, "replied": 0})
        entry["total"] += 1
        entry["replied"] += reply != Invitation.Reply.NO_REPLY
    return counts


@public
def public_index(request):
    upcoming = Meeting.objects.public().upcoming().select_related("group").order_by("starts_at")
    published = (
        Minutes.objects.filter(published_version__isnull=False)
        .select_related("meeting", "meeting__group", "published_version")
        .order_by("-meeting__starts_at")
    )
    return render(request, "meetings/public_index.html", {"upcoming": upcoming, "published": published})


@public
def public_minutes(request, pk):
    minutes = get_object_or_404(
        Minutes.objects.filter(published_version__isnull=False).select_related(
            "meeting", "meeting__group", "published_version", "published_version__approved_at_meeting"
        ),
        meeting_id=pk,
    )
    context = minutes_context(minutes.published_version, minutes.meeting, user=None)
    context["public"] = True
    return render(request, "meetings/public_minutes.html", context)
