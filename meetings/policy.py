"""Need-to-know for meetings: the meeting's rows of the one table (`common.need_to_know`) and what only a
meeting knows: who is invited, and the queryset base every record under a meeting reads through.

Audiences for meeting content: a council admin, an *invitee* of the meeting (a partner it invited), a partner
who was not invited, and the public (see `common.need_to_know` for the roles and the second factor).

Decisions we took:
- The owner of an action arising is entitled to their own action on the site, even under a confidential
  item of a meeting they were not invited to: they cannot do it otherwise.
- Email is an unprotected channel, so it carries what the public may read: an action under an exempt item
  goes to its owner as a link only, never its description.
- The title of an OFFICIAL-SENSITIVE item is shown to partners and the public as "Exempt item: <title>";
  a confidential item's title is withheld from them (its place shows only "Exempt item").
- Removing an item is refused while decisions or actions arising are recorded under it (they keep its level).
"""

from django.db import models
from django.db.models import Q

from common.need_to_know import (
    ADMIN,
    ALL,
    OFFICIAL_ONLY,
    PARTNER,
    PUBLIC,
    SHOWN,
    TITLE_ONLY_IF_SENSITIVE,
    WITHHELD,
    Audience,
    Content,
    allowed_q,
    flags,
    is_admin,
    known,
    member_of,
    shown,
    verdict,
)

INVITEE = Audience("invitee", "a partner invited to the meeting the record belongs to", narrows=PARTNER)

# Which meetings an audience may know of at all, by status (drafts are the admins' working copy).
MEETING_STATUSES = {
    ADMIN: ("draft", "scheduled", "agenda_published", "held", "cancelled", "postponed"),
    INVITEE: ("scheduled", "agenda_published", "held", "cancelled", "postponed"),
    PARTNER: ("scheduled", "agenda_published", "held", "cancelled", "postponed"),
    PUBLIC: ("scheduled", "agenda_published", "held"),
}
MEETING_STATUSES_PUBLIC = MEETING_STATUSES[PUBLIC]
MEETING_CONTENT = {ADMIN: ALL, INVITEE: ALL, PARTNER: OFFICIAL_ONLY, PUBLIC: OFFICIAL_ONLY}
BY_ITEM = "its agenda item's marking"

MEETING = Content(
    "meeting (its title, date and place)",
    {ADMIN: SHOWN, INVITEE: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN},
    notes={a: ", ".join(s.replace("_", " ") for s in sts) + " meetings" for a, sts in MEETING_STATUSES.items()},
)
ITEM_TITLE = Content(
    "item title",
    {ADMIN: ALL, INVITEE: ALL, PARTNER: TITLE_ONLY_IF_SENSITIVE, PUBLIC: TITLE_ONLY_IF_SENSITIVE},
    graded="its own marking",
)
ITEM_DESCRIPTION = Content("item description", MEETING_CONTENT, graded="its item's marking")
MINUTES = Content(
    "minutes (a version and its general notes)",
    {ADMIN: SHOWN, INVITEE: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN},
    notes={
        ADMIN: "every version, drafts too",
        INVITEE: "approved versions, and the draft circulated for comment",
        PARTNER: "approved versions",
        PUBLIC: "the version an admin published",
    },
)
MINUTES_NOTES = Content("minutes notes", MEETING_CONTENT, graded=BY_ITEM)
DECISIONS = Content("decisions", MEETING_CONTENT, graded=BY_ITEM)
ACTIONS_ARISING = Content(
    "actions arising", MEETING_CONTENT, graded=BY_ITEM, notes={PARTNER: "and their own actions, whatever the item"}
)
PAPERS = Content("papers", MEETING_CONTENT, graded="its own marking, raised by its item's")
MEETING_PDFS = Content(
    "agenda pack and minutes PDFs",
    {ADMIN: SHOWN, INVITEE: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN},
    graded="the highest level of what they hold",
    notes={
        ADMIN: "every edition",
        INVITEE: "the full editions of minutes they may read, and the full agenda pack once published",
        PARTNER: "the editions without confidential items, minutes once approved",
        PUBLIC: "the editions without confidential items, minutes once published",
    },
)
CONTENTS = (
    MEETING, ITEM_TITLE, ITEM_DESCRIPTION, MINUTES, MINUTES_NOTES, DECISIONS, ACTIONS_ARISING, PAPERS, MEETING_PDFS,
)  # fmt: skip
SESSIONLESS = (
    (
        "calendar feed address",
        "reads the meetings its owner may know of (an admin every meeting, a partner those they are invited to):"
        " titles, dates and places only. It is handed out on a page behind the second factor and revoked by"
        " resetting it (`need_to_know.reads_as_admin_by_secret`).",
    ),
    (
        "reply link",
        "answers one invitation, until the meeting ends, and shows the meeting's title, date and place only.",
    ),
    (
        "action progress link",
        "records progress on one meeting action once (the return-request engine's link in an action email), while"
        " the action is open and the person it was sent to still owns it; it shows the action's words only where an"
        " email may carry them (`need_to_know.for_email`).",
    ),
)


# Who is asking ------------------------------------------------------------------------------------


def _invited_cache(user):
    """Per request (on the user object): meeting pk -> whether `user` is invited to it."""
    cache = getattr(user, "_invited_meetings", None)
    if cache is None:
        cache = user._invited_meetings = {}
    return cache


def remember_invitation(user, meeting, invited):
    """A page that has read the user's invitation to `meeting` says so: `is_invited` answers without a query."""
    _invited_cache(user)[meeting.pk] = invited


def is_invited(user, meeting):
    from .models import Invitation

    member = member_of(user)
    if member is None or meeting is None:
        return False
    cache = _invited_cache(user)
    if meeting.pk not in cache:
        cache[meeting.pk] = Invitation.objects.filter(meeting_id=meeting.pk, person=member).exists()
    return cache[meeting.pk]


def audience(user, meeting=None):
    if is_admin(user):
        return ADMIN
    if member_of(user) is None:
        return PUBLIC
    return INVITEE if is_invited(user, meeting) else PARTNER


def invited_q(user, meeting_ref, meeting=None):
    """A filter for rows of meetings `user` is invited to. When the meeting is known, `is_invited` answers it
    once (the page has read the invitation already) and the filter is `known`. Otherwise an IN over the user's
    invitations, not a per-row EXISTS: inside the policy's OR, PostgreSQL hashes the one list instead of probing
    the invitations once a row."""
    from .models import Invitation

    if meeting is None:
        return Q(**{f"{meeting_ref}__in": Invitation.objects.filter(person=member_of(user)).values("meeting_id")})
    return known(is_invited(user, meeting))


class MeetingScopedQuerySet(models.QuerySet):
    """Reads of anything that belongs to a meeting: the meeting's rule, then the content's need-to-know.

    Subclasses set `meeting_field` (the path to the meeting), `content` (their row of the table) and
    whether their own row or their agenda item carries the marking (`own_marking`, `item_marking`).
    Given the meeting, the reader's audience for it is worked out once here, so an invitee's rows need
    no invitation EXISTS and no join to the meeting for its status.
    """

    meeting_field = "meeting"
    content = None
    own_marking = False
    item_marking = True
    accept = (SHOWN,)

    def _field(self, name):
        return name if not self.meeting_field else f"{self.meeting_field}__{name}"

    def _meeting_ref(self):
        return self.meeting_field or "pk"

    def visible_to(self, user, meeting=None):
        rows = self if meeting is None else self.filter(**{self._meeting_ref(): meeting})
        if is_admin(user):
            return rows
        member = member_of(user)
        if meeting is not None:
            aud = audience(user, meeting)
            if meeting.status not in MEETING_STATUSES[aud]:
                return rows.none()
        else:
            aud = PARTNER if member is not None else PUBLIC
            rows = rows.filter(**{self._field("status__in"): MEETING_STATUSES[aud]})
        if self.content is None:
            return rows
        item_prefix = "item__" if (self.item_marking and not self.own_marking) else ""
        q = allowed_q(
            self.content, aud, prefix=item_prefix, with_item=self.own_marking and self.item_marking, accept=self.accept
        )
        if not q:  # every level is shown to this audience
            return rows
        if self.item_marking and not self.own_marking:
            q |= Q(item__isnull=True)
        if member is not None:
            if meeting is None:
                q |= invited_q(user, self._meeting_ref())
            q |= self._own_q(member)
        return rows.filter(q)

    def _own_q(self, member):
        return Q(pk__in=[])


# For templates and documents: flags worked out here, so no template tests a marking -----------------


def present_items(items, aud):
    """Set on each item what `aud` may see of it: `exempt` (title only), `withheld` (nothing), `content_shown`."""
    for item in items:
        title = verdict(ITEM_TITLE, aud, item)
        item.withheld = title == WITHHELD
        item.exempt = title != SHOWN
        item.content_shown = shown(ITEM_DESCRIPTION, aud, item)
        item.tags = flags(item)
    return items


def present_papers(papers):
    for paper in papers:
        paper.tags = flags(paper)
    return papers
