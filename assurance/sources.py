"""The records an assessment may cite as evidence, each read through its own visibility rule.

One `Source` per allowed model: how to find what a user may see, how to search it by text, how to
title it and where it lives. Linking, searching and showing evidence all ask here, so an evidence
link never reveals a record its reader may not see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from actionplans.models import Action, ActionPlan, BoardReport, ProgressUpdate
from meetings.models import Decision, Meeting, MinuteNote, MinutesVersion
from members.models import TermsOfReference


@dataclass(frozen=True)
class Source:
    label: str
    model: type
    visible: Callable  # user -> queryset
    search_fields: tuple
    url: Callable  # record -> path
    related: tuple = ()

    def search(self, user, text):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": text})
        return self.visible(user).filter(query).select_related(*self.related)


def _signed_in(user):
    return user.is_authenticated and (user.is_council_admin or user.is_partner)


def _minutes(user):
    return MinutesVersion.objects.visible_to(user)


SOURCES = {
    "members.termsofreference": Source(
        "Terms of Reference",
        TermsOfReference,
        lambda user: TermsOfReference.objects.all() if _signed_in(user) else TermsOfReference.objects.none(),
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
        lambda user: Decision.objects.filter(minutes_version__in=_minutes(user)),
        ("text", "item_title"),
        lambda r: reverse("meetings:minutes", args=[r.minutes_version.minutes.meeting_id]),
        ("minutes_version__minutes",),
    ),
    "meetings.minutenote": Source(
        "Minutes item",
        MinuteNote,
        lambda user: MinuteNote.objects.filter(minutes_version__in=_minutes(user)),
        ("text", "item_title"),
        lambda r: reverse("meetings:minutes", args=[r.minutes_version.minutes.meeting_id]),
        ("minutes_version__minutes",),
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
    ),
    "actionplans.boardreport": Source(
        "Board report",
        BoardReport,
        lambda user: (
            BoardReport.objects.all() if user.is_authenticated and user.is_council_admin else BoardReport.objects.none()
        ),
        ("item_title", "addressee", "summary"),
        lambda r: reverse("actionplans:board_report", args=[r.pk]),
    ),
}


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
        return f"Progress update {record.date:%-d %B %Y}: {record.narrative[:150]}"
    if isinstance(record, Meeting):
        return f"{record.title}, {record.starts_at:%-d %B %Y}"
    return str(record)[:300]


def visible_ids(user, evidence_rows):
    """{(content_type_id, object_id)} among the rows' linked records that `user` may see: one query per model."""
    wanted = {}
    for row in evidence_rows:
        if row.content_type_id:
            wanted.setdefault(row.content_type_id, set()).add(row.object_id)
    seen = set()
    for type_id, ids in wanted.items():
        source = source_for(ContentType.objects.get_for_id(type_id))
        if source is None:
            continue
        for pk in source.visible(user).filter(pk__in=ids).values_list("pk", flat=True):
            seen.add((type_id, pk))
    return seen
