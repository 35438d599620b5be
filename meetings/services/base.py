"""What the meetings services share: a request that came twice, and which minutes are final."""

from django.utils import timezone

from ..models import MinutesVersion

FINAL_MINUTES = (MinutesVersion.Status.APPROVED, MinutesVersion.Status.LOCKED)


class AlreadyDone(Exception):
    """The same request came twice (a double click, a resent form): the first did the work, this one did nothing.

    Not an error for the person who sent it: views show the message as information.
    """


def _at(moment):
    return timezone.localtime(moment).strftime("%H:%M") if moment else "just now"
