"""The Channel panel's meetings hold metadata only: the date, the quorum, which agencies attended. Case content
belongs in the national Channel case system, so whatever would carry it is refused for the panel's meetings where
it is saved: an agenda item's description (titles stay), papers, the minutes' notes and general notes, decisions and
actions. Connected as pre_save signals from `DutyReturnsConfig.ready`: the meetings app is not edited, and its views
show the refusal on the form like any other rule of its services (a ValidationError inside their transaction)."""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save

from meetings.models import AgendaItem, Decision, Meeting, MeetingAction, MinuteNote, Minutes, MinutesVersion, Paper

from .models import ChannelPanel

REFUSED = (
    "The Channel panel's meetings record only the date, the quorum and which agencies attended. {what} would hold "
    "case content, which belongs in the national Channel case system, not here."
)


def _is_panel(meetings):
    return ChannelPanel.objects.filter(group__in=Meeting.objects.filter(pk__in=meetings).values("group_id")).exists()


def _refuse(what, field=None):
    message = REFUSED.format(what=what)
    raise ValidationError({field: message} if field else message)


def _item(sender, instance, **kwargs):
    if instance.description.strip() and _is_panel([instance.meeting_id]):
        _refuse("A description of the item", "description")


def _paper(sender, instance, **kwargs):
    if _is_panel(AgendaItem.objects.filter(pk=instance.item_id).values("meeting_id")):
        _refuse("A paper")


def _note(sender, instance, **kwargs):
    if instance.text.strip() and _is_panel(AgendaItem.objects.filter(pk=instance.item_id).values("meeting_id")):
        _refuse("A note of the discussion")


def _version(sender, instance, **kwargs):
    if instance.summary.strip() and _is_panel(Minutes.objects.filter(pk=instance.minutes_id).values("meeting_id")):
        _refuse("General notes", "summary")


def _decision(sender, instance, **kwargs):
    versions = MinutesVersion.objects.filter(pk=instance.minutes_version_id).values("minutes__meeting_id")
    if _is_panel(versions):
        _refuse("A decision")


def _action(sender, instance, **kwargs):
    if instance._state.adding and _is_panel([instance.meeting_id]):
        _refuse("An action")


def connect():
    for model, check in (
        (AgendaItem, _item),
        (Paper, _paper),
        (MinuteNote, _note),
        (MinutesVersion, _version),
        (Decision, _decision),
        (MeetingAction, _action),
    ):
        pre_save.connect(check, sender=model, dispatch_uid=f"dutyreturns.panel_metadata.{model.__name__}")
