"""Tells the person when what they just did is saved but its follow-on work waits for the broker."""

from django.contrib import messages

from .tasks import collecting_waiting, stop_collecting, work_waiting

WAITING_MESSAGE = (
    "Your change is saved. The emails or documents it starts are waiting for the background service, "
    "which cannot be reached just now: they will go out by themselves once it is back, within minutes."
)


class WorkWaitingMiddleware:
    """After the view: if a task could not be queued, a message says the work is recorded and will be done.

    Sits inside MessageMiddleware, so the message goes with this response (or the page it redirects to).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = collecting_waiting()
        try:
            response = self.get_response(request)
            if work_waiting() and hasattr(request, "_messages"):
                messages.warning(request, WAITING_MESSAGE)
            return response
        finally:
            stop_collecting(token)
