"""What no view should let through, caught once for every view.

A service refuses with a ValidationError; views catch it and put it on the form or in a message. One a view forgot
to catch would answer 500 and lose the reader's place: here it becomes the same error message on the page they
came from (the referring page on this site, else the home page), and a warning in the log so it is fixed at
its source.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


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
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            back = "/"
        return redirect(back)
