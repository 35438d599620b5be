"""Personal calendar feeds: the page that hands out a private URL, and the feed it serves."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.access import partner_required, public

from .. import calendar, services
from ..models import CalendarFeed, Meeting


@partner_required
def calendar_feed(request):
    if request.method == "POST":
        services.calendar_feed_reset(request.user)
        messages.success(request, _("Your calendar address has been changed. The old address no longer works."))
        return redirect("meetings:calendar_feed")
    feed = services.calendar_feed_for(request.user)
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token]))
    return render(
        request, "meetings/calendar_feed.html", {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
    )


@public
def feed(request, token):
    feed_obj = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = feed_obj.user
    if not user.is_active:
        raise Http404
    meetings = Meeting.objects.in_calendar_feed_of(user).select_related("group")
    since = timezone.now() - datetime.timedelta(days=400)
    body = calendar.feed_ics(
        meetings.filter(starts_at__gte=since).distinct(), name=f"{settings.PARTNERSHIP_NAME} meetings"
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
