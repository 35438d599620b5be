"""What no view should do, stopped once for every view: a refusal answered as a 500, a form's work done twice.

`RefusalMiddleware`: a service refuses with a ValidationError; views catch it and put it on the form or in a
message. One a view forgot to catch would answer 500 and lose the reader's place: here it becomes the same error
message on the page they came from (the referring page on this site, else the home page), and a warning in the log
so it is fixed at its source.

`OnceMiddleware`: every POST form carries a one-time token (`{% once %}`, beside `{% csrf_token %}`). The token is
written, under a primary key, in the same transaction as whatever the view does, before the view runs. The same
form sent again (a double click, three parallel requests, the back button) finds the token taken: it waits for the
first to commit, then does nothing and goes where the first went, saying so. If the first failed with a server
error, its transaction took the token back with it. A form with no token (an old page, a script) is handled as
before.

`WorkWaitingMiddleware`: tells the person when what they just did is saved but its follow-on work waits for the
broker.
"""

import datetime
import logging
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from .tasks import collecting_waiting, stop_collecting, work_waiting

logger = logging.getLogger(__name__)
ONCE_FIELD = "once"
KEEP_TOKENS = datetime.timedelta(days=2)
WAITING_MESSAGE = (
    "Your change is saved. The emails or documents it starts are waiting for the background service, "
    "which cannot be reached just now: they will go out by themselves once it is back, within minutes."
)


def _back(request):
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        return "/"
    return back


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError) or request.method != "POST":
            return None
        logger.warning("A refusal reached no form: %s %s: %s", request.method, request.path, exception.messages)
        messages.error(request, " ".join(exception.messages))
        return redirect(_back(request))


def _token(request):
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(ONCE_FIELD, ""))
    except ValueError:
        return None


class OnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _token(request)
        if token is None:
            return self.get_response(request)
        from .models import FormSubmission

        with transaction.atomic():
            try:
                with transaction.atomic():
                    FormSubmission.objects.create(token=token, path=request.path[:300])
            except IntegrityError:
                # Sent before, and that sending has committed (the insert waited for it): do nothing again.
                first = FormSubmission.objects.filter(token=token).first()
                messages.info(request, "That form was sent more than once: it was acted on once, nothing more done.")
                return redirect(first.redirect_to if first and first.redirect_to else _back(request))
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # the view failed: nothing it did stays, nor the token
            elif response.status_code in (301, 302, 303) and response.has_header("Location"):
                FormSubmission.objects.filter(token=token).update(redirect_to=response["Location"][:2000])
            # A form shown again with its errors carries a new token: correcting it is a new sending.
            FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP_TOKENS).delete()
        return response


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
