"""Progress on meeting actions by the emailed link: the meetings app's kind of return, on the return-request engine.

The action due and overdue emails (meetings.emails) ask the owner for progress; each carries a signed link, one
per email, that works once and without a sign-in, so an owner with no login records progress as replies work.
The meetings app's own planner sends and chases those emails, so this kind has none of the engine's: it uses
the engine's link, its answer-once claim and its record, which admins see at /returns/. Registered in
MeetingsConfig.ready.
"""

from django.urls import reverse

from returnrequests import registry

KIND = "meeting_action_progress"


def still_wanted(request):
    """While the action is open and the person asked still owns it as a current member."""
    from members.models import Person

    from .models import MeetingAction

    return MeetingAction.objects.filter(
        pk=request.subject_id,
        status=MeetingAction.Status.OPEN,
        owner_id=request.person_id,
        owner__status=Person.Status.ACTIVE,
    ).exists()


def respond(http_request, return_request):
    from .views.actions import action_progress_by_link

    return action_progress_by_link(http_request, return_request)


KIND_REGISTRATION = registry.ReturnKind(
    value=KIND,
    label="Progress on meeting actions",
    respond=respond,
    still_wanted=still_wanted,
    round_url=lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
)
