"""Home-page panels for each role. Each runs a fixed number of queries."""

from django.db.models import Count, Q, Window
from django.utils import timezone

from .models import Invitation, Meeting, MeetingAction, MinutesVersion
from .selectors import counted


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
    no_reply = Q(invitations__reply=Invitation.Reply.NO_REPLY)
    actions = MeetingAction.objects.open()
    action_counts = {
        "open_count": counted(actions),
        "overdue_count": counted(actions.filter(due_date__lt=timezone.localdate())),
    }
    # One query: the next meeting, its replies counted, and the open and overdue actions counted beside it.
    next_meeting = (
        Meeting.objects.upcoming()
        .exclude(status=Meeting.Status.DRAFT)
        .annotate(
            invited=Count("invitations"),
            replied=Count("invitations", filter=~no_reply),
            apologies=Count("invitations", filter=Q(invitations__reply=Invitation.Reply.APOLOGIES)),
            **action_counts,
        )
        .order_by("starts_at")
        .first()
    )
    if next_meeting is not None:
        counts = {name: getattr(next_meeting, name) for name in action_counts}
    else:
        # No meeting to carry them: the counts alone (a second query only when nothing is scheduled).
        counts = actions.aggregate(
            open_count=Count("pk"), overdue_count=Count("pk", filter=Q(due_date__lt=timezone.localdate()))
        )
    return {
        "next_meeting": next_meeting,
        "invited": next_meeting.invited if next_meeting else 0,
        "replied": next_meeting.replied if next_meeting else 0,
        "apologies": next_meeting.apologies if next_meeting else 0,
        **counts,
    }


MINUTES_SHOWN = 5


def minutes_awaiting_approval_context(request):
    """Minutes written but not yet approved (draft or circulated), oldest meeting first, and how many: one query."""
    versions = list(
        MinutesVersion.objects.filter(status__in=[MinutesVersion.Status.DRAFT, MinutesVersion.Status.CIRCULATED])
        .select_related("minutes__meeting__group")
        .annotate(total=Window(Count("pk")))
        .order_by("minutes__meeting__starts_at", "number")[:MINUTES_SHOWN]
    )
    total = versions[0].total if versions else 0
    return {"awaiting": versions, "awaiting_total": total, "awaiting_more": max(total - len(versions), 0)}


def public_context(request):
    return {"upcoming": list(Meeting.objects.public().upcoming().select_related("group").order_by("starts_at")[:4])}
