"""Need to know: who may read what, for every kind of content in the app. The one home of the rule.

Everything that decides who reads something asks here: the view decorators (`common.access`), every
queryset's `visible_to`, templates (through the `viewer` this module's context processor gives them),
document builders, tasks and emails. Nothing else tests a role (`is_council_admin`, `is_partner`) or a
record's marking (`marking`, `is_confidential`); a test scans the source for it.

- **Who is asking.** The roles: a council admin (`is_admin`: the second factor given when
  REQUIRE_ADMIN_2FA is on; an admin who has given only the password reads what the public reads), a
  partner (a login linked to a current member), the public. Apps register audiences that narrow the
  partner by a tie to the record (meetings: an *invitee*); a row that does not name such an audience reads
  it as it reads any partner.
- **What they read.** Each app registers its kinds of content from its `AppConfig.ready` (the way home-page
  panels register): for each audience, a verdict per level (OFFICIAL, OFFICIAL-SENSITIVE, confidential).
  A record's level is its own marking, raised by its agenda item's where it has one. Anything that quotes or
  links another record (assurance evidence, a decision under an item) is read at that record's level and
  by that record's rule, at the time it is read: never at a level stored when it was written.
- **Paths without a session** (a calendar feed address, a reply link) state their own rule below.
- `docs/need-to-know.md` is generated from the registry (`manage.py need_to_know --write`); a test keeps it
  current.

Why not the `rules` package: its predicates answer "may this user do this to this object" one object at a
time. Our rule is a table (content x audience x level) that must also become a database filter, so a list
page reads only what its reader may see in one query; `rules` has no querysets, and would be a second home.
"""

import enum
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q


class Level(enum.StrEnum):
    OFFICIAL = "OFFICIAL"
    SENSITIVE = "OFFICIAL-SENSITIVE"
    CONFIDENTIAL = "confidential"


class Verdict(enum.StrEnum):
    SHOWN = "shown"
    EXEMPT = "exempt"  # shown as "Exempt item" with its title, nothing more
    WITHHELD = "withheld"


SHOWN, EXEMPT, WITHHELD = Verdict.SHOWN, Verdict.EXEMPT, Verdict.WITHHELD
ALL = {Level.OFFICIAL: SHOWN, Level.SENSITIVE: SHOWN, Level.CONFIDENTIAL: SHOWN}
NONE = {Level.OFFICIAL: WITHHELD, Level.SENSITIVE: WITHHELD, Level.CONFIDENTIAL: WITHHELD}
OFFICIAL_ONLY = {Level.OFFICIAL: SHOWN, Level.SENSITIVE: WITHHELD, Level.CONFIDENTIAL: WITHHELD}
TITLE_ONLY_IF_SENSITIVE = {Level.OFFICIAL: SHOWN, Level.SENSITIVE: EXEMPT, Level.CONFIDENTIAL: WITHHELD}


# Audiences ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Audience:
    """Who reads: one of the three roles, or a partner with a tie to the record that an app names."""

    name: str
    description: str
    narrows: "Audience | None" = None  # a tie to the record narrows this role; rows that do not name it read it so

    def __str__(self):
        return self.name


ADMIN = Audience("admin", "a council admin, signed in with the second factor when `REQUIRE_ADMIN_2FA` is on")
PARTNER = Audience("partner", "a partner with none of the ties to the record the row names")
PUBLIC = Audience("public", "anyone, signed in or not; an admin who has given only the password reads this column")
ROLES = (ADMIN, PARTNER, PUBLIC)


# Kinds of content --------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Content:
    """A kind of content and who reads it: audience -> verdict, or audience -> {level: verdict}.

    `graded` says where its level comes from; `notes` adds words to an audience's cell in the table
    (which records of the kind, e.g. "signed-off cycles"). An audience the row does not name reads as the role
    it narrows."""

    name: str
    verdicts: dict
    graded: str = "not graded"
    notes: dict = field(default_factory=dict)

    def __str__(self):
        return self.name

    def verdict(self, audience, lvl=Level.OFFICIAL):
        while audience not in self.verdicts:
            if audience.narrows is None:
                raise KeyError(f"{self.name} says nothing for {audience}")
            audience = audience.narrows
        answer = self.verdicts[audience]
        return answer[lvl] if isinstance(answer, dict) else answer


_contents: list[Content] = []
_audiences: list[Audience] = []
_sessionless: list[tuple[str, str]] = []


def register(*contents, audiences=(), sessionless=()):
    """Called from an app's `AppConfig.ready`: its kinds of content, the audiences it names, and its paths without a
    session as (path, its rule in words) for the table."""
    for item in audiences:
        if item not in _audiences:
            _audiences.append(item)
    for item in contents:
        if item not in _contents:
            _contents.append(item)
    for item in sessionless:
        if item not in _sessionless:
            _sessionless.append(item)


def contents():
    return list(_contents)


def audiences():
    """Every audience, as the table's columns: admin, the ties apps named, partner, public."""
    return [ADMIN, *_audiences, PARTNER, PUBLIC]


# Who is asking -----------------------------------------------------------------------------------


def holds_admin_role(user):
    """A council admin's login, whether or not the second factor has been given yet (for the decorators' choice
    between "give your second factor" and "not for you"). To decide what someone reads, ask `is_admin`."""
    return user is not None and user.is_authenticated and user.is_council_admin


def second_factor_given(user):
    """The second factor of this session's sign-in: django-otp verified the session with one of the person's own
    devices (an authenticator app's code, a backup code, a passkey), or the identity provider they signed in with
    said it asked for more than one factor (`provider_asked_for_more_than_a_password`)."""
    # OTPMiddleware adds is_verified(); a user object fresh from login() or a task has not met it.
    is_verified = getattr(user, "is_verified", None)
    if is_verified and is_verified():
        return True
    return provider_asked_for_more_than_a_password(getattr(user, "provider_sign_in", None))


def provider_asked_for_more_than_a_password(sign_in):
    """What a single sign-on provider said of this session's sign-in (its `amr` and `acr`, which
    `signin.middleware` puts on the user as `provider_sign_in`) counts as the second factor when `amr` holds "mfa"
    (RFC 8176: more than one factor) or `acr` is one of SSO_SECOND_FACTOR_ACR_VALUES. Anything else, and the app
    asks for its own."""
    if not sign_in:
        return False
    amr = sign_in.get("amr") or ()
    acr = sign_in.get("acr")
    return (isinstance(amr, list | tuple) and "mfa" in amr) or bool(
        acr and acr in settings.SSO_SECOND_FACTOR_ACR_VALUES
    )


def is_admin(user):
    """A council admin, who has given the second factor when it is required."""
    return holds_admin_role(user) and (not settings.REQUIRE_ADMIN_2FA or second_factor_given(user))


def needs_second_factor(user):
    """An admin signed in with the password alone while the second factor is required."""
    return settings.REQUIRE_ADMIN_2FA and holds_admin_role(user) and not second_factor_given(user)


def is_partner(user):
    """A partner's login (its member may since have left: ask `member_of` for the current membership)."""
    return user is not None and user.is_authenticated and user.is_partner


def member_of(user):
    """The partner's active membership record, or None (admins, the public, former members)."""
    return user.member if is_partner(user) else None


def role(user):
    """ADMIN, PARTNER (a current member's login) or PUBLIC: the audience before any tie to a record."""
    if is_admin(user):
        return ADMIN
    return PARTNER if member_of(user) is not None else PUBLIC


def may_use(user, required):
    """Whether a signed-in `user` may use a view for `required` ("admin", "partner", "user"), before the second
    factor: `common.access` sends an admin without it to give it."""
    if required == "admin":
        return holds_admin_role(user)
    if required == "partner":
        return holds_admin_role(user) or is_partner(user)
    return user.is_active


# Paths without a session --------------------------------------------------------------------------


def reads_as_admin_by_secret(owner):
    """A calendar feed address is read with no session, so no second factor can be asked for. Its holder reads
    what its owner may read, an admin as an admin: the address is handed out only on a page behind the second
    factor, and resetting it revokes it. It carries meetings' titles, dates and places, nothing more."""
    return holds_admin_role(owner)


def at_the_console(user):
    """A management command (`load_demo`) has no session either: whoever can run it can read the database already.
    It acts for the admin it names as that admin would, signed in with the second factor."""
    if holds_admin_role(user):
        user.is_verified = lambda: True
    return user


# A record's level ---------------------------------------------------------------------------------


def _with_item(obj):
    """The record, then the agenda item it sits under where it has one: both weigh on how sensitive it is."""
    yield obj
    if getattr(obj, "item_id", None):
        yield obj.item


def _marked(obj):
    """OFFICIAL-SENSITIVE itself or through its agenda item (whether or not also confidential)."""
    return any(getattr(o, "marking", "") == "official_sensitive" for o in _with_item(obj))


def level(obj):
    """How sensitive a record is: its own marking and confidentiality, raised by its agenda item's."""
    if any(getattr(o, "is_confidential", False) for o in _with_item(obj)):
        return Level.CONFIDENTIAL
    if _marked(obj):
        return Level.SENSITIVE
    return Level.OFFICIAL


def highest(levels):
    order = list(Level)
    return max(levels, key=order.index, default=Level.OFFICIAL)


def verdict(content, audience, obj_or_level):
    lvl = obj_or_level if isinstance(obj_or_level, Level) else level(obj_or_level)
    return content.verdict(audience, lvl)


def shown(content, audience, obj_or_level=Level.OFFICIAL):
    return verdict(content, audience, obj_or_level) == SHOWN


def flags(obj):
    """Tags a template prints beside a record: (is OFFICIAL-SENSITIVE, is confidential)."""
    return {"sensitive": _marked(obj), "confidential": level(obj) == Level.CONFIDENTIAL}


def marking_words(obj):
    """The marking as words after a title: " (OFFICIAL-SENSITIVE)", " (confidential)", or nothing."""
    tags = flags(obj)
    return (" (OFFICIAL-SENSITIVE)" if tags["sensitive"] else "") + (" (confidential)" if tags["confidential"] else "")


def document_marking(objs, levels=()):
    """The marking a document holding these records (and quoting records at `levels`) carries."""
    sensitive = any(flags(o)["sensitive"] for o in objs) or any(lvl != Level.OFFICIAL for lvl in levels)
    return Level.SENSITIVE.value if sensitive else Level.OFFICIAL.value


def logged(content, obj):
    """Reads of what the public may not read are written to the access log."""
    return verdict(content, PUBLIC, obj) != SHOWN


def for_email(content, obj, text):
    """Email is an unprotected channel: it carries only what the public may read, else nothing (a link instead)."""
    return text if shown(content, PUBLIC, obj) else ""


# In the database ----------------------------------------------------------------------------------


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


def allowed_q(content, audience, *, prefix="", with_item=False, accept=(SHOWN,), confidential_field=True):
    """A filter for the rows of `content` that `audience` reads (an empty Q: all of them).

    `confidential_field` False for records that have a marking but no confidentiality of their own."""
    levels = [lvl for lvl in Level if content.verdict(audience, lvl) in accept]
    if len(levels) == len(Level):
        return Q()
    q = Q(pk__in=[])
    for lvl in levels:
        if not confidential_field and not with_item:
            if lvl == Level.CONFIDENTIAL:
                continue
            q |= Q(**{f"{prefix}marking": "official_sensitive" if lvl == Level.SENSITIVE else "official"})
        else:
            q |= level_q(lvl, prefix=prefix, with_item=with_item)
    return q


def known(answer):
    """A filter whose answer is known before the query: every row, or none (SQL leaves it out)."""
    return ~Q(pk__in=[]) if answer else Q(pk__in=[])


# Templates ----------------------------------------------------------------------------------------


class Viewer:
    """The roles of whoever reads a page, for templates: `viewer.is_admin`, `viewer.is_partner`."""

    def __init__(self, user):
        self.user = user

    @property
    def is_admin(self):
        return is_admin(self.user)

    @property
    def is_partner(self):
        return member_of(self.user) is not None

    @property
    def is_signed_in(self):
        return self.user is not None and self.user.is_authenticated


def context_processor(request):
    return {"viewer": Viewer(getattr(request, "user", None))}


# The table in docs/need-to-know.md ----------------------------------------------------------------

_WORDS = {SHOWN: "shown", EXEMPT: '"Exempt item" with its title', WITHHELD: "withheld"}


def _cell(content, audience):
    if audience.narrows is not None and audience not in content.verdicts:
        return f"as {audience.narrows}"
    by_level = {lvl: content.verdict(audience, lvl) for lvl in Level}
    verdicts = set(by_level.values())
    if len(verdicts) == 1:
        words = _WORDS[verdicts.pop()]
    else:
        words = "; ".join(f"{lvl.value}: {_WORDS[v]}" for lvl, v in by_level.items())
    note = content.notes.get(audience)
    return f"{words} ({note})" if note and words != "withheld" else words


def table_markdown():
    """docs/need-to-know.md, written from the registered rows (`manage.py need_to_know --write`)."""
    columns = audiences()
    lines = [
        "# Need to know: who reads what",
        "",
        "Generated from the rows each app registers with `common/need_to_know.py` by `manage.py need_to_know --write`;",
        "a test fails when it is out of date. Do not edit by hand: change the rows and run the command.",
        "",
        "Audiences:",
        "",
        *[f"- **{a}**: {a.description}." for a in columns],
        "",
        "A record's level is its own marking, raised by its agenda item's where it has one: OFFICIAL,",
        "OFFICIAL-SENSITIVE, or confidential (whatever its marking). Anything that quotes or links another record",
        "is read at that record's level, by that record's row, when it is read. An audience a row does not name",
        'reads it as the role it narrows ("as partner").',
        "",
        "| content | " + " | ".join(a.name for a in columns) + " | its level |",
        "|---|" + "---|" * (len(columns) + 1),
    ]
    for content in _contents:
        lines.append(f"| {content.name} | " + " | ".join(_cell(content, a) for a in columns) + f" | {content.graded} |")
    lines += ["", "Paths without a session (no sign-in, so no second factor):", ""]
    lines += [f"- **{path}**: {rule}" for path, rule in _sessionless]
    lines.append(
        "- **a management command** (`load_demo`): whoever can run it can read the database already; it acts for the"
        " admin it names as that admin would with the second factor (`need_to_know.at_the_console`)."
    )
    lines += [
        "",
        "Also decided here:",
        "",
        "- The owner of an action arising reads their own action on the site, whatever its item: they have to do it.",
        "- Email is an unprotected channel: every email carries only what the public column allows. An action under",
        "  an exempt item reaches its owner as a link to sign in, never its description.",
        "- Removing an agenda item is refused while decisions or actions arising are recorded under it: they keep",
        "  its level. Minutes notes already keep their item (an item in approved minutes stays on the agenda).",
        "- Board reports are the council's papers to the boards it reports to, in the council's committee format:",
        "  admins write, approve and send them. Partners read the plan and its progress they are drawn from on the",
        "  site itself; a report reaches them through the board that receives it.",
        "- Any change that narrows who may read something (an item made confidential or OFFICIAL-SENSITIVE, a paper",
        "  removed, an item deleted or moved) withdraws the generated PDFs at once and renders them again; until the",
        '  new file is ready the page says it is "being prepared".',
        "- Every uploaded PDF (papers, assurance evidence) is rewritten by `common/pdfclean.py` before it is stored,",
        "  and papers again as they are merged into a pack: nothing in it runs, submits, launches or carries a file.",
        "- Why not the `rules` package: its predicates answer for one object at a time; this table must also become",
        "  a database filter, so a list reads only what its reader may see in one query.",
        "",
    ]
    return "\n".join(lines)
