"""The agenda as officers expect it: new items before "Any other business", a pack that follows the time and place."""

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import GeneratedPdf, Meeting

from .factories import InvitationFactory, MainBoardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _meeting():
    start = timezone.now() + timezone.timedelta(days=20)
    return services.meeting_create(
        group=MainBoardFactory(), title="Spring board", starts_at=start, ends_at=start + timezone.timedelta(hours=2)
    )


def test_a_new_item_lands_before_any_other_business(admin_user):
    meeting = _meeting()
    services.agenda_item_add(meeting, title="Online safety and young people")
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles[-3:] == ["Online safety and young people", "Any other business", "Date of next meeting"]
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == list(
        range(1, len(titles) + 1)
    )


def test_the_published_agenda_pack_is_prepared_again_when_the_venue_or_time_changes(
    django_capture_on_commit_callbacks,
):
    meeting = _meeting()
    InvitationFactory(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_agenda(meeting)
    meeting.refresh_from_db()
    pack = GeneratedPdf.objects.get(meeting=meeting, kind="agenda_pack")
    assert pack.state == "ready"
    generation = pack.generation

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting, expected_version=meeting.version, venue="Guildhall, Room 4")

    pack.refresh_from_db()
    assert pack.generation == generation + 1
    assert pack.state == "ready"
    with pack.file.open("rb") as handle:
        text = documents_text(handle.read())
    assert "Guildhall, Room 4" in text
    assert Meeting.objects.get(pk=meeting.pk).venue == "Guildhall, Room 4"


def documents_text(content):
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
