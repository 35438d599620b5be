"""What governance adds to other apps' pages: the meeting page (declarations, prompts, decisions to ratify), the
minutes page (the admin's link to record declarations) and the home pages. Each a fixed number of queries."""

from common import need_to_know
from common.need_to_know import member_of
from meetings import policy as meeting_policy
from meetings.models import AgendaItem

from . import selectors
from .emails import confirmation_year, people_to_confirm
from .models import InterestConfirmation, Motion


def meeting_section(request, meeting):
    user = request.user

    def items():  # read only for a reader with interests to match against them
        return meeting_policy.present_items(
            list(AgendaItem.objects.visible_to(user, meeting).order_by("position")),
            meeting_policy.audience(user, meeting),
        )

    return {
        "gov_prompts": selectors.agenda_prompts(user, meeting, items),
        "gov_to_ratify": selectors.motions_to_ratify(meeting) if need_to_know.is_admin(user) else [],
        "gov_is_admin": need_to_know.is_admin(user),
    }


def minutes_section(request, meeting):
    if not need_to_know.is_admin(request.user):
        return None
    return {"gov_meeting": meeting}


def admin_panel(request):
    year = confirmation_year()
    return {
        "gov_unconfirmed": people_to_confirm(year).count() if year else None,
        "gov_year": year,
        "gov_open_motions": Motion.objects.filter(status=Motion.Status.OPEN).count(),
    }


def partner_panel(request):
    member = member_of(request.user)
    year = confirmation_year()
    return {
        "gov_to_vote": selectors.my_votes(member),
        "gov_year": year,
        "gov_confirmed": year is None
        or member is None
        or InterestConfirmation.objects.filter(person=member, year=year).exists(),
    }
