"""Home-page panels for each role. Each runs a fixed number of queries."""

from django.utils import timezone

from .models import Invitation, Meeting, MeetingAction


def partner_context(request):
    member = request.user.member
    if member is None:
        return {"member": None}
    invitations = list(
        Invitation.objects.filter(person=member, meeting__ends_at__gte=timezone.now())
        .exclude(meeting__status__in=[Meeting.Status.DRAFT, Meeting.Status.CANCELLED])
        .select_related("meeting")
        .order_by("meeting__starts_at")[:5]
    )
    actions = list(
        MeetingAction.objects.visible_to(request.user)
        .open()
        .filter(owner=member)
        .select_related("meeting")
        .order_by("due_date")[:10]
    )
    return {"member": member, "invitations": invitations, "actions": actions}


def admin_context(request):
    next_meeting = Meeting.objects.upcoming().exclude(status=Meeting.Status.DRAFT).order_by("starts_at").first()
    replies = {}
    if next_meeting is not None:
        for reply in next_meeting.invitations.values_list("reply", flat=True):
            replies[reply] = replies.get(reply, 0) + 1
    return {
        "next_meeting": next_meeting,
        "invited": sum(replies.values()),
        "replied": sum(count for reply, count in replies.items() if reply != Invitation.Reply.NO_REPLY),
        "apologies": replies.get(Invitation.Reply.APOLOGIES, 0),
        "overdue_count": MeetingAction.objects.overdue().count(),
        "open_count": MeetingAction.objects.open().count(),
    }


def public_context(request):
    return {"upcoming": list(Meeting.objects.public().upcoming().select_related("group").order_by("starts_at")[:4])}
