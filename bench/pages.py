"""Pages: queries at demo size and at full scale, then p50/p95 over HTTP against the floor, and a load test.

Every page is measured as its readers get it: rendered afresh on each request (there is no HTML cache),
the admin's pages signed in as an admin, the partner's as a partner invited to the meeting.
Runs after the other figures because it adds the large data set (`load_scale`) to the database.
"""

import os

from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench import web

ORDER = 90
REQUESTS = 200
P50_LIMIT = 2.5
P95_LIMIT = 3.0
PASSWORD = "partnership-demo"
ADMIN = ("admin@example.org", PASSWORD)
PARTNERS = [("partner@example.org", PASSWORD), ("partner2@example.org", PASSWORD)]


def _meetings_and_plan(scale):
    from actionplans.models import ActionPlan
    from meetings.models import Meeting

    if scale:
        meeting = Meeting.objects.filter(group__name="Scale Board").order_by("-starts_at").first()
        plan = ActionPlan.objects.get(year_label="Scale")
    else:
        # The demo's newest meeting: not the scale data's, nor those the pdf and reminders figures made.
        demo = Meeting.objects.exclude(group__name="Scale Board").exclude(group__name__startswith="Bench ")
        meeting = demo.order_by("-starts_at").first()
        plan = ActionPlan.objects.exclude(year_label="Scale").order_by("-start_date").first()
    return meeting, plan


def _register(scale):
    """The agreed risk register: the scale data's 2,000 risks, or the demo's dozen."""
    from risks.models import RiskAssessment

    agreed = RiskAssessment.objects.filter(status="agreed")
    return (agreed.get(period_label="Scale") if scale else agreed.exclude(period_label="Scale").first()).pk


def _pages(scale):
    """{reader: [(figure name, path, floor table, floor rows)]} for each measured page."""
    meeting, plan = _meetings_and_plan(scale)
    register = _register(scale)
    # 30 items, 60 actions and the 20 soonest of the actions carried forward (invitees are on the attendance page)
    meeting_rows = 30 + 60 + 20
    return {
        ADMIN: [
            ("people_list", "/members/people/", "people", 50),
            ("meeting_page", f"/meetings/{meeting.pk}/", "meeting_items", meeting_rows),
            ("plan_page", f"/action-plans/{plan.pk}/", "actions", 500),
            ("admin_dashboard", "/", "people", 20),
            # a page of 50 risks, with both heat maps, the counts per theme and the checks over all 2,000
            ("risk_register", f"/risks/assessments/{register}/", "risks", 50),
        ],
        PARTNERS[0]: [
            # their next 5 meetings and 10 open actions, and their organisation's action counts
            ("partner_home", "/", "meeting_actions", 15),
            ("partner_meeting_page", f"/meetings/{meeting.pk}/", "meeting_items", meeting_rows),
            # the college's 200 risks and those its actions answer, 50 to a page, and every theme's counts
            ("partner_risk_register", f"/risks/assessments/{register}/", "risks", 50),
        ],
    }


def _invite_partners(scale):
    """Invite the partners to the measured meeting, as to their own board's: they see its confidential items."""
    from meetings.models import Invitation
    from members.models import User

    meeting, _ = _meetings_and_plan(scale)
    for email, _ in PARTNERS:
        person = User.objects.get(email=email).member
        Invitation.objects.get_or_create(meeting=meeting, person=person)


def _admin_backup_codes():
    """The admin sets up two-factor sign-in, as production requires: an authenticator and its backup codes, one
    for each sign-in the bench makes (the timed pages, and the load test's admin clients)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from members import two_factor
    from members.models import User

    admin = User.objects.get(email=ADMIN[0])
    TOTPDevice.objects.get_or_create(user=admin, name="Authenticator app", defaults={"confirmed": True})
    return two_factor.backup_codes_regenerate(user=admin)


def _signed_in_client(email):
    """A test client signed in as `email`; an admin with the second factor given, as the two-factor page does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from members.models import User

    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _query_counts(scale):
    counts = {}
    for reader, pages in _pages(scale).items():
        client = _signed_in_client(reader[0])
        for name, path, _, _ in pages:
            # Earlier figures may have filled the capped query log; counting needs room to grow.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, HTTP_HOST="127.0.0.1")
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            counts[name] = len(queries)
    return counts


def _timed_pages(host, rounds, backup_codes):
    """(name, floor summary, page summary) for each measured page, each timed in turns with its floor."""
    for reader, pages in _pages(scale=True).items():
        session = web.Session(host).sign_in(*reader, backup_codes=backup_codes.get(reader[0]))
        for name, path, table, rows in pages:
            floor_path = f"/bench/floor/{table}/{rows}"
            samples = web.time_side_by_side(session, [floor_path, path], rounds)
            yield name, web.summary(samples[floor_path]), web.summary(samples[path])


def run(report):
    with override_settings(DEBUG=True):  # the loaders refuse to run in production
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        backup_codes = {ADMIN[0]: _admin_backup_codes()}
        _invite_partners(scale=False)
        small = _query_counts(scale=False)
        call_command("load_scale", stdout=open(os.devnull, "w"))  # noqa: SIM115
    _invite_partners(scale=True)
    large = _query_counts(scale=True)
    for name in small:
        report.note(f"{name}: {small[name]} queries at demo size, {large[name]} at full scale")
        # A page may cost fewer queries with more rows (a different state), never more.
        report.add(f"queries_{name}_full_vs_demo", large[name] - small[name], "extra queries", 0)

    with web.gunicorn(workers=2) as host:
        for name, floor, page in _timed_pages(host, REQUESTS, backup_codes):
            report.note(
                f"{name}: p50 {page['p50']:.1f} ms (floor {floor['p50']:.1f}), "
                f"p95 {page['p95']:.1f} ms (floor {floor['p95']:.1f})"
            )
            report.add(f"page_{name}_p50_ratio", page["p50"] / floor["p50"], "x floor", P50_LIMIT)
            report.add(f"page_{name}_p95_ratio", page["p95"] / floor["p95"], "x floor", P95_LIMIT)

        admin_paths = [path for _, path, _, _ in _pages(scale=True)[ADMIN]]
        partner_paths = ["/", "/meetings/", "/action-plans/", "/members/directory/"]
        mix = [(ADMIN, admin_paths)] + [(partner, partner_paths) for partner in PARTNERS]
        result = web.load(host, mix, clients=20, seconds=30, backup_codes=backup_codes)
        report.note(f"load: {result['requests']} requests; first errors: {result['errors'][:3]}")
        report.add("load_errors", len(result["errors"]), "errors", 0)
        report.add("load_throughput", result["throughput"], "requests/s", float("inf"))
        report.add("load_p95", result["p95"], "ms", 5000)
