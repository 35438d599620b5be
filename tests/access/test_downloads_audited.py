"""Every download the public may not have leaves an access entry in the audit trail: found, not listed.

Every page of the access matrix and every link on them is opened as an admin and as a partner; each answer that
is a file (a PDF, a CSV, a workbook, a JSON export) and that an anonymous visitor does not get is a download of
what the public may not read, and must add an access entry naming who took it. The few that carry nothing of
the kind are listed below with the reason.
"""

import re

from auditlog.models import LogEntry
from django.test import Client

from meetings.models import Marking, Paper

from .crawl import crawl, is_download

# Downloads holding nothing OFFICIAL-SENSITIVE, confidential or personal: why each is not in the access log.
NOT_AUDITED = {
    ".ics": "a meeting's date, time and place as a calendar entry: what every invitee's email carries",
    "/meetings/calendar/feed/": "the same calendar entries as a feed, behind a secret link of the reader's own",
    "/import/template.csv": "the headings of an import file, and nothing else",
    "/members/organisations/export.csv": "member organisations are public facts (the public members page)",
    "/meetings/attendance/": "attendance totals by organisation, with no person named",
}


PAPER = re.compile(r"^/meetings/papers/(\d+)/$")


def _exempt(url):
    match = PAPER.match(url)
    if match:
        # An OFFICIAL paper of an open OFFICIAL item: the public agenda pack carries it. The others are checked.
        paper = Paper.objects.select_related("item").get(pk=match.group(1))
        item = paper.item
        open_paper = not (paper.is_confidential or item.is_confidential)
        return open_paper and paper.marking == item.marking == Marking.OFFICIAL
    return next((reason for part, reason in NOT_AUDITED.items() if part in url), None)


def test_every_download_the_public_may_not_have_is_in_the_access_log(world, client_for):
    anonymous = Client()
    anonymous.raise_request_exception = False
    checked, missing = [], []
    for role in ("admin", "partner_a"):
        user = world.users[role]
        client = client_for(role)
        before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=user).count()
        for url, response in crawl(world, client, role):
            after = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=user).count()
            logged, before = after > before, after
            if not is_download(response) or _exempt(url) or anonymous.get(url).status_code == 200:
                continue
            checked.append(url)
            if not logged:
                missing.append(f"{url} as {role} ({response['Content-Type']})")
    assert missing == [], "\n".join(missing)
    # The crawl reached the downloads the finding named, so the check above looked at them.
    for expected in ("/meetings/pdfs/", "/prevent-assurance/evidence/", "/return.xlsx", "/export.csv", "format=csv"):
        assert any(expected in url for url in checked), f"no download like {expected} was checked: {checked}"


def test_an_access_entry_says_who_took_which_full_pdf(world, client_for):
    pdf = world.pdfs["agenda_pack"]
    client_for("partner_a").get(f"/meetings/pdfs/{pdf.pk}/{pdf.filename}")
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.actor == world.users["partner_a"]
    assert entry.object_id == world.meeting.pk
    assert entry.changes_dict["accessed"][1] == f"downloaded the agenda pack PDF ({pdf.filename})"
