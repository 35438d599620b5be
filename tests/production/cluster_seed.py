"""The several-machines test's meeting: a scheduled board with partner A invited, a long agenda (so its pack takes
a few seconds to render, long enough to kill a worker in the middle) and a PDF paper, stored in the bucket through
the app's own upload path. Run as `python -m tests.production.cluster_seed SEED_JSON OUT_JSON` after the seed."""

import json
import os
import sys
from pathlib import Path


def main(seed_path, out_path):
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from meetings import services
    from members.models import User
    from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory
    from tests.pdfs import blank_pdf

    seed = json.loads(Path(seed_path).read_text())
    partner = User.objects.get(email=seed["emails"]["partner_a"])
    meeting = MeetingFactory(status="scheduled", title="Board on two machines")
    InvitationFactory(meeting=meeting, person=partner.person)
    for position in range(1, 41):
        AgendaItemFactory(
            meeting=meeting,
            position=position,
            title=f"Item {position}",
            description=" ".join(["The partnership reviewed the training offer for schools."] * 12),
        )
    first = meeting.items.order_by("position").first()
    paper = services.paper_upload(
        item=first,
        upload=SimpleUploadedFile("plan.pdf", blank_pdf(), content_type="application/pdf"),
        title="Delivery plan",
        marking="official",
        is_confidential=False,
        confidential_reason="",
    )
    with open(out_path, "w") as out:
        json.dump(
            {
                "meeting": meeting.pk,
                "meeting_url": reverse("meetings:detail", args=[meeting.pk]),
                "publish_url": reverse("meetings:publish", args=[meeting.pk]),
                "paper_key": paper.file.name,
            },
            out,
        )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    main(sys.argv[1], sys.argv[2])
