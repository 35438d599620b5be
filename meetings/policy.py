"""Need-to-know: every rule about who reads meeting content, stated once.

Everything else asks here: querysets (`MeetingScopedQuerySet`), pages, both PDF variants, the agenda pack,
emails, calendars and exports. Nothing outside this module (and the models' field definitions) decides
visibility from `is_confidential` or `marking`. `docs/need-to-know.md` is generated from `TABLE` below
(`manage.py need_to_know --write`); a test keeps it current.

Audiences: a council admin (signed in with the second factor when REQUIRE_ADMIN_2FA is on), an invitee of
the meeting, a partner who was not invited, and the public. An admin who has given only the password is
not yet an admin: they read what the public reads.

Decisions we took:
- The owner of an action arising is entitled to their own action on the site, even under a confidential
  item of a meeting they were not invited to: they cannot do it otherwise.
- Email is an unprotected channel, so it carries what the public may read: an action under an exempt item
  goes to its owner as a link only, never its description.
- The title of an OFFICIAL-SENSITIVE item is shown to partners and the public as "Exempt item: <title>";
  a confidential item's title is withheld from them (its place shows only "Exempt item").
"""

import enum

from django.conf import settings
from django.db import models
from django.db.models import Q


class Audience(enum.StrEnum):
    ADMIN = "admin"
    INVITEE = "invitee"
    PARTNER = "partner not invited"
    PUBLIC = "public"


class Level(enum.StrEnum):
    OFFICIAL = "OFFICIAL"
    SENSITIVE = "OFFICIAL-SENSITIVE"
    CONFIDENTIAL = "confidential"


class Verdict(enum.StrEnum):
    SHOWN = "shown"
    EXEMPT = "exempt"  # shown as "Exempt item" with its title, nothing more
    WITHHELD = "withheld"


class Content(enum.StrEnum):
    ITEM_TITLE = "item title"
    ITEM_DESCRIPTION = "item description"
    MINUTES_NOTES = "minutes notes"
    DECISIONS = "decisions"
    ACTIONS_ARISING = "actions arising"
    PAPERS = "papers"
    PLAN_ACTIONS = "plan actions"
    PROGRESS_UPDATES = "progress updates"
    BOARD_REPORTS = "board reports"
    CONTACT_DETAILS = "people's contact details"


SHOWN, EXEMPT, WITHHELD = Verdict.SHOWN, Verdict.EXEMPT, Verdict.WITHHELD
ALL = {Level.OFFICIAL: SHOWN, Level.SENSITIVE: SHOWN, Level.CONFIDENTIAL: SHOWN}
NONE = {Level.OFFICIAL: WITHHELD, Level.SENSITIVE: WITHHELD, Level.CONFIDENTIAL: WITHHELD}
OFFICIAL_ONLY = {Level.OFFICIAL: SHOWN, Level.SENSITIVE: WITHHELD, Level.CONFIDENTIAL: WITHHELD}
TITLE_ONLY_IF_SENSITIVE = {Level.OFFICIAL: SHOWN, Level.SENSITIVE: EXEMPT, Level.CONFIDENTIAL: WITHHELD}
MEETING_CONTENT = {
    Audience.ADMIN: ALL,
    Audience.INVITEE: ALL,
    Audience.PARTNER: OFFICIAL_ONLY,
    Audience.PUBLIC: OFFICIAL_ONLY,
}

# Plan content and contact details: partners run the plan together; the public reads none of it.
PARTNERS_ONLY = {Audience.ADMIN: ALL, Audience.INVITEE: ALL, Audience.PARTNER: ALL, Audience.PUBLIC: NONE}
EXEMPT_TITLES = {Audience.PARTNER: TITLE_ONLY_IF_SENSITIVE, Audience.PUBLIC: TITLE_ONLY_IF_SENSITIVE}

# content -> audience -> level of the content -> verdict. Plan content is graded by the plan action's marking.
TABLE = {
    Content.ITEM_TITLE: {**MEETING_CONTENT, **EXEMPT_TITLES},
    Content.ITEM_DESCRIPTION: MEETING_CONTENT,
    Content.MINUTES_NOTES: MEETING_CONTENT,
    Content.DECISIONS: MEETING_CONTENT,
    Content.ACTIONS_ARISING: MEETING_CONTENT,
    Content.PAPERS: MEETING_CONTENT,
    Content.PLAN_ACTIONS: PARTNERS_ONLY,
    Content.PROGRESS_UPDATES: PARTNERS_ONLY,
    Content.BOARD_REPORTS: PARTNERS_ONLY,
    Content.CONTACT_DETAILS: PARTNERS_ONLY,
}
# Which meetings an audience may know of at all, by status (drafts are the admins' working copy).
MEETING_STATUSES = {
    Audience.ADMIN: ("draft", "scheduled", "agenda_published", "held", "cancelled", "postponed"),
    Audience.INVITEE: ("scheduled", "agenda_published", "held", "cancelled", "postponed"),
    Audience.PARTNER: ("scheduled", "agenda_published", "held", "cancelled", "postponed"),
    Audience.PUBLIC: ("scheduled", "agenda_published", "held"),
}
MEETING_STATUSES_PUBLIC = MEETING_STATUSES[Audience.PUBLIC]


# Who is asking ------------------------------------------------------------------------------------


def is_admin(user):
    """A council admin, who has given the second factor when it is required."""
    if user is None or not user.is_authenticated or not user.is_council_admin:
        return False
    if not settings.REQUIRE_ADMIN_2FA:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def member_of(user):
    """The partner's active membership record, or None (admins, the public, former members)."""
    if user is None or not user.is_authenticated or not user.is_partner:
        return None
    return user.member


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
        return Audience.ADMIN
    if member_of(user) is None:
        return Audience.PUBLIC
    return Audience.INVITEE if is_invited(user, meeting) else Audience.PARTNER


# What they see ------------------------------------------------------------------------------------


def _with_item(obj):
    """The record, then the agenda item it sits under where it has one: both weigh on how sensitive it is."""
    yield obj
    if getattr(obj, "item_id", None):
        yield obj.item


def _marked(obj):
    """OFFICIAL-SENSITIVE itself or through its agenda item (whether or not also confidential)."""
    return any(getattr(o, "marking", "") == "official_sensitive" for o in _with_item(obj))


def level(obj):
    """How sensitive an item, paper, action arising, note, decision or plan action is."""
    if any(getattr(o, "is_confidential", False) for o in _with_item(obj)):
        return Level.CONFIDENTIAL
    if _marked(obj):
        return Level.SENSITIVE
    return Level.OFFICIAL


def verdict(content, audience_, obj_or_level):
    lvl = obj_or_level if isinstance(obj_or_level, Level) else level(obj_or_level)
    return TABLE[Content(content)][Audience(audience_)][lvl]


def shown(content, audience_, obj):
    return verdict(content, audience_, obj) == SHOWN


def marking_words(obj):
    """The marking as words after a title: " (OFFICIAL-SENSITIVE)", " (confidential)", or nothing."""
    tags = flags(obj)
    return (" (OFFICIAL-SENSITIVE)" if tags["sensitive"] else "") + (" (confidential)" if tags["confidential"] else "")


def flags(obj):
    """Tags a template prints beside a record: (is OFFICIAL-SENSITIVE, is confidential)."""
    return {"sensitive": _marked(obj), "confidential": level(obj) == Level.CONFIDENTIAL}


# In the database ------------------------------------------------------------------------------------


def level_q(lvl, *, prefix="", with_item=False):
    """A filter for rows at exactly this level; `with_item` also weighs the row's agenda item."""
    parts = [prefix] + ([f"{prefix}item__"] if with_item else [])
    confidential = Q()
    sensitive = Q()
    for p in parts:
        confidential |= Q(**{f"{p}is_confidential": True})
        sensitive |= Q(**{f"{p}marking": "official_sensitive"})
    if lvl == Level.CONFIDENTIAL:
        return confidential
    if lvl == Level.SENSITIVE:
        return ~confidential & sensitive
    return ~confidential & ~sensitive


def allowed_q(content, aud, *, prefix="", with_item=False, accept=(SHOWN,)):
    levels = [lvl for lvl, v in TABLE[Content(content)][aud].items() if v in accept]
    if len(levels) == len(Level):
        return Q()
    q = Q(pk__in=[])
    for lvl in levels:
        q |= level_q(lvl, prefix=prefix, with_item=with_item)
    return q


def known(answer):
    """A filter whose answer is known before the query: every row, or none (SQL leaves it out)."""
    return ~Q(pk__in=[]) if answer else Q(pk__in=[])


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

    Subclasses set `meeting_field` (the path to the meeting), `content` (their row of `TABLE`) and
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
            aud = Audience.PARTNER if member is not None else Audience.PUBLIC
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
        title = verdict(Content.ITEM_TITLE, aud, item)
        item.withheld = title == WITHHELD
        item.exempt = title != SHOWN
        item.content_shown = shown(Content.ITEM_DESCRIPTION, aud, item)
        item.tags = flags(item)
    return items


def present_papers(papers):
    for paper in papers:
        paper.tags = flags(paper)
    return papers


def document_marking(objs):
    """The marking a document holding these records carries: OFFICIAL-SENSITIVE if any of them is."""
    return Level.SENSITIVE.value if any(flags(o)["sensitive"] for o in objs) else Level.OFFICIAL.value


def logged(content, obj):
    """Reads of what the public may not read are written to the access log."""
    return verdict(content, Audience.PUBLIC, obj) != SHOWN


def for_email(content, obj, text):
    """Email is an unprotected channel: it carries only what the public may read, else nothing (a link instead)."""
    return text if shown(content, Audience.PUBLIC, obj) else ""


# The table in docs/need-to-know.md ------------------------------------------------------------------

_WORDS = {SHOWN: "shown", EXEMPT: '"Exempt item" with its title', WITHHELD: "withheld"}


def _cell(by_level):
    verdicts = set(by_level.values())
    if len(verdicts) == 1:
        return _WORDS[verdicts.pop()]
    return "; ".join(f"{lvl.value}: {_WORDS[v]}" for lvl, v in by_level.items())


def table_markdown():
    """docs/need-to-know.md, written from the rules above (`manage.py need_to_know --write`)."""
    audiences = list(Audience)
    lines = [
        "# Need to know: who reads what",
        "",
        "Generated from `meetings/policy.py` by `manage.py need_to_know --write`; a test fails when it is out of date.",
        "Do not edit by hand: change the policy and run the command.",
        "",
        "Audiences: a council admin (signed in with the second factor when `REQUIRE_ADMIN_2FA` is on: until then they",
        "read what the public reads), an invitee of the meeting, a partner who was not invited, and the public.",
        "A record's level is that of its agenda item where it has one, raised by its own marking (papers):",
        "OFFICIAL, OFFICIAL-SENSITIVE, or confidential (whatever its marking).",
        "",
        "| content | " + " | ".join(a.value for a in audiences) + " |",
        "|---|" + "---|" * len(audiences),
        "| meeting (its title, date and place) | "
        + " | ".join(", ".join(s.replace("_", " ") for s in MEETING_STATUSES[a]) + " meetings" for a in audiences)
        + " |",
    ]
    for content, by_audience in TABLE.items():
        lines.append(f"| {content.value} | " + " | ".join(_cell(by_audience[a]) for a in audiences) + " |")
    lines += [
        "",
        "Also decided here:",
        "",
        "- The owner of an action arising reads their own action on the site, whatever its item: they have to do it.",
        "- Email is an unprotected channel: every email carries only what the public column allows. An action under",
        "  an exempt item reaches its owner as a link to sign in, never its description.",
        "- Plan actions, progress updates and board reports are graded by the plan action's marking; partners run the",
        "  plan together, so they read OFFICIAL-SENSITIVE plan actions; the public reads none of them.",
        "- Any change that narrows who may read something (an item made confidential or OFFICIAL-SENSITIVE, a paper",
        "  removed, an item deleted or moved) withdraws the generated PDFs at once and renders them again; until the",
        '  new file is ready the page says it is "being prepared".',
        "- Every uploaded PDF (papers, assurance evidence) is rewritten by `common/pdfclean.py` before it is stored,",
        "  and papers again as they are merged into a pack: nothing in it runs, submits, launches or carries a file.",
        "",
    ]
    return "\n".join(lines)
