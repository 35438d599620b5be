"""The records an assessment may cite as evidence, each read through its own visibility rule.

One `Source` per allowed model: how to find what a user may see, how to search it by text, how to
title it and where it lives. Linking, searching and showing evidence all ask here, so an evidence
link never reveals a record its reader may not see. Apps above assurance add theirs with `register_source`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format

from actionplans import policy as plan_policy
from actionplans.models import Action, ActionPlan, BoardReport, ProgressUpdate
from common import need_to_know
from meetings.models import Decision, Meeting, MinuteNote, MinutesVersion
from members import policy as member_policy
from members.models import TermsOfReference


@dataclass(frozen=True)
class Source:
    label: str
    model: type
    visible: Callable  # user -> queryset
    search_fields: tuple
    url: Callable  # record -> path
    related: tuple = ()
    graded_by: str = ""  # the relation whose level the record takes, when not its own (a plan action's update)

    def search(self, user, text):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": text})
        return self.visible(user).filter(query).select_related(*self.related)


def _by_role(content, model):
    """Records of a kind every reader of a role reads alike (its row in the table)."""

    def visible(user):
        return model.objects.all() if need_to_know.shown(content, need_to_know.role(user)) else model.objects.none()

    return visible


def _in_minutes(model):
    """Decisions and minutes notes: the minutes version the reader may read, then the record's own row at its
    item's level (a confidential item's decision only for admins and invitees)."""

    def visible(user):
        return model.objects.visible_to(user).filter(minutes_version__in=MinutesVersion.objects.visible_to(user))

    return visible


SOURCES = {
    "members.termsofreference": Source(
        "Terms of Reference",
        TermsOfReference,
        _by_role(member_policy.TERMS_OF_REFERENCE, TermsOfReference),
        ("body", "summary_of_changes", "approved_by"),
        lambda r: reverse("members:terms_version", args=[r.number]),
    ),
    "meetings.meeting": Source(
        "Meeting",
        Meeting,
        lambda user: Meeting.objects.visible_to(user),
        ("title",),
        lambda r: reverse("meetings:detail", args=[r.pk]),
    ),
    "meetings.decision": Source(
        "Decision in the minutes",
        Decision,
        _in_minutes(Decision),
        ("text", "item_title"),
        lambda r: reverse("meetings:minutes", args=[r.minutes_version.minutes.meeting_id]),
        ("minutes_version__minutes", "item"),
    ),
    "meetings.minutenote": Source(
        "Minutes item",
        MinuteNote,
        _in_minutes(MinuteNote),
        ("text", "item_title"),
        lambda r: reverse("meetings:minutes", args=[r.minutes_version.minutes.meeting_id]),
        ("minutes_version__minutes", "item"),
    ),
    "actionplans.actionplan": Source(
        "Partnership plan",
        ActionPlan,
        lambda user: ActionPlan.objects.visible_to(user),
        ("title", "year_label"),
        lambda r: reverse("actionplans:plan", args=[r.pk]),
    ),
    "actionplans.action": Source(
        "Partnership plan action",
        Action,
        lambda user: Action.objects.visible_to(user),
        ("description", "reference"),
        lambda r: reverse("actionplans:action", args=[r.pk]),
    ),
    "actionplans.progressupdate": Source(
        "Progress update",
        ProgressUpdate,
        lambda user: ProgressUpdate.objects.filter(action__in=Action.objects.visible_to(user)),
        ("narrative",),
        lambda r: reverse("actionplans:action", args=[r.action_id]),
        ("action",),
        "action",
    ),
    "actionplans.boardreport": Source(
        "Board report",
        BoardReport,
        _by_role(plan_policy.BOARD_REPORTS, BoardReport),
        ("item_title", "addressee", "summary"),
        lambda r: reverse("actionplans:board_report", args=[r.pk]),
    ),
}


def register_source(key, source):
    """For apps built on top of assurance (from their AppConfig.ready): another kind of record an assessment may cite,
    under its "app_label.modelname" key, read by its own rule like the rest."""
    SOURCES.setdefault(key, source)


def source_for(content_type):
    return SOURCES.get(f"{content_type.app_label}.{content_type.model}")


def key_of(record):
    meta = type(record)._meta
    return f"{meta.app_label}.{meta.model_name}"


def record_title(record):
    """A record as an evidence list names it (kept on the link, so the list needs no join per record)."""
    if isinstance(record, Decision):
        return f"Decision: {record.text[:200]}"
    if isinstance(record, MinuteNote):
        return f"Minutes: {record.item_title or 'item notes'}: {record.text[:150]}"
    if isinstance(record, ProgressUpdate):
        return f"Progress update {date_format(record.date)}: {record.narrative[:150]}"
    if isinstance(record, Meeting):
        return f"{record.title}, {date_format(record.starts_at)}"
    return str(record)[:300]


def linked_levels(evidence_rows, user=None):
    """{(content_type_id, object_id): Level} of the records the rows link that `user` may see (None: all of them),
    at their level as they are now. One query per model, whatever the number of rows."""
    wanted = {}
    for row in evidence_rows:
        if row.content_type_id:
            wanted.setdefault(row.content_type_id, set()).add(row.object_id)
    levels = {}
    for type_id, ids in wanted.items():
        source = source_for(ContentType.objects.get_for_id(type_id))
        if source is None:
            continue
        records = source.model.objects.all() if user is None else source.visible(user)
        for record in records.filter(pk__in=ids).select_related(*source.related):
            graded = getattr(record, source.graded_by) if source.graded_by else record
            levels[(type_id, record.pk)] = need_to_know.level(graded)
    return levels
